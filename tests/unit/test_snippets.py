import pytest

from lsp_server.server.markdown import find_fences
from lsp_server.server.positions import LineIndex
from lsp_server.server.snippets import (
    MAX_SNIPPET_CHARS,
    Document,
    block_below,
    bounded_end,
    enclosing_block,
    for_action,
    for_hover,
    from_range,
    trusted_language_id,
)

CODE = "import os\nprint(os.sep)\n\ndef f():\n    return 1\n"
MARKDOWN = "Intro text\n\n```rust\nfn main() {}\n```\n\n```\nx = 1\ny = 2\n```\n\n```\n```\n"


def code_doc(text=CODE, language_id="python", path="/src/tool.py"):
    return Document(LineIndex(text), path=path, language_id=language_id)


def markdown_doc(text=MARKDOWN):
    index = LineIndex(text)
    return Document(index, path="/docs/readme.md", language_id="markdown", fences=find_fences(index.lines()))


def at(text, line, column=0):
    return LineIndex(text).starts[line] + column


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(0, (0, 1), id="first-block"),
        pytest.param(1, (0, 1), id="from-its-last-line"),
        pytest.param(2, None, id="blank-line"),
        pytest.param(4, (3, 4), id="second-block"),
    ],
)
def test_enclosing_block(line, expected):
    assert enclosing_block(LineIndex(CODE), line, max_lines=50) == expected


def test_enclosing_block_is_bounded_around_the_cursor():
    text = "\n".join(f"line {n}" for n in range(100))
    assert enclosing_block(LineIndex(text), 50, max_lines=5) == (48, 52)


def test_enclosing_block_bounded_at_document_start_grows_downwards():
    text = "\n".join(f"line {n}" for n in range(100))
    assert enclosing_block(LineIndex(text), 0, max_lines=3) == (0, 2)


def test_hover_in_a_block_carries_no_document_hints():
    snippet = for_hover(code_doc(), at(CODE, 4, 5), None, max_lines=50)
    assert (snippet.text, snippet.path, snippet.language_hint) == ("def f():\n    return 1", None, None)


def test_hover_on_a_block_that_is_the_whole_document_carries_path_and_language():
    text = "x = 1\ny = 2\n"
    snippet = for_hover(code_doc(text), 0, None, max_lines=50)
    assert (snippet.text, snippet.path, snippet.language_hint) == ("x = 1\ny = 2", "/src/tool.py", "python")


@pytest.mark.parametrize(
    ("language_id", "hint"),
    [
        pytest.param("python", "python", id="known"),
        pytest.param("javascriptreact", "javascript", id="normalized"),
        pytest.param("plaintext", None, id="plaintext-is-no-hint"),
        pytest.param("fundamental", None, id="emacs-fundamental-is-no-hint"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="missing"),
    ],
)
def test_trusted_language_id(language_id, hint):
    assert trusted_language_id(language_id) == hint


def test_selection_containing_the_cursor_wins_and_gets_no_language_id():
    selection = (at(CODE, 0, 7), at(CODE, 1, 5))
    snippet = for_hover(code_doc(), at(CODE, 1, 0), selection, max_lines=50)
    assert (snippet.text, snippet.start, snippet.language_hint) == ("os\nprint", selection[0], None)


def test_selection_elsewhere_is_ignored():
    snippet = for_hover(code_doc(), at(CODE, 4, 0), (0, 5), max_lines=50)
    assert snippet.text == "def f():\n    return 1"


def test_selection_in_markdown_gets_no_markdown_hint():
    doc = markdown_doc()
    start, end = at(MARKDOWN, 7), at(MARKDOWN, 8, 5)
    snippet = for_hover(doc, start + 1, (start, end), max_lines=50)
    assert (snippet.text, snippet.path, snippet.language_hint) == ("x = 1\ny = 2", None, None)


