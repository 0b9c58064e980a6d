"""A real VS Code (code-server) with the packaged extension, driven in Debian's Chromium by Playwright.

``CodeServer`` runs one code-server with its own user data (settings) on a free port; ``Workbench``
is one browser page on it and does what a user does: Quick Open, select with the keyboard, the
command palette, the hover and quick-fix keys, and reads back what the workbench shows. Every wait
is bounded by ``WAIT_S``; a failing test leaves a screenshot under ``$SNIPPET_LENS_SCREENSHOTS``
(default: the test's temporary folder) and says where.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from editor_session import ROOT, SERVER

CODE_SERVER_VERSION = "4.100.3"
CODE_SERVER_HOME = Path(
    os.environ.get("SNIPPET_LENS_CODE_SERVER_HOME")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "snippet-lens"
    / f"code-server-{CODE_SERVER_VERSION}"
)
CODE_SERVER = CODE_SERVER_HOME / "node_modules" / ".bin" / "code-server"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXTENSION = ROOT / "editors" / "vscode"
STATUS_ID = "snippet-lens.snippet-lens.snippetLens.status"
WAIT_S = 60
"""Upper bound for one step: the workbench loading, the server starting, one answer showing."""
MS = WAIT_S * 1000
USER_SETTINGS = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "security.workspace.trust.enabled": False,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "update.mode": "none",
    "editor.hover.delay": 100,
    "editor.lightbulb.enabled": "off",
    "files.autoSave": "off",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class CodeServer:
    """One code-server process: its own settings, the shared extensions folder, a free port."""

    def __init__(self, home: Path, extensions: Path, settings: dict[str, Any]) -> None:
        self.home = home
        self.extensions = extensions
        self.user_data = home / "user-data"
        self.port = free_port()
        self.log = home / "code-server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.write_settings(settings)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def settings_file(self) -> Path:
        return self.user_data / "User" / "settings.json"

    def write_settings(self, settings: dict[str, Any]) -> None:
        self.settings_file.parent.mkdir(parents=True, exist_ok=True)
        self.settings_file.write_text(json.dumps({**USER_SETTINGS, **settings}, indent=2))

    def command(self, *args: str) -> list[str]:
        return [
            str(CODE_SERVER),
            "--user-data-dir",
            str(self.user_data),
            "--extensions-dir",
            str(self.extensions),
            *args,
        ]

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "XDG_CONFIG_HOME": str(self.home / "config"),
            "XDG_DATA_HOME": str(self.home / "data"),
        }

    def start(self) -> None:
        argv = self.command(
            "--auth",
            "none",
            "--bind-addr",
            f"127.0.0.1:{self.port}",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-workspace-trust",
            "--disable-getting-started-override",
        )
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=self.home,  # never the test process's own, which an earlier test may have removed
                env=self.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.wait_until_serving()

    def wait_until_serving(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1):
                    return
            except OSError:
                try:  # a bounded wait that also notices an early exit
                    self.process.wait(timeout=0.2)
                    raise RuntimeError(
                        f"code-server exited with {self.process.returncode}:\n{self.log.read_text()[-3000:]}"
                    )
                except subprocess.TimeoutExpired:
                    pass
        raise RuntimeError(f"code-server did not answer within {WAIT_S} s:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def language_servers(self) -> list[int]:
        """The pids of the Snippet Lens servers this code-server's extension hosts started."""
        assert self.process is not None
        return [pid for pid in descendants(self.process.pid) if "lsp_server" in cmdline(pid)]

    def extension_log(self) -> str:
        """The extension's output channel ("Snippet Lens"), as the workbench wrote it to disk."""
        logs = sorted((self.user_data / "logs").glob("*/exthost*/snippet-lens.snippet-lens/*.log"))
        return "\n".join(path.read_text(errors="replace") for path in logs)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def install_extension(vsix: Path, extensions: Path, home: Path) -> None:
    server = CodeServer(home, extensions, {})
    result = subprocess.run(
        server.command("--install-extension", str(vsix)),
        cwd=home,
        env=server.environment(),
        capture_output=True,
        text=True,
        timeout=WAIT_S,
        check=False,
    )
    if result.returncode != 0 or "successfully installed" not in result.stdout:
        raise RuntimeError(f"installing {vsix.name} failed:\n{result.stdout}\n{result.stderr}")


