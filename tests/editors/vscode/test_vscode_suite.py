"""The extension's own mocha suite (editors/vscode/src/test/integration) inside a real VS Code.

code-server opens the workbench with the extension in development mode and the suite as its tests
(the ``payload`` query VS Code's web test runner uses); the workbench reports the suite's exit code
through ``codeAutomationExit``, which the page calls when the suite ends.
"""

from __future__ import annotations

import json
import urllib.parse

from editor_session import SERVER
from workbench import EXTENSION, MS, CodeServer

EXIT_HOOK = """
const exit = window.codeAutomationExit;
window.codeAutomationExit = async (code, ...rest) => { window.snippetLensExit = code; return exit(code, ...rest); };
"""


def test_the_extensions_mocha_suite_passes_in_code_server(vscode_tools, extensions, browser, tmp_path):
    # extensions: the suite needs the compiled out/ that building the .vsix leaves behind
    server = CodeServer(tmp_path / "code-server", tmp_path / "no-extensions", {"snippetLens.server.command": SERVER})
    server.start()
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    try:
        page.expose_function("codeAutomationExit", lambda code, *rest: None)
        page.add_init_script(EXIT_HOOK)
        remote = f"vscode-remote://127.0.0.1:{server.port}"
        payload = [
            ["extensionDevelopmentPath", f"{remote}{EXTENSION}"],
            ["extensionTestsPath", f"{remote}{EXTENSION}/out/test/integration/suite/index"],
        ]
        folder = EXTENSION / "test-fixtures" / "workspace"
        query = urllib.parse.urlencode({"folder": str(folder), "payload": json.dumps(payload)})
        page.goto(f"{server.url}/?{query}")
        page.wait_for_function("window.snippetLensExit !== undefined", timeout=3 * MS)
        code = page.evaluate("window.snippetLensExit")
        assert code == 0, "the suite failed:\n" + "\n".join(console[-80:])
        assert any("passing" in line for line in console), "\n".join(console[-80:])
    finally:
        page.close()
        server.stop()
