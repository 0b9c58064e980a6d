"""A start without models: the server warns once and keeps answering from cheap signals."""

import atexit
import shutil
import tempfile

import pytest_lsp
from lsp_session import EDITORS, READY, REAL_SERVER, SERVER_ENV, initialize_params, open_document, wait_for_log
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

EMPTY_MODELS_DIR = tempfile.mkdtemp(prefix="snippet-lens-no-models-")
atexit.register(shutil.rmtree, EMPTY_MODELS_DIR, True)
NO_MODELS_SERVER = [*REAL_SERVER, "serve", "--models-dir", EMPTY_MODELS_DIR]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=NO_MODELS_SERVER, server_env=SERVER_ENV), params=EDITORS)
async def client_without_models(request, lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params(request.param))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


def hover_params(uri):
    return types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=0)
    )


async def test_missing_models_are_shown_once_as_a_warning(client_without_models: LanguageClient):
    open_document(client_without_models, "untitled:1", "#!/bin/sh\necho hi\n", "plaintext")
    await client_without_models.text_document_hover_async(hover_params("untitled:1"))
    await client_without_models.text_document_hover_async(hover_params("untitled:1"))
    [shown] = [m for m in client_without_models.messages if "manifest.json" in m.message]
    assert shown.type == types.MessageType.Warning
    assert EMPTY_MODELS_DIR in shown.message


async def test_server_without_models_still_answers_from_the_shebang(client_without_models: LanguageClient):
    open_document(client_without_models, "untitled:1", "#!/bin/sh\necho hi\n", "plaintext")
    hover = await client_without_models.text_document_hover_async(hover_params("untitled:1"))
    assert hover.contents.value.startswith("**Language:** `shellscript` (100%, from the shebang line)")
