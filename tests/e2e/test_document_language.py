"""The editor's language is evidence: a part of a code document is in the document's language unless
the model is sure it is an embedded one; Markdown fences are still decided by the model."""

from lsp_session import open_document
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_hover import hover_params, report_selection, state

PLAIN_JAVASCRIPT = """const express = require('express');
const app = express();

function unblockProject(req, res) {
  const id = req.params.id;
  const project = projects.find((p) => p.id === id);

  project.blocked = false;
  res.json(project);
}

module.exports = { unblockProject };
"""
PYTHON_WITH_SQL = '''def overdue(db):
    query = """
        SELECT id, title, due_date
        FROM tasks
        WHERE due_date < CURRENT_DATE AND done = 0
        ORDER BY due_date
    """
    return db.execute(query).fetchall()
'''
NOTES = "# Notes\n\n```\nfunction add(a, b) {\n  return a + b;\n}\n```\n"


async def test_hover_on_a_plain_javascript_function_in_a_js_file_says_javascript(client: LanguageClient):
    uri = "file:///app/routes/projects.js"
    open_document(client, uri, PLAIN_JAVASCRIPT, "javascript")
    hover = await client.text_document_hover_async(hover_params(uri, 5, 4))
    assert hover.contents.value.startswith("**Language:** `javascript`")
    assert hover.range.start.line == 3 and hover.range.end.line == 9


async def test_a_sql_query_selected_inside_a_python_string_says_sql(client: LanguageClient):
    uri = "file:///app/tasks.py"
    open_document(client, uri, PYTHON_WITH_SQL, "python")
    start, end = types.Position(line=2, character=8), types.Position(line=5, character=25)
    await report_selection(client, uri, start, end)
    hover = await client.text_document_hover_async(hover_params(uri, 3, 10))
    assert hover.contents.value.startswith("**Language:** `sql`")


async def test_a_markdown_fence_is_still_decided_by_the_model(client: LanguageClient):
    uri = "file:///notes/add.md"
    open_document(client, uri, NOTES, "markdown")
    hover = await client.text_document_hover_async(hover_params(uri, 4, 4))
    value = hover.contents.value
    assert value.startswith("**Language:** `javascript`") and "as labeled" not in value


async def test_a_selection_in_a_code_document_carries_the_document_language(fake_client: LanguageClient):
    uri = "file:///app/routes/projects.js"
    open_document(fake_client, uri, PLAIN_JAVASCRIPT, "javascript")
    await fake_client.text_document_hover_async(hover_params(uri, 5, 4))
    [call] = (await state(fake_client))["calls"]
    assert (call["document_language"], call["language_hint"]) == ("javascript", None)


async def test_a_selection_in_markdown_carries_no_document_language(fake_client: LanguageClient):
    uri = "file:///notes/add.md"
    open_document(fake_client, uri, "Some prose about x = 1 and more.\n", "markdown")
    await report_selection(fake_client, uri, types.Position(line=0, character=16), types.Position(line=0, character=21))
    await fake_client.text_document_hover_async(hover_params(uri, 0, 17))
    [call] = (await state(fake_client))["calls"]
    assert call["document_language"] is None
