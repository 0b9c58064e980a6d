"""The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), as a user drives it.

Each test gets a fresh code-server with its own settings and a workspace folder, installs nothing
(the .vsix is built and installed once per session) and talks to the real server and models.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from editor_session import SERVER, SHELL_README
from workbench import Workbench

FETCH = (
    "import json\n"
    "import urllib.request\n"
    "\n"
    "\n"
    "def fetch_json(url):\n"
    "    with urllib.request.urlopen(url) as response:\n"
    "        return json.loads(response.read())\n"
)
"""A Python function on lines 5-7 that the tagger calls http-client and json."""


def workspace(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "workspace"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def open_document(workbench: Workbench, tmp_path: Path, name: str, text: str) -> Path:
    folder = workspace(tmp_path, name, text)
    workbench.open_folder(folder)
    workbench.open_file(name)
    workbench.wait_until_ready()
    return folder / name


def hover_tags(shown: str) -> set[str]:
    """The tags of a hover's ``Tags:`` line, in whatever order the tagger ranks them."""
    line = next((line for line in shown.splitlines() if line.startswith("Tags: ")), "")
    return set(line.removeprefix("Tags: ").split())


def test_status_bar_says_ready_with_the_server_it_runs_once_the_models_answer(workbench, tmp_path):
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.go_to(6)
    workbench.hover()
    status = workbench.wait_until_ready()
    assert status.startswith("check  Snippet Lens, Ready: ")
    assert " -m lsp_server (from setting snippetLens.server.command)" in status


def test_hover_on_a_selected_function_shows_language_tags_and_description(workbench, tmp_path):
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.select_lines(5, 7)
    shown = workbench.hover()
    assert shown.startswith("Language: python (100%")
    assert {"#http-client", "#json"} <= hover_tags(shown)
    assert "Description: " in shown


def test_describe_selection_shows_language_and_description_in_a_notification(workbench, tmp_path):
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.select_lines(5, 7)
    workbench.run_command("Snippet Lens: Describe Selection")
    shown = workbench.notification("Selection: ")
    summary = shown[shown.index("Selection: ") :]
    assert summary.startswith("Selection: python, 100% (")
    assert summary.split("). ", 1)[1].strip()  # the description


def test_insert_description_writes_a_comment_above_the_selection(workbench, tmp_path):
    path = open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.select_lines(5, 7)
    workbench.run_command("Snippet Lens: Insert Description")
    workbench.wait_for_line(5, "# ")
    workbench.save()
    lines = path.read_text().splitlines()
    assert lines[4].startswith("# ") and len(lines[4]) > len("# x")
    assert lines[5:] == FETCH.splitlines()[4:]


def test_unlabeled_fence_is_a_problem_whose_quick_fix_labels_it(workbench, tmp_path):
    path = open_document(workbench, tmp_path, "README.md", SHELL_README)
    assert "Code fence has no language label" in workbench.problems("Code fence has no language label")
    workbench.focus_editor()
    workbench.go_to(5, 2)
    workbench.quick_fix("Label code fence as shellscript")
    workbench.wait_for_line(5, "```shellscript")
    workbench.save()
    assert path.read_text() == SHELL_README.replace("```\n#!", "```shellscript\n#!")


def test_turning_tags_off_in_the_settings_changes_the_hover_without_a_restart(workbench, code_server, tmp_path):
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.go_to(6)
    assert "#http-client" in hover_tags(workbench.hover())
    servers = code_server.language_servers()
    workbench.toggle_setting("snippetLens.enableTags")
    workbench.focus_editor()
    workbench.go_to(6)
    shown = workbench.hover_until(lambda text: "Tags:" not in text)
    assert shown.startswith("Language: python")
    assert "Description: " in shown
    assert code_server.language_servers() == servers


def test_a_killed_server_is_started_again_and_answers(workbench, code_server, tmp_path):
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.go_to(6)
    workbench.hover()
    [killed] = code_server.language_servers()
    os.kill(killed, signal.SIGKILL)
    shown = workbench.hover_until(lambda text: "#http-client" in hover_tags(text))
    assert shown.startswith("Language: python")
    [started] = code_server.language_servers()
    assert started != killed
    assert workbench.wait_until_ready().startswith("check  Snippet Lens, Ready: ")


def test_the_log_shows_the_servers_messages_at_their_level_and_the_trace_when_asked(workbench, code_server, tmp_path):
    code_server.write_settings({"snippetLens.server.command": SERVER, "snippetLens.trace.server": "messages"})
    open_document(workbench, tmp_path, "fetch.py", FETCH)
    workbench.go_to(6)
    workbench.hover()
    log = code_server.extension_log().splitlines()
    assert [line for line in log if line.endswith("[info] Snippet Lens ready")]
    assert [line for line in log if "[error]" in line] == []  # stderr lines are shown as errors
    assert [line for line in log if "Sending request 'textDocument/hover" in line]
