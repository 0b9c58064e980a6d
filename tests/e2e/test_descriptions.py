"""Descriptions: on hover, inserted as a comment / docstring / doc comment, completed in an empty
comment or docstring, and stopped when the request is cancelled.

The insert tests run the real describer and check that the edited file still parses: ``ast`` for
Python always; ``node``, ``javac``, ``rustc`` and ``gofmt`` when installed, and a check of the
comment's shape everywhere.
"""

import ast
import asyncio
import shutil
import subprocess
import uuid

import pytest
from lsp_session import WAIT_S, apply_edits, edits_for, encoding_of, open_document, wait_for_log
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_server.server.code_actions import DESCRIPTION_TITLE, DOCSTRING_TITLE

PYTHON = """import json


def load_settings(path):
    with open(path, encoding="utf-8") as handle:
        settings = json.load(handle)
    return dict(settings)
"""
JAVASCRIPT = """function sum(values) {
  let total = 0;
  for (const value of values) {
    total += value;
  }
  return total;
}
"""
GO = """package main

func Max(a int, b int) int {
\tif a > b {
\t\treturn a
\t}
\treturn b
}
"""
RUST = """pub fn max(a: i32, b: i32) -> i32 {
    if a > b {
        a
    } else {
        b
    }
}
"""
JAVA = """class Util {
    static int max(int a, int b) {
        if (a > b) {
            return a;
        }
        return b;
    }
}
"""
SAMPLES = {
    "python": ("load.py", PYTHON, (3, 0), (6, 25), "#"),
    "javascript": ("sum.js", JAVASCRIPT, (0, 0), (6, 1), "//"),
    "go": ("max.go", GO, (2, 0), (7, 1), "//"),
    "rust": ("max.rs", RUST, (0, 0), (6, 1), "//"),
    "java": ("Util.java", JAVA, (1, 4), (6, 5), "//"),
}
DOC_TITLES = {"python": DOCSTRING_TITLE}


def pos(line, character):
    return types.Position(line=line, character=character)


def action_params(uri, start, end):
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=pos(*start), end=pos(*end)),
        context=types.CodeActionContext(diagnostics=[], trigger_kind=types.CodeActionTriggerKind.Invoked),
    )


def completion_params(uri, line, character, trigger):
    return types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=pos(line, character),
        context=types.CompletionContext(
            trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character=trigger
        ),
    )


def parses(language: str, name: str, text: str, tmp_path) -> bool:
    """Whether the language's own tool accepts ``text`` (True when that tool is not installed)."""
    if language == "python":
        ast.parse(text)
        return True
    path = tmp_path / name
    path.write_text(text)
    commands = {
        "javascript": ["node", "--check", str(path)],
        "java": ["javac", "-d", str(tmp_path), str(path)],
        "rust": ["rustc", "--crate-type=lib", "--emit=metadata", "-o", str(tmp_path / "out.rmeta"), str(path)],
        "go": ["gofmt", "-e", str(path)],
    }
    command = commands[language]
    if shutil.which(command[0]) is None:
        return True
    return subprocess.run(command, capture_output=True, timeout=60).returncode == 0


def comment_shaped(inserted: str, language: str) -> bool:
    """Every inserted line is a comment (or docstring) line, and block comments close."""
    lines = [line.strip() for line in inserted.splitlines()]
    if language == "python":
        return all(line.startswith("#") or (line.startswith('"""') and line.endswith('"""')) for line in lines)
    if lines[0] == "/**":
        return lines[-1] == "*/" and all(line.startswith("*") and "*/" not in line for line in lines[1:-1])
    return all(line.startswith("//") for line in lines)


async def description_actions(client, uri, start, end):
    actions = await client.text_document_code_action_async(action_params(uri, start, end)) or []
    return {action.title: action for action in actions}


async def test_hover_shows_a_description_under_the_language(client: LanguageClient):
    uri = "file:///src/load.py"
    open_document(client, uri, PYTHON, "python")
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(4, 8))
    )
    lines = hover.contents.value.splitlines()
    description = next(line for line in lines if "Description:" in line)
    assert lines.index(description) > 0 and len(description.split("Description:")[1].split()) >= 2


