"""Bad input gets sensible answers: binary text, a 5 MB document, positions out of range, unknown URIs."""

from lsp_session import open_and_wait_for_diagnostics, open_document
from lsprotocol import types
from pytest_lsp import LanguageClient

FIVE_MB_LINES = 270_000  # "value = compute(n)\n" is 19 characters: about 5.1 MB


def position(line, character):
    return types.Position(line=line, character=character)


def document(uri):
    return types.TextDocumentIdentifier(uri=uri)


async def describe(client, uri, range_=None):
    arguments = [{"uri": uri, "range": range_}]
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="snippetLens.describe", arguments=arguments)
    )


async def test_nul_text_is_described_as_binary(client: LanguageClient):
    uri = "file:///tmp/blob.bin"
    open_document(client, uri, "\x00\x01\x02PNG\x00\x00IHDR\x00", "plaintext")
    hover = await client.text_document_hover_async(types.HoverParams(document(uri), position(0, 1)))
    result = await describe(client, uri)
    assert "binary data" in hover.contents.value
    assert (result["language"], result["source"]) == ("unknown", "binary")


async def test_hover_in_a_5mb_document_analyzes_a_bounded_block(client: LanguageClient):
    uri = "file:///big/generated.txt"
    open_document(client, uri, "value = compute(n)\n" * FIVE_MB_LINES, "plaintext")
    hover = await client.text_document_hover_async(types.HoverParams(document(uri), position(150_000, 3)))
    assert hover.range.start.line <= 150_000 <= hover.range.end.line
    assert hover.range.end.line - hover.range.start.line + 1 == 200


async def test_5mb_markdown_document_gets_its_diagnostics(client: LanguageClient):
    text = "# Dump\n\n```\n" + "value = compute(n)\n" * FIVE_MB_LINES + "```\n"
    published = await open_and_wait_for_diagnostics(client, "file:///big/dump.md", text, "markdown")
    assert [d.range.start.line for d in published.diagnostics] == [2]


async def test_out_of_range_positions_are_clamped_to_the_document_end(client: LanguageClient):
    uri = "file:///src/short.txt"
    open_document(client, uri, "x = 1\ny = 2", "plaintext")
    hover = await client.text_document_hover_async(types.HoverParams(document(uri), position(10**6, 10**6)))
    assert hover.range == types.Range(start=position(0, 0), end=position(1, 5))


async def test_out_of_range_requests_in_markdown_answer_nothing(client: LanguageClient):
    uri = "file:///docs/short.md"
    open_document(client, uri, "```\nx = 1\n```", "markdown")
    far = types.Range(start=position(500, 0), end=position(900, 9))
    context = types.CodeActionContext(diagnostics=[])
    completion = await client.text_document_completion_async(types.CompletionParams(document(uri), far.end))
    actions = await client.text_document_code_action_async(types.CodeActionParams(document(uri), far, context))
    assert (completion, actions) == (None, None)


async def test_unknown_document_uri_answers_null(client: LanguageClient):
    uri = "file:///never/opened.md"
    here = types.Range(start=position(0, 0), end=position(0, 3))
    context = types.CodeActionContext(diagnostics=[])
    answers = (
        await client.text_document_hover_async(types.HoverParams(document(uri), here.start)),
        await client.text_document_completion_async(types.CompletionParams(document(uri), here.end)),
        await client.text_document_code_action_async(types.CodeActionParams(document(uri), here, context)),
        await describe(client, uri, here),
    )
    assert answers == (None, None, None, None)