@pytest.mark.parametrize(
    ("line", "text", "hint"),
    [
        pytest.param(3, "fn main() {}", "rust", id="labeled-fence-body-hint-from-label"),
        pytest.param(2, "fn main() {}", "rust", id="on-opening-line"),
        pytest.param(9, "x = 1\ny = 2", None, id="unlabeled-fence-no-hint"),
    ],
)
def test_hover_in_markdown_means_the_fence(line, text, hint):
    snippet = for_hover(markdown_doc(), at(MARKDOWN, line), None, max_lines=50)
    assert (snippet.text, snippet.language_hint, snippet.path) == (text, hint, None)


@pytest.mark.parametrize(
    "line",
    [
        pytest.param(0, id="prose"),
        pytest.param(1, id="blank"),
        pytest.param(12, id="empty-fence"),
    ],
)
def test_hover_in_markdown_outside_code_means_nothing(line):
    assert for_hover(markdown_doc(), at(MARKDOWN, line), None, max_lines=50) is None


def test_explicit_range_over_whole_document_carries_hints():
    snippet = from_range(code_doc(), 0, len(CODE), max_lines=50)
    assert (snippet.path, snippet.language_hint) == ("/src/tool.py", "python")


def test_explicit_range_is_bounded_in_lines():
    snippet = from_range(code_doc(), 0, len(CODE), max_lines=2)
    assert (snippet.text, snippet.path) == ("import os\nprint(os.sep)", "/src/tool.py")


def test_huge_single_line_is_bounded_in_characters():
    text = "x" * (MAX_SNIPPET_CHARS * 3)
    snippet = for_hover(code_doc(text), 10, None, max_lines=50)
    assert (snippet.start, len(snippet.text)) == (0, MAX_SNIPPET_CHARS)


@pytest.mark.parametrize(
    ("start", "end", "max_lines", "expected"),
    [
        pytest.param(0, 5, 10, 5, id="within-bounds"),
        pytest.param(0, 30, 1, 3, id="one-line"),
        pytest.param(4, 30, 2, 11, id="two-lines-from-second"),
    ],
)
def test_bounded_end(start, end, max_lines, expected):
    assert bounded_end(LineIndex("abc\ndef\nghi\njkl"), start, end, max_lines) == expected


@pytest.mark.parametrize(
    ("language_id", "path", "fence_lines"),
    [
        pytest.param("markdown", "/a/notes.txt", [2, 6, 11], id="markdown-by-language-id"),
        pytest.param("plaintext", "/a/notes.md", [2, 6, 11], id="markdown-by-file-name"),
        pytest.param("python", "/a/tool.py", None, id="not-markdown-no-fences"),
    ],
)
def test_parse_finds_fences_only_in_markdown(language_id, path, fence_lines):
    doc = Document.parse(MARKDOWN, path, language_id)
    assert (doc.index.text, [f.open_line for f in doc.fences] if doc.fences is not None else None) == (
        MARKDOWN,
        fence_lines,
    )


TAGGED = "import requests\n\n# tags: \nresponse = requests.get(URL)\nresponse.raise_for_status()\n\nx = 1\n# tags:\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(2, "response = requests.get(URL)\nresponse.raise_for_status()", id="code-below"),
        pytest.param(7, "x = 1\n# tags:", id="nothing-below-takes-the-block-around"),
    ],
)
def test_block_below_a_comment(line, expected):
    assert block_below(code_doc(TAGGED), line, 200).text == expected


def test_block_below_stays_inside_the_fence_in_markdown():
    doc = markdown_doc("Text\n\n```\n# tags:\nimport json\n```\nmore text\n")
    assert block_below(doc, 3, 200).text == "import json"
    assert block_below(doc, 6, 200) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(at(CODE, 3), at(CODE, 3, 3), "def", id="selection"),
        pytest.param(at(CODE, 3), at(CODE, 3), "def f():\n    return 1", id="cursor-means-the-block"),
    ],
)
def test_action_snippet(start, end, expected):
    assert for_action(code_doc(), start, end, 200).text == expected
