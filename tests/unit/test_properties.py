"""Property-based checks over what a client or a file can throw at the server: positions, ranges,
line endings, and the engine's ``analyze`` on arbitrary text."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol.types import Position, Range

from lsp_server.engine import Engine
from lsp_server.server.positions import LineIndex
from lsp_server.server.snippets import Document, for_hover

ENCODINGS = ["utf-8", "utf-16", "utf-32"]
PIECES = st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.sampled_from(["\n", "\r\n", "\r", "😋", "é"])
TEXT = st.lists(PIECES, max_size=40).map("".join)
CODE_LIKE = st.lists(st.sampled_from(["def f(x):", "    return x", "", "class A:", "  pass", "}", "{", "// c",
                                      "function g() {", "x = '\ud800'", "\r", "é = 1"]), max_size=30).map("\n".join)


@given(text=TEXT, line=st.integers(-5, 400), character=st.integers(-5, 400), encoding=st.sampled_from(ENCODINGS))
def test_any_position_maps_to_an_offset_inside_the_text(text, line, character, encoding):
    index = LineIndex(text)
    offset = index.offset(Position(line=max(0, line), character=max(0, character)), encoding)
    assert 0 <= offset <= len(text)


@given(text=TEXT, offset=st.integers(-5, 400), encoding=st.sampled_from(ENCODINGS))
def test_positions_round_trip_on_character_boundaries(text, offset, encoding):
    index = LineIndex(text)
    position = index.position(offset, encoding)
    back = index.offset(position, encoding)
    assert index.position(back, encoding) == position


@given(text=TEXT, a=st.integers(0, 400), b=st.integers(0, 400), encoding=st.sampled_from(ENCODINGS))
def test_ranges_come_back_ordered_whatever_the_client_sent(text, a, b, encoding):
    index = LineIndex(text)
    start, end = index.offsets(Range(start=index.position(a, encoding), end=index.position(b, encoding)), encoding)
    assert 0 <= start <= end <= len(text)


@given(text=CODE_LIKE, offset=st.integers(0, 600), language=st.sampled_from(["python", "javascript", "plaintext"]))
def test_the_hover_snippet_is_a_part_of_the_document_holding_the_cursor_line(text, offset, language):
    doc = Document.parse(text, None, language)
    offset = min(offset, len(text))
    snippet = for_hover(doc, offset, None, 200)
    if snippet is not None:
        assert 0 <= snippet.start <= snippet.end <= len(text) and text[snippet.start : snippet.end] == snippet.text


@pytest.fixture(scope="module")
def engine():
    return Engine.load()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=2000))
def test_analyze_never_raises_on_arbitrary_text(engine, text):
    result = engine.analyze(text, describe=False)
    assert 0.0 <= result.language.confidence <= 1.0


@pytest.mark.parametrize("text", ["x = '\ud800'\n", "\udfff" * 50, "def f():\n    return '\ud83d'\n"])
def test_analyze_survives_lone_surrogates(engine, text):
    assert engine.analyze(text).language.confidence >= 0.0
