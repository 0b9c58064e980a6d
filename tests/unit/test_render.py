import pytest
from lsprotocol.types import MarkupKind

from lsp_server.engine import UNKNOWN, Enrichment, LanguageGuess, Tag
from lsp_server.server.render import close_alternatives, percent, preferred_markup, render_hover


def hover_text(guess, warnings=(), kind=MarkupKind.Markdown):
    content = render_hover(Enrichment(guess, tuple(warnings)), kind)
    assert content.kind == kind
    return content.value


@pytest.mark.parametrize(
    ("guess", "markdown"),
    [
        pytest.param(LanguageGuess("python", 0.934, (("ruby", 0.03),)), "**Language:** `python` (93%)", id="sure"),
        pytest.param(
            LanguageGuess("rust", 1.0, source="shebang"),
            "**Language:** `rust` (100%, from the shebang line)",
            id="signal-source",
        ),
        pytest.param(
            LanguageGuess("c", 0.55, (("cpp", 0.4), ("objective-c", 0.04))),
            "**Language:** `c` (55%)  \n**Could also be:** `cpp` 40%",
            id="close-alternative-shown",
        ),
        pytest.param(
            LanguageGuess(UNKNOWN, 0.3, (("python", 0.3), ("ruby", 0.2))),
            "**Language:** unknown  \n**Best guesses:** `python` 30%, `ruby` 20%",
            id="unknown-with-guesses",
        ),
        pytest.param(
            LanguageGuess(UNKNOWN, 0.0, source="binary"), "**Language:** unknown (looks like binary data)", id="binary"
        ),
    ],
)
def test_markdown_hover(guess, markdown):
    assert hover_text(guess) == markdown


def test_plain_text_hover_has_no_markup():
    guess = LanguageGuess("c", 0.55, (("cpp", 0.4),))
    assert hover_text(guess, kind=MarkupKind.PlainText) == "Language: c (55%)\nCould also be: cpp 40%"


def test_warnings_are_escaped_in_markdown():
    text = hover_text(LanguageGuess("python", 0.9), ["/tmp/my_models/*.onnx missing"])
    assert text.endswith("**Note:** /tmp/my\\_models/\\*.onnx missing")


def test_warnings_are_verbatim_in_plain_text():
    text = hover_text(LanguageGuess("python", 0.9), ["/tmp/my_models/*.onnx"], kind=MarkupKind.PlainText)
    assert text.endswith("Note: /tmp/my_models/*.onnx")


@pytest.mark.parametrize(
    ("content_format", "kind"),
    [
        pytest.param(["markdown", "plaintext"], MarkupKind.Markdown, id="markdown-first"),
        pytest.param(["plaintext", "markdown"], MarkupKind.Markdown, id="markdown-listed"),
        pytest.param(["plaintext"], MarkupKind.PlainText, id="plaintext-only"),
        pytest.param(None, MarkupKind.PlainText, id="not-declared"),
    ],
)
def test_preferred_markup(content_format, kind):
    assert preferred_markup(content_format) == kind


@pytest.mark.parametrize(
    ("guess", "shown"),
    [
        pytest.param(LanguageGuess("go", 0.9, (("rust", 0.05),)), [], id="far-behind"),
        pytest.param(LanguageGuess("go", 0.5, (("rust", 0.2), ("c", 0.1))), [("rust", 0.2)], id="near"),
        pytest.param(LanguageGuess(UNKNOWN, 0.2, (("go", 0.2),)), [("go", 0.2)], id="unknown-best-guess"),
    ],
)
def test_close_alternatives(guess, shown):
    assert close_alternatives(guess) == shown


@pytest.mark.parametrize(
    ("probability", "text"),
    [
        pytest.param(0.0, "0%", id="zero"),
        pytest.param(0.996, "100%", id="rounds"),
        pytest.param(0.5, "50%", id="half"),
    ],
)
def test_percent(probability, text):
    assert percent(probability) == text


def test_tags_follow_the_language_as_chips_in_markdown():
    enrichment = Enrichment(LanguageGuess("python", 0.934), tags=(Tag("http-client", 0.9), Tag("json", 0.8)))
    value = render_hover(enrichment, MarkupKind.Markdown).value
    assert value == "**Language:** `python` (93%)  \n**Tags:** `#http-client` `#json`"


def test_tags_are_plain_hashtags_in_plain_text():
    enrichment = Enrichment(LanguageGuess("python", 0.934), ("truncated",), tags=(Tag("http-client", 0.9),))
    value = render_hover(enrichment, MarkupKind.PlainText).value
    assert value == "Language: python (93%)\nTags: #http-client\nNote: truncated"


def test_no_tags_row_without_tags():
    assert "Tags" not in render_hover(Enrichment(LanguageGuess("python", 0.934)), MarkupKind.PlainText).value
