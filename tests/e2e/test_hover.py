"""Hover: the snippet under the cursor, as the engine sees it."""

import pytest_lsp
from lsp_session import FAKE_SERVER, SERVER_ENV, encoding_of, open_document, wait_for_log
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

FIBONACCI = """def fibonacci(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a"""
NOTES = f"# Notes\n\nThe loop I keep forgetting:\n{FIBONACCI}\nand that is all.\n"


def hover_params(uri, line, character):
    return types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)
    )


async def report_selection(client, uri, start, end):
    """What VS Code does on every selection change."""
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=start, end=end),
        context=types.CodeActionContext(diagnostics=[], trigger_kind=types.CodeActionTriggerKind.Automatic),
    )
    await client.text_document_code_action_async(params)


async def state(client):
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(command="fakeEngine.state"))


async def test_hover_on_a_selection_describes_the_selection(client: LanguageClient):
    uri = "file:///notes/loops.md"
    open_document(client, uri, NOTES, "markdown")
    selection = types.Range(start=types.Position(line=3, character=0), end=types.Position(line=7, character=12))
    await report_selection(client, uri, selection.start, selection.end)
    hover = await client.text_document_hover_async(hover_params(uri, 5, 4))
    assert "`python`" in hover.contents.value
    assert hover.range == selection


async def test_hover_in_a_python_file_names_python_from_the_file_name(client: LanguageClient):
    uri = "file:///src/tool.py"
    open_document(client, uri, "x = 1\ny = x + 1\n", "python")
    hover = await client.text_document_hover_async(hover_params(uri, 1, 2))
    assert hover.contents.value.startswith("**Language:** `python` (100%, from the file name)")


async def test_hover_on_markdown_prose_is_empty(fake_client: LanguageClient):
    uri = "file:///notes/loops.md"
    open_document(fake_client, uri, NOTES, "markdown")
    assert await fake_client.text_document_hover_async(hover_params(uri, 2, 4)) is None


async def test_hover_in_a_labeled_fence_passes_its_label_and_nothing_else(fake_client: LanguageClient):
    uri = "file:///notes/fence.md"
    open_document(fake_client, uri, "Text\n\n```rs\nlet x = 1;\n```\n", "markdown")
    hover = await fake_client.text_document_hover_async(hover_params(uri, 3, 2))
    [call] = (await state(fake_client))["calls"]
    assert (call["text"], call["language_hint"], call["path"]) == ("let x = 1;", "rust", None)
    assert hover.range == types.Range(
        start=types.Position(line=3, character=0), end=types.Position(line=3, character=10)
    )


async def test_selection_in_markdown_is_analyzed_without_the_document_language(fake_client: LanguageClient):
    uri = "file:///notes/loops.md"
    open_document(fake_client, uri, NOTES, "markdown")
    await report_selection(fake_client, uri, types.Position(line=3, character=4), types.Position(line=3, character=13))
    await fake_client.text_document_hover_async(hover_params(uri, 3, 6))
    [call] = (await state(fake_client))["calls"]
    assert (call["text"], call["language_hint"], call["path"]) == ("fibonacci", None, None)


async def test_empty_selection_report_forgets_the_selection(fake_client: LanguageClient):
    uri = "file:///src/a.txt"
    open_document(fake_client, uri, "def f(): pass\nprint(f)", "plaintext")
    await report_selection(fake_client, uri, types.Position(line=0, character=0), types.Position(line=0, character=3))
    await report_selection(fake_client, uri, types.Position(line=0, character=1), types.Position(line=0, character=1))
    hover = await fake_client.text_document_hover_async(hover_params(uri, 0, 1))
    assert hover.range.end == types.Position(line=1, character=8)


async def test_whole_document_block_passes_path_and_language_id(fake_client: LanguageClient):
    uri = "file:///src/query.sql"
    open_document(fake_client, uri, "SELECT 1;\n", "sql")
    await fake_client.text_document_hover_async(hover_params(uri, 0, 0))
    [call] = (await state(fake_client))["calls"]
    assert (call["path"], call["language_hint"]) == ("/src/query.sql", "sql")


async def test_plaintext_language_id_is_not_passed_as_a_hint(fake_client: LanguageClient):
    uri = "untitled:Untitled-1"
    open_document(fake_client, uri, "SELECT 1;\n", "plaintext")
    await fake_client.text_document_hover_async(hover_params(uri, 0, 0))
    [call] = (await state(fake_client))["calls"]
    assert call["language_hint"] is None


def plaintext_only_capabilities() -> types.ClientCapabilities:
    capabilities = client_capabilities("neovim")
    capabilities.text_document.hover.content_format = [types.MarkupKind.PlainText]
    return capabilities


@pytest_lsp.fixture(config=ClientServerConfig(server_command=FAKE_SERVER, server_env=SERVER_ENV))
async def plaintext_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=plaintext_only_capabilities()))
    yield
    await lsp_client.shutdown_session()


async def test_hover_is_plain_text_for_clients_without_markdown(plaintext_client: LanguageClient):
    uri = "file:///src/a.txt"
    open_document(plaintext_client, uri, "def f(): pass", "plaintext")
    hover = await plaintext_client.text_document_hover_async(hover_params(uri, 0, 0))
    value = "Language: python (90%)\nDescription: Computes a value from its arguments."
    assert hover.contents == types.MarkupContent(kind=types.MarkupKind.PlainText, value=value)


async def test_hover_can_be_turned_off(fake_client: LanguageClient):
    fake_client.set_configuration({"enableHover": False}, section="snippetLens")
    fake_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    open_document(fake_client, "file:///src/a.py", "def f(): pass", "python")
    await wait_for_log(fake_client, "'enableHover': False")
    assert await fake_client.text_document_hover_async(hover_params("file:///src/a.py", 0, 0)) is None


EMOJI_LINE = 'x = "😋é"; def f(): pass'
COLUMN_OF_DEF = {"utf-16": 11, "utf-8": 14, "utf-32": 10}


async def test_selection_columns_are_read_in_the_negotiated_encoding(fake_client: LanguageClient):
    uri = "file:///src/emoji.txt"
    open_document(fake_client, uri, EMOJI_LINE, "plaintext")
    column = COLUMN_OF_DEF[encoding_of(fake_client)]
    start, end = types.Position(line=0, character=column), types.Position(line=0, character=column + 3)
    await report_selection(fake_client, uri, start, end)
    hover = await fake_client.text_document_hover_async(hover_params(uri, 0, column + 1))
    [call] = (await state(fake_client))["calls"]
    assert (call["text"], hover.range) == ("def", types.Range(start=start, end=end))