def build_vsix() -> Path:
    """The .vsix as users get it: ``npm ci`` (unless node_modules is newer than the lock file) and
    ``npm run package`` in editors/vscode."""
    npm = shutil.which("npm")
    assert npm is not None
    env = {**os.environ, "PYTHON": os.environ.get("PYTHON", _python())}
    installed = EXTENSION / "node_modules" / ".package-lock.json"
    fresh = installed.is_file() and installed.stat().st_mtime >= (EXTENSION / "package-lock.json").stat().st_mtime
    steps = (
        [["run", "package"]] if fresh else [["ci", "--no-audit", "--no-fund", "--loglevel=error"], ["run", "package"]]
    )
    for step in steps:
        result = subprocess.run(
            [npm, *step], cwd=EXTENSION, env=env, capture_output=True, text=True, timeout=10 * WAIT_S, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"npm {' '.join(step)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return EXTENSION / "snippet-lens-0.1.0.vsix"


def _python() -> str:
    return SERVER[0]


class Workbench:
    """One Chromium page on a code-server: what a user sees and types."""

    def __init__(self, page: Any, server: CodeServer) -> None:
        self.page = page
        self.server = server

    def open_folder(self, folder: Path, query: str = "") -> None:
        self.page.goto(f"{self.server.url}/?folder={folder}{query}")
        self.page.wait_for_selector(".monaco-workbench .part.editor", timeout=MS)

    def open_file(self, name: str) -> None:
        """Quick Open (Ctrl+P), the file's name, Enter; waits until its editor has focus."""
        self.page.locator(".monaco-workbench .part.editor").click()
        self.page.keyboard.press("Control+P")
        self.page.wait_for_selector(".quick-input-widget .quick-input-box input", state="visible", timeout=MS)
        self.page.keyboard.type(name)
        self.page.wait_for_selector(f".quick-input-list .monaco-list-row[aria-label*='{name}']", timeout=MS)
        self.page.keyboard.press("Enter")
        self.page.wait_for_selector(f".tab.active[aria-label*='{name}']", timeout=MS)
        self.page.wait_for_selector(".monaco-editor.focused", timeout=MS)

    def wait_until_ready(self) -> str:
        """The status-bar item's text and tooltip once they say the server is ready."""
        self.page.wait_for_function(
            f"document.getElementById({STATUS_ID!r})?.getAttribute('aria-label')?.includes('Ready')",
            timeout=MS,
        )
        return str(self.page.locator(f"[id={STATUS_ID!r}]").get_attribute("aria-label"))

    def status(self) -> str:
        return str(self.page.locator(f"[id={STATUS_ID!r}]").get_attribute("aria-label"))

    def go_to(self, line: int, column: int = 1) -> None:
        """Ctrl+G: the cursor to ``line`` (1-based), then to ``column`` with the arrow key."""
        self.page.keyboard.press("Control+G")
        self.page.wait_for_selector(".quick-input-widget .quick-input-box input", state="visible", timeout=MS)
        self.page.keyboard.type(f"{line}:{column}")
        self.page.keyboard.press("Enter")
        self.page.wait_for_selector(".quick-input-widget", state="hidden", timeout=MS)

    def select_lines(self, first: int, last: int) -> None:
        """Selects lines ``first``-``last`` (1-based, whole lines) from the bottom up, so the cursor
        ends where they start."""
        self.go_to(last)
        self.page.keyboard.press("End")
        for _ in range(last - first):
            self.page.keyboard.press("Shift+ArrowUp")
        self.page.keyboard.press("Shift+Home")
        self.page.keyboard.press("Shift+Home")  # the first press stops at the indentation

    def hover(self, timeout_s: float = WAIT_S) -> str:
        """Ctrl+K Ctrl+I (Show or Focus Hover) at the cursor; the hover's text once it has content."""
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("Control+K")
        self.page.keyboard.press("Control+I")
        hover = self.page.locator(".monaco-hover-content").filter(has_text="Language")
        hover.first.wait_for(timeout=timeout_s * 1000)
        return str(hover.first.inner_text())

    def hover_until(self, wanted: Callable[[str], bool]) -> str:
        """Hovers again (each wait 5 s) until the hover's text is ``wanted``, for at most ``WAIT_S``."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        deadline = time.monotonic() + WAIT_S
        shown = ""
        while time.monotonic() < deadline:
            try:
                shown = self.hover(timeout_s=5)
            except PlaywrightTimeout:
                continue
            if wanted(shown):
                return shown
            self.page.keyboard.press("Escape")
            self.page.wait_for_selector(".monaco-hover-content", state="hidden", timeout=MS)
        raise AssertionError(f"no hover as wanted within {WAIT_S} s; the last one:\n{shown}")

    def focus_editor(self) -> None:
        self.page.keyboard.press("Escape")
        self.page.locator(".part.editor .monaco-editor .view-lines").first.click()

    def line(self, number: int) -> str:
        """The text of line ``number`` (1-based) as the editor renders it."""
        rows = self.page.locator(".part.editor .monaco-editor .view-line")
        tops = rows.evaluate_all("rows => rows.map(r => [parseFloat(r.style.top), r.textContent])")
        texts = [text.replace("\u00a0", " ") for _, text in sorted(tops)]
        return texts[number - 1] if number <= len(texts) else ""

    def wait_for_line(self, number: int, starting: str) -> str:
        """Waits until line ``number`` starts with ``starting``; its text."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self._wait_for_line(number, starting)
        except PlaywrightTimeout:
            toasts = self.page.locator(".notifications-toasts").inner_text()
            raise AssertionError(
                f"line {number} never started with {starting!r}: it reads {self.line(number)!r}; "
                f"notifications: {toasts!r}"
            ) from None
        return self.line(number)

    def _wait_for_line(self, number: int, starting: str) -> None:
        self.page.wait_for_function(
            """([number, starting]) => {
                const rows = [...document.querySelectorAll('.part.editor .monaco-editor .view-line')]
                    .map(r => [parseFloat(r.style.top), r.textContent.replace(/\u00a0/g, ' ')])
                    .sort((a, b) => a[0] - b[0]);
                return rows.length >= number && rows[number - 1][1].startsWith(starting);
            }""",
            arg=[number, starting],
            timeout=MS,
        )

    def close_hover(self) -> None:
        self.page.keyboard.press("Escape")
        self.page.wait_for_selector(".monaco-hover-content", state="hidden", timeout=MS)

    def run_command(self, title: str) -> None:
        """F1, the command's title, Enter."""
        self.page.keyboard.press("F1")
        self.page.wait_for_selector(".quick-input-widget .quick-input-box input", state="visible", timeout=MS)
        self.page.keyboard.type(title)
        self.page.wait_for_selector(f".quick-input-list .monaco-list-row[aria-label*={json.dumps(title)}]", timeout=MS)
        self.page.keyboard.press("Enter")

    def notification(self, containing: str) -> str:
        toast = self.page.locator(".notifications-toasts .notification-toast").filter(has_text=containing)
        toast.first.wait_for(timeout=MS)
        return str(toast.first.inner_text())

    def save(self) -> None:
        self.page.keyboard.press("Control+S")
        self.page.wait_for_selector(".tab.active.dirty", state="detached", timeout=MS)

    def problems(self, containing: str) -> str:
        """Ctrl+Shift+M (the Problems panel); the row that contains ``containing``."""
        self.page.keyboard.press("Control+Shift+M")
        row = self.page.locator(".markers-panel .monaco-list-row").filter(has_text=containing)
        row.first.wait_for(timeout=MS)
        return str(row.first.inner_text())

    def quick_fix(self, title: str) -> None:
        """Ctrl+. at the cursor, then the action with ``title``. VS Code answers "No code actions
        available" when the answer was superseded by a newer request; then Ctrl+. again, as a user would."""
        rows = self.page.locator(".action-widget .monaco-list-row.action")
        none = self.page.locator(".monaco-editor-overlaymessage").filter(has_text="No code actions available")
        deadline = time.monotonic() + WAIT_S
        while True:
            self.page.locator(".monaco-editor textarea").first.focus()
            self.page.keyboard.press("Control+.")
            rows.filter(has_text=title).or_(none).first.wait_for(timeout=MS)
            if rows.filter(has_text=title).count() or time.monotonic() > deadline:
                break
            self.page.keyboard.press("Escape")
            none.first.wait_for(state="hidden", timeout=MS)
        rows.filter(has_text=title).first.wait_for(timeout=MS)
        for _ in range(rows.count()):
            if title in str(self.page.locator(".action-widget .monaco-list-row.focused").get_attribute("aria-label")):
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Enter")
        self.page.wait_for_selector(".action-widget", state="hidden", timeout=MS)

    def toggle_setting(self, key: str) -> None:
        """The Settings editor (Ctrl+,), searched for ``key``; clicks its checkbox and closes it."""
        self.page.keyboard.press("Control+,")
        search = self.page.locator(
            ".settings-editor .suggest-input-container textarea, .settings-editor .search-container input"
        )
        search.first.wait_for(timeout=MS)
        search.first.fill(key)
        checkbox = self.page.locator(".settings-editor .setting-item-bool [role=checkbox]")
        checkbox.first.wait_for(timeout=MS)
        before = checkbox.first.get_attribute("aria-checked")
        checkbox.first.click()
        self.page.wait_for_function(
            """before => document.querySelector('.settings-editor .setting-item-bool [role=checkbox]')
                ?.getAttribute('aria-checked') !== before""",
            arg=before,
            timeout=MS,
        )
        self.page.keyboard.press("Control+W")


@contextmanager
def screenshot_on_failure(page: Any, path: Path) -> Iterator[None]:
    try:
        yield
    except BaseException:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        print(f"screenshot of the workbench: {path}")
        raise
