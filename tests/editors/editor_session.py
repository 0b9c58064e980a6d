"""What the real-editor tests share: the server command, the documents, and running one editor.

Each test runs one editor process on one scenario (``neovim/scenarios.lua``, ``emacs/scenarios.el``)
against the real server and reads back, as JSON, what the editor showed. Every wait is bounded
three times: inside the script (``WAIT_S`` per step), by a watchdog in the script (the whole run),
and here (``RUN_LIMIT_S``), where a hung editor is killed and the test fails with its output.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent
SERVER = [sys.executable, "-m", "lsp_server"]
MODEL = ROOT / "models" / "langid" / "langid.onnx"
WAIT_S = 20
NO_DESCRIPTION = "gives no description for this snippet"
"""Upper bound for one step inside an editor (server start, one request, one edit)."""
RUN_LIMIT_S = 4 * WAIT_S
"""Upper bound for a whole editor run; the script's own watchdog fires at three times WAIT_S."""

FIBONACCI = "def fibonacci(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n"
PYTHON_NOTES = f"# Notes\n\nThe loop I keep forgetting:\n{FIBONACCI}and that is all.\n"
"""Python lines 4-8 inside Markdown prose: only the model can tell."""
SHELL_NOTES = "# Notes\n\nTo start:\n#!/bin/sh\necho hi\n"
"""Shell lines 4-5 inside Markdown prose: the shebang tells, with or without the model."""
SHELL_README = "# Setup\n\nRun this:\n\n```\n#!/bin/sh\necho hello\n```\n"
"""An unlabeled fence opening on line 5."""
PYTHON_README = f"# Tool\n\nRun it like this:\n\n```\nimport sys\n\n{FIBONACCI}```\n"
FENCE_TO_LABEL = "# Notes\n\n```\n#!/bin/sh\necho hi\n```\n"
"""A fence on line 3 whose label is being typed."""
TOOL_PY = "x = 1\ny = x + 1\n"


def require_editor(program: str, package: str) -> str:
    """The editor's path; skipped without it, but a failure when the environment variable CI is set."""
    path = shutil.which(program)
    if path is None:
        missing(f"{program} is not installed (Debian package {package})")
    return str(path)


def missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, so this test must run here", pytrace=False)
    pytest.skip(reason)


def run_editor(
    argv: list[str], scenario: str, document: Path, lines: tuple[int, int] | None = None, **env: str
) -> dict[str, Any]:
    """Run ``argv`` on ``scenario`` with ``document``; the JSON the script wrote."""
    result_path = document.with_name(f"{scenario}.result.json")
    run_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SNIPPET_LENS_SCENARIO": scenario,
        "SNIPPET_LENS_FILE": str(document),
        "SNIPPET_LENS_SERVER": json.dumps(SERVER),
        "SNIPPET_LENS_RESULT": str(result_path),
        "SNIPPET_LENS_LINES": ",".join(map(str, lines or (1, 1))),
        **env,
    }
    process = subprocess.Popen(
        argv,
        cwd=document.parent,
        env=run_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=RUN_LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        pytest.fail(f"{Path(argv[0]).name} hung for more than {RUN_LIMIT_S} s in {scenario!r}:\n{output[-3000:]}")
    if not result_path.is_file():
        pytest.fail(
            f"{Path(argv[0]).name} exited with {process.returncode} in {scenario!r} without a result:\n{output[-3000:]}"
        )
    result: dict[str, Any] = json.loads(result_path.read_text())
    if "error" in result:
        pytest.fail(f"{Path(argv[0]).name} in {scenario!r}: {result['error']}\n{output[-3000:]}")
    return result


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path
