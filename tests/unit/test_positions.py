import pytest
from lsprotocol.types import ClientCapabilities, GeneralClientCapabilities, Position, PositionEncodingKind, Range
from pygls.capabilities import ServerCapabilitiesBuilder
from pytest_lsp import client_capabilities

from lsp_server.server.positions import UTF8, UTF16, UTF32, LineIndex, choose_position_encoding, encoding_name

EMOJI_LINE = 'x="😋" + "é"'  # 😋 is 2 UTF-16 / 4 UTF-8 units; é is 1 / 2


@pytest.mark.parametrize(
    ("offered", "chosen"),
    [
        pytest.param(None, UTF16, id="nothing-offered-means-utf16"),
        pytest.param([], UTF16, id="empty-list-means-utf16"),
        pytest.param([UTF16], UTF16, id="utf16-only"),
        pytest.param([UTF8, UTF16, UTF32], UTF8, id="neovim-order-first-wins"),
        pytest.param([UTF32, UTF8, UTF16], UTF32, id="emacs-order-first-wins"),
        pytest.param(["utf-7", UTF32], UTF32, id="unknown-kinds-skipped"),
        pytest.param(["latin-1"], UTF16, id="nothing-supported-falls-back-to-utf16"),
    ],
)
def test_choose_position_encoding(offered, chosen):
    assert choose_position_encoding(offered) == chosen


@pytest.mark.parametrize("editor", ["visual_studio_code", "neovim", "emacs"])
def test_choice_matches_what_pygls_advertises(editor):
    capabilities = client_capabilities(editor)
    offered = capabilities.general.position_encodings if capabilities.general else None
    assert choose_position_encoding(offered) == ServerCapabilitiesBuilder.choose_position_encoding(capabilities)


def test_pygls_rule_agrees_for_an_offer_without_utf16():
    capabilities = ClientCapabilities(general=GeneralClientCapabilities(position_encodings=[UTF8]))
    assert choose_position_encoding([UTF8]) == ServerCapabilitiesBuilder.choose_position_encoding(capabilities)


@pytest.mark.parametrize(
    ("encoding", "character", "index"),
    [
        pytest.param(UTF16, 3, 3, id="utf16-before-emoji"),
        pytest.param(UTF16, 5, 4, id="utf16-after-emoji"),
        pytest.param(UTF16, 4, 3, id="utf16-inside-surrogate-pair-snaps-back"),
        pytest.param(UTF8, 7, 4, id="utf8-after-emoji"),
        pytest.param(UTF8, 5, 3, id="utf8-inside-sequence-snaps-back"),
        pytest.param(UTF8, 12, 9, id="utf8-after-two-byte-char"),
        pytest.param(UTF32, 4, 4, id="utf32-is-the-string-index"),
        pytest.param(UTF16, 999, len(EMOJI_LINE), id="past-line-end-clamps"),
    ],
)
def test_offset_of_position_in_each_encoding(encoding, character, index):
    assert LineIndex(EMOJI_LINE).offset(Position(0, character), encoding) == index


@pytest.mark.parametrize("encoding", [UTF8, UTF16, UTF32])
@pytest.mark.parametrize("index", range(len(EMOJI_LINE) + 1))
def test_offset_and_position_round_trip(encoding, index):
    lines = LineIndex("first\n" + EMOJI_LINE)
    offset = 6 + index
    assert lines.offset(lines.position(offset, encoding), encoding) == offset


@pytest.mark.parametrize(
    ("text", "line", "content"),
    [
        pytest.param("a\nb", 1, "b", id="lf"),
        pytest.param("a\r\nb", 0, "a", id="crlf-not-in-content"),
        pytest.param("a\rb", 1, "b", id="lone-cr-breaks"),
        pytest.param("a\r\rb", 1, "", id="cr-then-cr"),
        pytest.param("a\u2028b\x0cc", 0, "a\u2028b\x0cc", id="unicode-separators-do-not-break"),
        pytest.param("a\n", 1, "", id="trailing-newline-gives-empty-last-line"),
    ],
)
def test_lines_end_only_at_lsp_line_breaks(text, line, content):
    assert LineIndex(text).line_text(line) == content


@pytest.mark.parametrize(
    ("position", "offset"),
    [
        pytest.param(Position(0, 0), 0, id="start"),
        pytest.param(Position(1, 1), 6, id="second-line"),
        pytest.param(Position(0, 50), 3, id="past-line-end-stops-before-break"),
        pytest.param(Position(9, 0), 7, id="past-last-line-is-text-end"),
        pytest.param(Position(2**31 - 1, 2**31 - 1), 7, id="huge-position"),
    ],
)
def test_out_of_range_positions_are_clamped(position, offset):
    assert LineIndex("abc\r\nxy").offset(position) == offset


def test_empty_text_has_one_empty_line():
    lines = LineIndex("")
    assert (lines.line_count, lines.offset(Position(3, 3)), lines.position(10)) == (1, 0, Position(0, 0))


def test_reversed_range_gives_ordered_offsets():
    lines = LineIndex("hello world")
    assert lines.offsets(Range(Position(0, 8), Position(0, 2))) == (2, 8)


def test_position_at_offset_inside_crlf_stays_on_its_line():
    assert LineIndex("ab\r\ncd").position(3) == Position(0, 2)


def test_lone_surrogate_counts_one_utf16_unit():
    lines = LineIndex("a\ud800b")
    assert (lines.position(2, UTF16), lines.offset(Position(0, 2), UTF16)) == (Position(0, 2), 2)


@pytest.mark.parametrize("kind", [PositionEncodingKind.Utf8, "utf-8"], ids=["enum", "string"])
def test_encoding_kinds_are_read_by_value(kind):
    assert (encoding_name(kind), choose_position_encoding([kind])) == (UTF8, UTF8)
