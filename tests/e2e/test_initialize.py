import pytest
import pytest_lsp
from lsp_session import EDITORS, REAL_SERVER, SERVER_ENV, initialize_params
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

ENCODINGS = {"visual_studio_code": "utf-16", "neovim": "utf-8", "emacs": "utf-32"}


@pytest_lsp.fixture(config=ClientServerConfig(server_command=REAL_SERVER, server_env=SERVER_ENV))
async def bare_client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize("editor", EDITORS)
async def test_initialize_advertises_every_feature(bare_client, editor):
    result = await bare_client.initialize_session(initialize_params(editor))
    capabilities = result.capabilities
    assert result.server_info.name == "snippet-lens"
    assert capabilities.hover_provider
    kinds = (types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite)
    assert capabilities.code_action_provider.code_action_kinds == kinds
    assert capabilities.completion_provider.trigger_characters == ("`", ":", " ", ",", '"', "#", "/", "*")
    assert capabilities.execute_command_provider.commands == ("snippetLens.describe",)
    assert capabilities.text_document_sync.open_close and capabilities.text_document_sync.change


@pytest.mark.parametrize("editor", EDITORS)
async def test_initialize_picks_the_clients_first_supported_position_encoding(bare_client, editor):
    result = await bare_client.initialize_session(initialize_params(editor))
    assert result.capabilities.position_encoding == ENCODINGS[editor]
