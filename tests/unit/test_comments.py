import pytest

from lsp_server.engine.langid.names import LANGUAGES
from lsp_server.server.comments import comment_language, format_comment, syntax_for, tags_comment, typed_tags

TAGS = tags_comment(["http-client", "json"])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        pytest.param("python", "# tags: http-client, json", id="python"),
        pytest.param("shellscript", "# tags: http-client, json", id="shell"),
        pytest.param("go", "// tags: http-client, json", id="go"),
        pytest.param("typescriptreact", "// tags: http-client, json", id="client-spelling"),
        pytest.param("sql", "-- tags: http-client, json", id="sql"),
        pytest.param("ini", "; tags: http-client, json", id="ini"),
        pytest.param("erlang", "% tags: http-client, json", id="erlang"),
        pytest.param("bat", "REM tags: http-client, json", id="bat"),
        pytest.param("vb", "' tags: http-client, json", id="vb"),
        pytest.param("html", "<!-- tags: http-client, json -->", id="html"),
        pytest.param("xml", "<!-- tags: http-client, json -->", id="xml"),
        pytest.param("css", "/* tags: http-client, json */", id="css"),
    ],
)
def test_tags_comment_in_each_syntax(language, expected):
    assert format_comment(TAGS, syntax_for(language)) == expected


def test_every_engine_language_but_json_has_comments():
    assert [language for language in LANGUAGES if syntax_for(language) is None] == ["json"]


def test_closing_delimiter_in_the_text_cannot_end_the_comment():
    assert format_comment("a */ b", syntax_for("css")) == "/* a * / b */"


@pytest.mark.parametrize(
    ("document", "detected", "expected"),
    [
        pytest.param("python", "ruby", "python", id="code-file-keeps-its-own"),
        pytest.param("markdown", "python", "python", id="markdown-uses-the-snippets"),
        pytest.param("html", "javascript", "javascript", id="html-uses-the-snippets"),
        pytest.param("plaintext", "go", "go", id="plain-text-uses-the-snippets"),
        pytest.param("markdown", None, None, id="unknown-snippet-in-markdown"),
        pytest.param("json", "json", None, id="no-comments-in-json"),
    ],
)
def test_comment_language(document, detected, expected):
    assert comment_language(document, detected) == expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        pytest.param("# tags: ", ((), "", False), id="after-colon-and-space"),
        pytest.param("# tags:", ((), "", True), id="right-after-colon"),
        pytest.param("    // tags: http-client, js", (("http-client",), "js", False), id="partial-word"),
        pytest.param("-- TAGS: a b", (("a",), "b", False), id="case-and-spaces"),
        pytest.param(" * @tags json", ((), "json", False), id="doc-comment"),
        pytest.param("# @tags", ((), "", True), id="at-tags"),
        pytest.param("<!-- tags: ", ((), "", False), id="html-comment"),
        pytest.param("REM tags: ", ((), "", False), id="bat"),
        pytest.param(":: tags: ", ((), "", False), id="bat-colons"),
        pytest.param("' tags: ", ((), "", False), id="vb"),
        pytest.param("x = 1  # tags: ", None, id="code-before-the-comment"),
        pytest.param("# tagsoup", None, id="other-word"),
        pytest.param("# @tagsoup", None, id="other-at-word"),
        pytest.param("tags: ", None, id="no-comment"),
    ],
)
def test_typed_tags(before, expected):
    typed = typed_tags(before)
    assert (typed if typed is None else (typed.written, typed.word, typed.needs_space)) == expected
