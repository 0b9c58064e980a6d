"""An :class:`Enrichment` as hover text: Markdown, or plain text for clients that show no Markdown.

The hover is a list of rows (label and value), one section per thing the engine knows: the
language, the concept tags (``#tag`` chips), the description, then notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lsprotocol.types import MarkupContent, MarkupKind

from lsp_server.engine import Enrichment, LanguageGuess
from lsp_server.engine.describer.exemplars import WORKSPACE

CLOSE_RATIO = 0.35
"""An alternative is shown when its probability is at least this share of the best one's."""

_SOURCES = {
    "shebang": "from the shebang line",
    "modeline": "from the editor modeline",
    "fence": "from the fence label",
    "filename": "from the file name",
    "extension": "from the file extension",
    "hint": "as labeled",
    "binary": "looks like binary data",
    "empty": "nothing to analyze",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


@dataclass(frozen=True)
class Code:
    """Text shown as code in Markdown: a language id, a tag."""

    text: str


@dataclass(frozen=True)
class Row:
    """One line of the hover: ``label: parts``, or a paragraph when there is no label."""

    label: str | None
    parts: tuple[str | Code, ...]


def percent(probability: float) -> str:
    return f"{round(probability * 100)}%"


def close_alternatives(guess: LanguageGuess) -> list[tuple[str, float]]:
    """The alternatives worth showing: those near the best probability."""
    best = max([guess.confidence, *(p for _, p in guess.alternatives)])
    return [(lang, p) for lang, p in guess.alternatives if p >= CLOSE_RATIO * best and lang != guess.language]


def language_rows(enrichment: Enrichment) -> list[Row]:
    guess = enrichment.language
    how = _SOURCES.get(guess.source)
    if guess.is_known:
        detail = percent(guess.confidence) + (f", {how}" if how else "")
        rows = [Row("Language", (Code(guess.language), f" ({detail})"))]
    else:
        rows = [Row("Language", (f"unknown ({how})" if how else "unknown",))]
    alternatives = close_alternatives(guess)
    if alternatives:
        listed: list[str | Code] = []
        for lang, p in alternatives:
            listed += [", "] if listed else []
            listed += [Code(lang), f" {percent(p)}"]
        rows.append(Row("Could also be" if guess.is_known else "Best guesses", tuple(listed)))
    return rows


def tag_rows(enrichment: Enrichment) -> list[Row]:
    """``Tags: #http-client #json``, or nothing when there are no tags."""
    if not enrichment.tags:
        return []
    chips: list[str | Code] = []
    for tag in enrichment.tags:
        chips += [" "] if chips else []
        chips.append(Code(f"#{tag.id}"))
    return [Row("Tags", tuple(chips))]


def description_rows(enrichment: Enrichment) -> list[Row]:
    """The one-sentence description, or nothing; a borrowed one names the function it comes from."""
    if not enrichment.description:
        return []
    exemplar = enrichment.description_exemplar
    if exemplar is None:
        return [Row("Description", (enrichment.description,))]
    where = "in an open file" if exemplar.origin == WORKSPACE else "in similar code"
    return [Row("Description", (enrichment.description, " (after ", Code(exemplar.name), f" {where})"))]


def warning_rows(enrichment: Enrichment) -> list[Row]:
    return [Row("Note", (warning,)) for warning in enrichment.warnings]


SECTIONS: tuple[Callable[[Enrichment], list[Row]], ...] = (language_rows, tag_rows, description_rows, warning_rows)
"""In hover order."""


def _markdown_row(row: Row) -> str:
    value = "".join(
        f"`{part.text}`" if isinstance(part, Code) else _MARKDOWN_SPECIAL.sub(r"\\\1", part) for part in row.parts
    )
    return f"**{row.label}:** {value}" if row.label else value


def _plain_row(row: Row) -> str:
    value = "".join(part.text if isinstance(part, Code) else part for part in row.parts)
    return f"{row.label}: {value}" if row.label else value


def preferred_markup(content_format: Sequence[str] | None) -> MarkupKind:
    """Markdown when the client lists it among its hover formats, plain text otherwise."""
    return MarkupKind.Markdown if MarkupKind.Markdown in (content_format or ()) else MarkupKind.PlainText


def render_hover(enrichment: Enrichment, kind: MarkupKind = MarkupKind.Markdown) -> MarkupContent:
    rows = [row for section in SECTIONS for row in section(enrichment)]
    if kind == MarkupKind.Markdown:
        return MarkupContent(kind=kind, value="  \n".join(_markdown_row(row) for row in rows))
    return MarkupContent(kind=kind, value="\n".join(_plain_row(row) for row in rows))
