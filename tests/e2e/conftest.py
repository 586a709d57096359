"""Browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

Screenshots go to test-artifacts/ (ignored by git). Without /usr/bin/chromium the tests are
skipped locally and fail in CI (CI=true), where .ci/run installs it.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import csp
from .csp import ARTIFACTS

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run while
# one is running unless told it is safe (the live server runs in its own thread anyway).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A desktop page. Every Content Security Policy violation it meets fails the test: the policy
    allows no inline script or style, so one would mean a page that is broken for users."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = csp.watch(page)
    yield page
    context.close()
    csp.assert_none(violations)


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/<name>.png and return its path."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
