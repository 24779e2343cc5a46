"""Browser fixtures: Debian's Chromium through Playwright's sync API, and a local HTTP server.

`browser` (per module) → `new_page(**context_options)` / `page` (one context per test). Each page
collects `page.console_errors` (console errors and uncaught exceptions), `page.http_errors`
("404 URL"), `page.failed_requests` (network failures other than a navigation's cancellations) and
`page.blocked_requests` (anything not on 127.0.0.1, file: or data: is refused: the site must work
offline). A failing test leaves a screenshot in test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = "apt-get install -y chromium fonts-wqy-microhei"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    setattr(item, f"report_{report.when}", report)  # read by `new_page` to screenshot failures
    return report


def _missing(what: str) -> None:
    """Fail in CI (the browser tests must run there), skip on a developer machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}; install it with: {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{what}; install it with: {INSTALL_HINT}")


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module.

    Module, not session, scope: one thread can run only one Playwright sync instance at a time, so
    a module that starts its own `sync_playwright()` must not overlap with ours.
    """
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is missing (python3 -m pip install -r requirements-dev.txt)")
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def artifacts_dir() -> Path:
    """test-artifacts/ (gitignored), for screenshots a test wants to keep."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., object]]:
    """Factory: `new_page(viewport={"width": 375, "height": 812})` → a page in a fresh context."""
    contexts = []

    def make(**options):
        options = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai",
                   "viewport": {"width": 1280, "height": 900}, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.console_errors = []
        page.failed_requests = []
        page.blocked_requests = []
        page.http_errors = []

        def on_console(message) -> None:
            if message.type == "error":
                page.console_errors.append(message.text)

        def on_failed(request) -> None:
            if request.failure != "net::ERR_ABORTED":  # a navigation cancelled it: not a fault
                page.failed_requests.append(f"{request.url} {request.failure}")

        def on_response(response) -> None:
            if response.status >= 400:
                page.http_errors.append(f"{response.status} {response.url}")

        def guard(route) -> None:
            parts = urlsplit(route.request.url)
            if parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                page.blocked_requests.append(route.request.url)
                route.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda error: page.console_errors.append(f"uncaught: {error}"))
        page.on("requestfailed", on_failed)
        page.on("response", on_response)
        context.route("**/*", guard)
        contexts.append((context, page))
        return page

    yield make

    failed = getattr(request.node, "report_call", None)
    for number, (context, page) in enumerate(contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
            except Exception:  # a crashed page must not hide the real failure
                pass
        context.close()


@pytest.fixture
def page(new_page):
    """A fresh desktop-sized page (zh-CN locale) per test."""
    return new_page()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".css": "text/css",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Factory: `serve(folder)` → "http://127.0.0.1:PORT/" serving that folder until the session ends."""
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def start(folder: Path) -> str:
        folder = Path(folder).resolve()
        if folder not in servers:
            handler = functools.partial(_QuietHandler, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, name=f"serve {folder}", daemon=True).start()
            servers[folder] = (server, f"http://127.0.0.1:{server.server_address[1]}/")
        return servers[folder][1]

    yield start
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(serve, built_site) -> str:
    """Base URL (ending in "/") of the session's built site, served over HTTP."""
    return serve(built_site.site)


@pytest.fixture(scope="session")
def unzip_copy(tmp_path_factory) -> Callable[[Path], Path]:
    """Factory: `unzip_copy(site)` → the site packed by the build's own zip writer and unpacked again
    into a fresh folder, as a reader opens it from file://."""
    from generator.infra.output import write_zip

    def unzip(site: Path) -> Path:
        tmp = tmp_path_factory.mktemp("unzipped")
        write_zip(site, tmp / "site.zip")  # every entry under site/
        with zipfile.ZipFile(tmp / "site.zip") as archive:
            archive.extractall(tmp / "unzipped")
        return tmp / "unzipped" / "site"

    return unzip
