"""Fixtures of the VS Code tests: the packaged extension, a code-server per test, a Chromium page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from editor_session import SERVER, missing
from workbench import CHROMIUM, CHROMIUM_ARGS, CODE_SERVER, CodeServer, Workbench, build_vsix, install_extension

INSTALL = "tests/editors/vscode/install.sh"


@pytest.fixture(scope="session")
def vscode_tools() -> None:
    """code-server, Chromium, Playwright and npm, as tests/editors/vscode/install.sh installs them."""
    if not CODE_SERVER.is_file():
        missing(f"code-server is not installed in {CODE_SERVER.parents[2]} (run {INSTALL})")
    if not CHROMIUM.is_file():
        missing(f"Chromium is not installed (Debian package chromium; run {INSTALL})")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing(f"Playwright for Python is not installed in this interpreter (run {INSTALL} $(which python))")
    if shutil.which("npm") is None:
        missing("npm is not installed; it builds the extension")


@pytest.fixture(scope="session")
def extensions(vscode_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An extensions folder holding the .vsix built from editors/vscode, installed as users install it."""
    folder = tmp_path_factory.mktemp("extensions")
    install_extension(build_vsix(), folder, tmp_path_factory.mktemp("install"))
    return folder


@pytest.fixture(scope="module")
def browser(vscode_tools: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def code_server(extensions: Path, tmp_path: Path) -> Iterator[CodeServer]:
    server = CodeServer(tmp_path / "code-server", extensions, {"snippetLens.server.command": SERVER})
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workbench(
    browser: Any, code_server: CodeServer, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Workbench]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    yield Workbench(page, code_server)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = Path(os.environ.get("SNIPPET_LENS_SCREENSHOTS") or tmp_path)
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{request.node.name}.png"
        page.screenshot(path=str(shot))
        print(f"\nscreenshot of the workbench: {shot}\nthe extension's log:\n{code_server.extension_log()[-4000:]}")
    page.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.rep_call = report  # type: ignore[attr-defined]
    return report
