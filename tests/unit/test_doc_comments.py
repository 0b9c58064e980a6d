import ast

import pytest

from lsp_server.server import doc_comments
from lsp_server.server.comments import CommentSyntax

LOAD = "def load(path):\n    with open(path) as handle:\n        return handle.read()\n"


def insert_docstring(code: str, description: str) -> str:
    insertion = doc_comments.docstring_insertion(code, description)
    lines = code.split("\n")
    return "\n".join([*lines[:insertion.line], insertion.text, *lines[insertion.line:]])


@pytest.mark.parametrize(
    "description",
    [
        "Reads a file.",
        'Returns the "quoted" text',
        'Ends with """',
        "Backslash \\ here",
        'Ends with a quote"',
    ],
    ids=["plain", "quotes", "triple-quotes", "backslash", "trailing-quote"],
)
def test_docstring_keeps_python_valid_and_holds_the_description(description):
    function = ast.parse(insert_docstring(LOAD, description)).body[0]
    assert ast.get_docstring(function).strip() == description.strip()


def test_docstring_goes_after_a_multiline_header():
    code = "async def load(\n    path: str,\n) -> str:\n    return path\n"
    function = ast.parse(insert_docstring(code, "Loads it.")).body[0]
    assert ast.get_docstring(function) == "Loads it."


def test_docstring_uses_the_body_indentation_of_a_method():
    code = "class A:\n    def f(self):\n        return 1\n"
    tree = ast.parse(insert_docstring(code, "Gives one."))
    assert ast.get_docstring(tree.body[0].body[0]) == "Gives one."


@pytest.mark.parametrize(
    "code",
    [
        "x = 1\n",
        'def f():\n    """Has one."""\n    return 1\n',
        "def f(): return 1\n",
    ],
    ids=["no-function", "already-documented", "one-line-body"],
)
def test_no_docstring_where_it_does_not_fit(code):
    assert doc_comments.docstring_insertion(code, "Something.") is None


@pytest.mark.parametrize(
    "language, lines",
    [
        ("java", ("/**", " * Adds two numbers.", " */")),
        ("typescript", ("/**", " * Adds two numbers.", " */")),
        ("rust", ("/// Adds two numbers.",)),
        ("csharp", ("/// <summary>Adds two numbers.</summary>",)),
    ],
    ids=["java", "typescript", "rust", "csharp"],
)
def test_doc_comment_forms(language, lines):
    assert doc_comments.doc_form(language, "Adds  two\nnumbers.").lines == lines


def test_go_doc_comment_starts_with_the_function_name():
    form = doc_comments.doc_form("go", "Returns the larger value.", "Max")
    assert form.lines == ("// Max returns the larger value.",)


def test_go_doc_comment_keeps_a_sentence_that_already_names_the_function():
    form = doc_comments.doc_form("go", "Max returns the larger value.", "Max")
    assert form.lines == ("// Max returns the larger value.",)


def test_block_doc_comment_cannot_be_closed_early():
    [_, middle, _] = doc_comments.doc_form("java", "Stops at */ here").lines
    assert "*/" not in middle


def test_comment_line_breaks_up_a_closing_delimiter():
    assert doc_comments.comment_lines("a --> b", CommentSyntax("<!--", "-->")) == ("<!-- a -- > b -->",)


@pytest.mark.parametrize(
    "before, marker",
    [
        ("# ", "#"),
        ("    // ", "//"),
        ("/// ", "///"),
        (" * ", "*"),
        ("/**", "/**"),
        ("# tags:", None),
        ("x = 1 #", None),
    ],
    ids=["hash", "slashes", "rust-doc", "block-middle", "block-open", "tags-comment", "trailing-comment"],
)
def test_opened_comment(before, marker):
    assert doc_comments.opened_comment(before) == marker


def test_opened_docstring():
    assert doc_comments.opened_docstring('    """') and not doc_comments.opened_docstring('    """Done."""')
