"""The browsable API page renders the OpenAPI 3.1 document, offline."""

from __future__ import annotations

import pytest
import requests

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.live, pytest.mark.browser]


def test_the_docs_page_lists_every_operation_and_loads_nothing_from_elsewhere(live_server, page):
    server = live_server(workers=1)
    document = requests.get(f"{server.url}/api/v1/openapi.json", timeout=10).json()
    operations = sum(
        1
        for item in document["paths"].values()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    )
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    screenshot(page, "api-docs")

    assert "Unable to render this definition" not in page.content()
    assert page.locator(".opblock").count() == operations
    assert page.locator(".info .title").inner_text().startswith("CaseCrowd")
    assert page.get_by_text("/api/v1/cases/{case_id}", exact=True).first.is_visible()
    outside = [url for url in requested if not url.startswith(server.url)]
    assert outside == []
