"""Settings: from initializationOptions and workspace/configuration, applied without a restart."""

import pytest_lsp
from lsp_session import (
    FAKE_SERVER,
    READY,
    SERVER_ENV,
    initialize_params,
    open_document,
    wait_for_log,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

FAKE = ClientServerConfig(server_command=FAKE_SERVER, server_env=SERVER_ENV)


@pytest_lsp.fixture(config=FAKE)
async def configured_client(lsp_client: LanguageClient):
    options = {"snippetLens": {"unknownThreshold": 0.95, "threads": "lots"}}
    await lsp_client.initialize_session(initialize_params("neovim", **options))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=FAKE)
async def push_client(lsp_client: LanguageClient):
    """A client that cannot answer workspace/configuration: settings come with the notification."""
    capabilities = client_capabilities("neovim")
    capabilities.workspace.configuration = False
    await lsp_client.initialize_session(types.InitializeParams(capabilities=capabilities))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


async def engine_settings(client):
    state = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="fakeEngine.state"))
    return state["settings"]


async def hover_text(client, uri):
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)
        )
    )
    return hover.contents.value


async def test_initialization_options_configure_the_engine(configured_client: LanguageClient):
    assert (await engine_settings(configured_client))["unknown_threshold"] == 0.95


async def test_invalid_initialization_option_is_logged_and_ignored(configured_client: LanguageClient):
    message = await wait_for_log(configured_client, "snippetLens.threads must be")
    assert message.type == types.MessageType.Warning
    assert (await engine_settings(configured_client))["runtime"]["intra_op_threads"] == 1


async def test_changed_configuration_is_pulled_and_applied(fake_client: LanguageClient):
    open_document(fake_client, "file:///src/a.txt", "def f(): pass", "plaintext")
    fake_client.set_configuration({"unknownThreshold": 0.95, "threads": 2}, section="snippetLens")
    fake_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_log(fake_client, "'unknownThreshold': 0.95")
    settings = await engine_settings(fake_client)
    assert (settings["unknown_threshold"], settings["runtime"]["intra_op_threads"]) == (0.95, 2)
    hover = await hover_text(fake_client, "file:///src/a.txt")
    assert hover.startswith("**Language:** unknown  \n**Best guesses:** `python` 90%")


async def test_pushed_settings_apply_when_the_client_cannot_be_asked(push_client: LanguageClient):
    push_client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"snippetLens": {"unknownThreshold": 0.8}})
    )
    await wait_for_log(push_client, "'unknownThreshold': 0.8")
    assert (await engine_settings(push_client))["unknown_threshold"] == 0.8
