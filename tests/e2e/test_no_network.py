"""Nothing leaves the machine: a whole session using every feature makes no network call."""

import os
import sys
from pathlib import Path

import pytest_lsp
from lsp_session import SERVER_ENV, initialize_params, open_document, wait_for_diagnostics, wait_for_log
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from test_hover import hover_params, report_selection

NETWORK_LOG = Path(os.environ.get("TMPDIR", "/tmp")) / f"snippet-lens-network-{os.getpid()}.log"
AUDITED = [sys.executable, str(Path(__file__).with_name("audited_server.py"))]
CODE = "import requests\n\n\ndef fetch(url):\n    response = requests.get(url)\n\n    return response.json()\n"
NOTES = "# Notes\n\n```\nfor x in range(3):\n    print(x)\n```\n\n```\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=AUDITED,
                                              server_env={**SERVER_ENV, "SNIPPET_LENS_NETWORK_LOG": str(NETWORK_LOG)}))
async def audited_client(lsp_client: LanguageClient):
    NETWORK_LOG.unlink(missing_ok=True)
    await lsp_client.initialize_session(initialize_params("visual_studio_code"))
    await wait_for_log(lsp_client, "Snippet Lens ready")
    yield
    await lsp_client.shutdown_session()


async def test_a_session_using_every_feature_makes_no_network_call(audited_client: LanguageClient):
    code_uri, notes_uri = "file:///src/fetch.py", "file:///notes/notes.md"
    open_document(audited_client, code_uri, CODE, "python")
    open_document(audited_client, notes_uri, NOTES, "markdown")
    await wait_for_diagnostics(audited_client, notes_uri)
    assert await audited_client.text_document_hover_async(hover_params(code_uri, 5, 0))
    await report_selection(audited_client, code_uri, types.Position(line=3, character=0),
                           types.Position(line=6, character=26))
    actions = await audited_client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=code_uri),
        range=types.Range(start=types.Position(line=3, character=0), end=types.Position(line=6, character=26)),
        context=types.CodeActionContext(diagnostics=[], trigger_kind=types.CodeActionTriggerKind.Invoked)))
    assert actions
    await audited_client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=notes_uri), position=types.Position(line=7, character=3)))
    await audited_client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="snippetLens.describe", arguments=[{"uri": code_uri}]))
    assert not NETWORK_LOG.exists() or NETWORK_LOG.read_text() == ""
