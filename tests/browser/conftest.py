"""A real browser for pages people read: Debian's Chromium driven by Playwright.

Nothing here downloads a browser. ``CASECROWD_TEST_CHROMIUM`` may name
another binary; a missing one fails the test instead of skipping it, so a
machine without a browser cannot pass the page tests by accident.
Screenshots land in ``build/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import PROJECT_ROOT

CHROMIUM = os.environ.get("CASECROWD_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = PROJECT_ROOT / "build" / "screenshots"
# Headless, as root in CI, and silent: with background networking on,
# Chromium keeps calling out to hosts this machine cannot and must not reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
