"""Descriptions guided by similar documented code: an undocumented function in an open project borrows
the summary of a documented one (its name's words swapped), and a description the model is not sure
enough of is not shown."""

import pytest_lsp
from lsp_session import READY, REAL_SERVER, SERVER_ENV, initialize_params, open_document, wait_for_log
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient
from test_hover import hover_params

REAL = ClientServerConfig(server_command=REAL_SERVER, server_env=SERVER_ENV)

CONFIG = '''import json


def load_config(path):
    """Load the config file from the given path."""
    with open(path, encoding="utf-8") as handle:
        config = json.load(handle)
    return validate_config(config)
'''
SETTINGS = """import json


def load_settings(path):
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle)
    return validate_settings(settings)
"""


async def describe_at(client, uri, line, character):
    cursor = {"line": line, "character": character}
    arguments = {"uri": uri, "range": {"start": cursor, "end": cursor}}
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="snippetLens.describe", arguments=[arguments])
    )


async def test_an_undocumented_function_borrows_the_summary_of_a_documented_one_in_the_project(
    client: LanguageClient,
):
    open_document(client, "file:///project/settings.py", SETTINGS, "python")
    alone = await describe_at(client, "file:///project/settings.py", 4, 8)
    assert alone["description_source"] == "model" and "description_exemplar" not in alone

    open_document(client, "file:///project/config.py", CONFIG, "python")
    guided = await describe_at(client, "file:///project/settings.py", 4, 8)
    assert guided["description_source"] == "exemplar"
    assert guided["description_exemplar"]["origin"] == "workspace"
    assert guided["description_exemplar"]["name"] == "load_config"
    assert guided["description"] == "Load the settings file from the given path."
    assert 0 < guided["description_confidence"] <= 1
    hover = await client.text_document_hover_async(hover_params("file:///project/settings.py", 5, 8))
    assert "Load the settings file from the given path." in hover.contents.value
    assert "load_config" in hover.contents.value


async def test_closing_the_documented_file_forgets_its_functions(client: LanguageClient):
    open_document(client, "file:///project/config.py", CONFIG, "python")
    open_document(client, "file:///project/settings.py", SETTINGS, "python")
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri="file:///project/config.py"))
    )
    after = await describe_at(client, "file:///project/settings.py", 4, 8)
    assert after["description_source"] == "model" and "description_exemplar" not in after


async def start_with_minimum(client: LanguageClient, minimum: float) -> None:
    await client.initialize_session(initialize_params("neovim", snippetLens={"minDescriptionConfidence": minimum}))
    await wait_for_log(client, READY)


@pytest_lsp.fixture(config=REAL)
async def demanding_client(lsp_client: LanguageClient):
    """Asks for descriptions nothing reaches: every one is withheld."""
    await start_with_minimum(lsp_client, 0.999)
    yield
    await lsp_client.shutdown_session()


async def test_a_description_below_the_minimum_confidence_is_not_shown(demanding_client: LanguageClient):
    uri = "file:///project/settings.py"
    open_document(demanding_client, uri, SETTINGS, "python")
    hover = await demanding_client.text_document_hover_async(hover_params(uri, 5, 8))
    assert "python" in hover.contents.value
    assert "Description" not in hover.contents.value
    answer = await describe_at(demanding_client, uri, 4, 8)
    assert answer["description"] is None and 0 < answer["description_confidence"] < 0.999


@pytest_lsp.fixture(config=REAL)
async def permissive_client(lsp_client: LanguageClient):
    """A minimum of 0: every snippet gets a sentence."""
    await start_with_minimum(lsp_client, 0)
    yield
    await lsp_client.shutdown_session()


async def test_with_a_minimum_of_zero_the_same_hover_has_a_description(permissive_client: LanguageClient):
    uri = "file:///project/settings.py"
    open_document(permissive_client, uri, SETTINGS, "python")
    hover = await permissive_client.text_document_hover_async(hover_params(uri, 5, 8))
    assert "Description" in hover.contents.value
