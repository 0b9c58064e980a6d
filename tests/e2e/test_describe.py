"""The snippetLens.describe command: Enrichment.to_json() for a range or a whole document."""

import pytest
from lsp_session import open_document
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pytest_lsp import LanguageClient

SOURCE = "import os\n\ndef main():\n    print(os.sep)\n"


async def describe(client, *arguments):
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="snippetLens.describe", arguments=list(arguments))
    )


async def state(client):
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(command="fakeEngine.state"))


async def test_describe_returns_the_engine_json(fake_client: LanguageClient):
    open_document(fake_client, "file:///src/tool.txt", SOURCE, "plaintext")
    result = await describe(fake_client, {"uri": "file:///src/tool.txt"})
    expected = {"language": "python", "confidence": 0.9, "alternatives": [["ruby", 0.06]], "source": "model"}
    description = {"description": "Computes a value from its arguments.", "description_source": "model",
                   "description_confidence": None}
    assert result == {**expected, "tags": [], **description, "candidates": []}


async def test_describe_without_range_means_the_whole_document_with_its_hints(fake_client: LanguageClient):
    open_document(fake_client, "file:///src/tool.py", SOURCE, "python")
    await describe(fake_client, {"uri": "file:///src/tool.py"})
    [call] = (await state(fake_client))["calls"]
    assert (call["text"], call["path"], call["language_hint"]) == (SOURCE, "/src/tool.py", "python")


async def test_describe_a_range_analyzes_only_that_text(fake_client: LanguageClient):
    open_document(fake_client, "file:///src/tool.py", SOURCE, "python")
    selection = types.Range(start=types.Position(line=2, character=0), end=types.Position(line=2, character=11))
    await describe(fake_client, {"uri": "file:///src/tool.py", "range": selection})
    [call] = (await state(fake_client))["calls"]
    assert (call["text"], call["path"], call["language_hint"]) == ("def main():", None, None)


async def test_describe_at_a_cursor_analyzes_the_function_around_it(fake_client: LanguageClient):
    text = "import os\n\ndef main():\n    sep = os.sep\n\n    print(sep)\n\nmain()\n"
    open_document(fake_client, "file:///src/tool.py", text, "python")
    cursor = types.Position(line=4, character=0)
    await describe(fake_client, {"uri": "file:///src/tool.py", "range": types.Range(start=cursor, end=cursor)})
    [call] = (await state(fake_client))["calls"]
    assert call["text"] == "def main():\n    sep = os.sep\n\n    print(sep)"


async def test_describe_without_arguments_is_invalid_params(fake_client: LanguageClient):
    with pytest.raises(JsonRpcInvalidParams):
        await describe(fake_client)
