"""The one list of feature modules: what each offers, and that none imports what gathers it."""

from __future__ import annotations

import inspect

from casecrowd import config, features
from tests.imports import imported_names

# They import the feature modules; a feature importing them back is a cycle.
GATHERERS = {"casecrowd.config", "casecrowd.bootstrap", "casecrowd.features", "casecrowd.app"}


def test_every_feature_module_offers_settings_or_keys():
    for module in features.FEATURES:
        assert hasattr(module, "SETTINGS") or hasattr(module, "generate_keys"), module.__name__


def test_no_feature_module_imports_the_configuration_or_init():
    for module in features.FEATURES:
        assert not imported_names(inspect.getsource(module)) & GATHERERS, module.__name__


def test_the_registry_is_the_core_settings_and_every_features():
    keys = [setting.key for setting in config.CORE_SETTINGS]
    keys += [setting.key for setting in features.settings()]
    assert list(config.registry()) == keys
    assert "issuer.retry_window_seconds" in features.retired()
