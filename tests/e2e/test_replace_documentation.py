"""Where a function already has a docstring or doc comment, the code action replaces it instead of
inserting a second one."""

import ast

from lsp_session import apply_edits, edits_for, encoding_of, open_document
from pytest_lsp import LanguageClient
from test_descriptions import description_actions

from lsp_server.server.code_actions import (
    DOCSTRING_TITLE,
    REPLACE_DOC_TITLE,
    REPLACE_DOCSTRING_TITLE,
)

DOCUMENTED_PYTHON = '''import json


def load_settings(path):
    """Old words."""
    with open(path) as handle:

        return json.load(handle)
'''
DOCUMENTED_RUST = """use std::cmp;

/// Old words.
/// More old words.
#[inline]
pub fn max(a: i32, b: i32) -> i32 {
    if a > b {
        return a;
    }

    b
}
"""


async def test_an_existing_docstring_is_replaced(fake_client: LanguageClient):
    uri = "file:///src/load.py"
    open_document(fake_client, uri, DOCUMENTED_PYTHON, "python")
    actions = await description_actions(fake_client, uri, (5, 4), (5, 4))
    assert REPLACE_DOCSTRING_TITLE in actions and DOCSTRING_TITLE not in actions
    edited = apply_edits(
        DOCUMENTED_PYTHON, edits_for(actions[REPLACE_DOCSTRING_TITLE].edit, uri), encoding_of(fake_client)
    )
    function = ast.parse(edited).body[1]
    assert ast.get_docstring(function) == "Computes a value from its arguments."
    assert "Old words" not in edited


async def test_an_existing_doc_comment_is_replaced(fake_client: LanguageClient):
    uri = "file:///src/max.rs"
    open_document(fake_client, uri, DOCUMENTED_RUST, "rust")
    actions = await description_actions(fake_client, uri, (9, 0), (9, 0))
    assert REPLACE_DOC_TITLE in actions and "Insert description as doc comment" not in actions
    edited = apply_edits(DOCUMENTED_RUST, edits_for(actions[REPLACE_DOC_TITLE].edit, uri), encoding_of(fake_client))
    assert edited.split("\n")[2:5] == ["/// Adds two numbers.", "#[inline]", "pub fn max(a: i32, b: i32) -> i32 {"]