@pytest.mark.parametrize("language", list(SAMPLES))
async def test_insert_description_actions_keep_the_file_valid(describing_client: LanguageClient, language, tmp_path):
    client = describing_client
    name, text, start, end, marker = SAMPLES[language]
    uri = f"file:///src/{name}"
    open_document(client, uri, text, language)
    actions = await description_actions(client, uri, start, end)
    doc_title = DOC_TITLES.get(language, "Insert description as doc comment")
    assert {DESCRIPTION_TITLE, doc_title} <= set(actions)
    for title in (DESCRIPTION_TITLE, doc_title):
        [edit] = edits_for(actions[title].edit, uri)
        edited = apply_edits(text, [edit], encoding_of(client))
        assert comment_shaped(edit.new_text, language), edit.new_text
        assert parses(language, name, edited, tmp_path), edited
    comment = edits_for(actions[DESCRIPTION_TITLE].edit, uri)[0].new_text
    assert (
        comment.strip().startswith(marker)
        and edits_for(actions[DESCRIPTION_TITLE].edit, uri)[0].range.start.line == start[0]
    )


async def test_docstring_goes_inside_the_function(client: LanguageClient):
    uri = "file:///src/load.py"
    open_document(client, uri, PYTHON, "python")
    actions = await description_actions(client, uri, (3, 0), (6, 25))
    edited = apply_edits(PYTHON, edits_for(actions[DOCSTRING_TITLE].edit, uri), encoding_of(client))
    function = ast.parse(edited).body[1]
    assert isinstance(function, ast.FunctionDef) and ast.get_docstring(function)


async def test_completion_offers_the_description_in_an_empty_comment_above_a_function(client: LanguageClient):
    uri = "file:///src/load.py"
    text = PYTHON.replace("\ndef load_settings", "# \ndef load_settings")
    open_document(client, uri, text, "python")
    result = await client.text_document_completion_async(completion_params(uri, 2, 2, " "))
    [item] = result.items
    assert item.kind == types.CompletionItemKind.Text and len(item.text_edit.new_text.split()) >= 2


async def test_completion_offers_the_description_in_an_empty_docstring(client: LanguageClient):
    uri = "file:///src/load.py"
    text = PYTHON.replace("(path):\n", '(path):\n    """\n')
    open_document(client, uri, text, "python")
    result = await client.text_document_completion_async(completion_params(uri, 4, 7, '"'))
    [item] = result.items
    assert not item.text_edit.new_text.startswith(" ")


async def test_no_description_completion_in_a_comment_above_plain_code(fake_client: LanguageClient):
    uri = "file:///src/plain.py"
    open_document(fake_client, uri, "# \nx = 1\ny = 2\n", "python")
    assert await fake_client.text_document_completion_async(completion_params(uri, 0, 2, " ")) is None


async def test_no_description_on_automatic_code_action_requests(fake_client: LanguageClient):
    uri = "file:///src/load.py"
    open_document(fake_client, uri, PYTHON, "python")
    params = action_params(uri, (3, 0), (6, 25))
    params.context.trigger_kind = types.CodeActionTriggerKind.Automatic
    assert await fake_client.text_document_code_action_async(params) is None
    calls = (await fake_client.workspace_execute_command_async(types.ExecuteCommandParams(command="fakeEngine.state")))[
        "calls"
    ]
    assert all(not call["describe"] for call in calls)


async def test_cancelled_hover_stops_decoding(fake_client: LanguageClient):
    uri = "file:///src/slow.py"
    open_document(fake_client, uri, "def slow_description():\n    return 1\n", "python")
    request_id = str(uuid.uuid4())
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos(0, 4))
    answer = fake_client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, params, msg_id=request_id)
    await asyncio.sleep(0.2)  # let decoding start; the server answers the cancel whenever it arrives
    fake_client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
    message = await wait_for_log(fake_client, "description cancelled after")
    assert "decoding steps" in message.message
    with pytest.raises(Exception):  # noqa: B017 - the client surfaces the cancelled request as an error
        await asyncio.wait_for(asyncio.wrap_future(answer), WAIT_S)
