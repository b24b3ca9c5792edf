"""Shared fixtures for the browser tests (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import pytest

from tests import site_support as site


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (never a downloaded browser), headless, one per test module."""
    from playwright import sync_api as playwright_sync

    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=site.chromium_path(), args=site.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url():
    """The built site (``site.HTML_DIR``) served on 127.0.0.1."""
    with site.serve(site.HTML_DIR) as url:
        yield url


@pytest.fixture()
def page(browser):
    """A fresh browser context and page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def case():
    """The validated case data (read once per session; tests must not modify it)."""
    from casebook.data import load_case

    return load_case()
