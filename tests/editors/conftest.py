"""Fixtures of the real-editor tests: the editors, and the trained model some assertions need."""

import subprocess

import pytest
from editor_session import MODEL, ROOT, WAIT_S, missing, require_editor

EGLOT_CHECK = """(progn (unless (locate-library "eglot") (package-initialize))
                     (princ (if (locate-library "eglot") "yes" "no")))"""


@pytest.fixture(scope="session")
def nvim() -> str:
    return require_editor("nvim", "neovim")


@pytest.fixture(scope="session")
def emacs() -> str:
    program = require_editor("emacs", "emacs-nox")
    found = subprocess.run(
        [program, "--batch", "--eval", EGLOT_CHECK], capture_output=True, text=True, timeout=WAIT_S, check=False
    )
    if found.stdout.strip() != "yes":
        missing("Eglot is not installed for Emacs (Debian package elpa-eglot)")
    return program


@pytest.fixture
def trained_model() -> None:
    """For assertions only the trained language model can satisfy."""
    if not MODEL.is_file():
        missing(f"the trained model {MODEL.relative_to(ROOT)} is not there yet")
