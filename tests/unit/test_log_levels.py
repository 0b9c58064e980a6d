"""Which log records reach stderr: clients (VS Code, Neovim) show every stderr line as an error."""

import logging
from collections.abc import Iterator

import pytest

from lsp_server.cli import setup_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    root, server = logging.getLogger(), logging.getLogger("lsp_server")
    handlers, level, server_level = root.handlers[:], root.level, server.level
    yield
    root.handlers[:], root.level = handlers, level
    server.setLevel(server_level)


def test_info_of_the_server_stays_off_stderr_at_the_default_level(restored_logging, capsys):
    setup_logging(None, "WARNING")
    logging.getLogger("lsp_server").setLevel(logging.INFO)  # what forwarding to window/logMessage does
    logging.getLogger("lsp_server.server.lifecycle").info("models ready")
    logging.getLogger("lsp_server.server.lifecycle").warning("a model is missing")
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].endswith("WARNING lsp_server.server.lifecycle: a model is missing")


def test_info_reaches_stderr_when_asked_for(restored_logging, capsys):
    setup_logging(None, "INFO")
    logging.getLogger("lsp_server").setLevel(logging.INFO)
    logging.getLogger("lsp_server.server.lifecycle").info("models ready")
    assert capsys.readouterr().err.rstrip().endswith("INFO lsp_server.server.lifecycle: models ready")
