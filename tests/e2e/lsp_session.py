"""What the end-to-end tests share: server commands, editors, and helpers for a pytest-lsp client."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

from lsp_server.server.positions import LineIndex, choose_position_encoding

ROOT = Path(__file__).resolve().parents[2]
EDITORS = ["visual_studio_code", "neovim", "emacs"]
WAIT_S = 30.0
"""Upper bound for anything a test waits on; a healthy server answers in far less."""

SERVER_ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
READY = "Snippet Lens ready"
"""Logged once the engine is loaded and the first settings applied."""
REAL_SERVER = [sys.executable, "-m", "lsp_server"]
FAKE_SERVER = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]


def initialize_params(editor: str, **options: Any) -> types.InitializeParams:
    return types.InitializeParams(capabilities=client_capabilities(editor), initialization_options=options or None)


def open_document(client: LanguageClient, uri: str, text: str, language_id: str, version: int = 1) -> None:
    item = types.TextDocumentItem(uri=uri, language_id=language_id, version=version, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))


async def open_and_wait_for_diagnostics(
    client: LanguageClient, uri: str, text: str, language_id: str
) -> types.PublishDiagnosticsParams:
    """Open a document and return the diagnostics the server publishes for it."""
    open_document(client, uri, text, language_id)
    return await wait_for_diagnostics(client, uri)


async def wait_for_diagnostics(client: LanguageClient, uri: str) -> types.PublishDiagnosticsParams:
    async def next_for_uri() -> types.PublishDiagnosticsParams:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri:
                return params

    return await asyncio.wait_for(next_for_uri(), WAIT_S)


async def wait_for_log(client: LanguageClient, needle: str) -> types.LogMessageParams:
    """The first ``window/logMessage`` containing ``needle``, waiting for it if needed."""
    return await wait_for_message(client, types.WINDOW_LOG_MESSAGE, client.log_messages, needle)


async def wait_for_shown(client: LanguageClient, needle: str) -> types.ShowMessageParams:
    """The first ``window/showMessage`` containing ``needle``, waiting for it if needed."""
    return await wait_for_message(client, types.WINDOW_SHOW_MESSAGE, client.messages, needle)


async def wait_for_message(client: LanguageClient, method: str, received: list[Any], needle: str) -> Any:
    async def scan() -> Any:
        while not any(needle in m.message for m in received):
            await client.wait_for_notification(method)
        return next(m for m in received if needle in m.message)

    return await asyncio.wait_for(scan(), WAIT_S)


def encoding_of(client: LanguageClient) -> str:
    """The position encoding the server picks for this client (test_initialize checks it advertises it)."""
    general = client.capabilities.general if client.capabilities else None
    return choose_position_encoding(general.position_encodings if general else None)


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        return [e for change in edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list((edit.changes or {}).get(uri, []))


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """``text`` after ``edits`` (positions in ``encoding``), applied back to front."""
    index = LineIndex(text)
    spans = sorted(((*index.offsets(e.range, encoding), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        text = text[:start] + new_text + text[end:]
    return text
