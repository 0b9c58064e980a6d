"""Comment syntax per language, and the ``tags:`` comments that hold concept tags.

The only comment table: editors apply the server's code actions instead of writing comments
themselves. A language without comments (JSON) has no syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lsp_server.engine.langid.names import normalize


@dataclass(frozen=True)
class CommentSyntax:
    """A line comment (``close`` empty) or a block comment written on one line."""

    open: str
    close: str = ""


_LINE_COMMENTS: dict[str, tuple[str, ...]] = {
    "//": (
        "c",
        "cpp",
        "csharp",
        "dart",
        "fsharp",
        "go",
        "groovy",
        "java",
        "javascript",
        "kotlin",
        "objective-c",
        "pascal",
        "php",
        "rust",
        "scala",
        "swift",
        "typescript",
        "zig",
    ),
    "#": (
        "dockerfile",
        "elixir",
        "julia",
        "makefile",
        "nim",
        "perl",
        "powershell",
        "python",
        "r",
        "ruby",
        "shellscript",
        "toml",
        "yaml",
    ),
    "--": ("haskell", "lua", "sql"),
    "%": ("erlang", "matlab", "prolog"),
    ";;": ("clojure", "lisp", "scheme"),
    ";": ("asm", "ini"),
    "!": ("fortran",),
    "*>": ("cobol",),
    "'": ("vb",),
    "REM": ("bat",),
}
_BLOCK_COMMENTS: dict[str, tuple[str, str]] = {
    "html": ("<!--", "-->"),
    "xml": ("<!--", "-->"),
    "markdown": ("<!--", "-->"),
    "css": ("/*", "*/"),
    "ocaml": ("(*", "*)"),
}
SYNTAX: dict[str, CommentSyntax] = {
    **{language: CommentSyntax(marker) for marker, languages in _LINE_COMMENTS.items() for language in languages},
    **{language: CommentSyntax(*delimiters) for language, delimiters in _BLOCK_COMMENTS.items()},
}
CONTAINERS = frozenset({"markdown", "html"})
"""Documents that hold snippets of other languages: there the snippet's own language decides."""

_MARKERS = sorted({"::", "*", "/**", *(s.open for s in SYNTAX.values())}, key=len, reverse=True)
_TAGS_COMMENT = re.compile(
    r"^\s*(?:" + "|".join(re.escape(m) for m in _MARKERS) + r")\s*(?:tags:|@tags\b)", re.IGNORECASE
)


def syntax_for(language: str | None) -> CommentSyntax | None:
    """The comment syntax of an engine language id (or a client's spelling of one)."""
    name = normalize(language)
    return SYNTAX.get(name) if name else None


def comment_language(document_language: str | None, detected: str | None) -> str | None:
    """Whose comments to write: the document's, unless it is a container (Markdown, HTML, plain text)."""
    own = normalize(document_language)
    if own and own not in CONTAINERS and own in SYNTAX:
        return own
    return detected if detected in SYNTAX else None


def format_comment(text: str, syntax: CommentSyntax) -> str:
    """``text`` as one comment line (no indent, no line end); a closing delimiter inside is broken up."""
    if not syntax.close:
        return f"{syntax.open} {text}"
    safe = text.replace(syntax.close, f"{syntax.close[:-1]} {syntax.close[-1]}")
    return f"{syntax.open} {safe} {syntax.close}"


def tags_comment(tags: Sequence[str]) -> str:
    """The comment's text: ``tags: http-client, json``."""
    return "tags: " + ", ".join(tags)


@dataclass(frozen=True)
class TypedTags:
    """What a ``tags:`` comment holds before the cursor."""

    written: tuple[str, ...]
    """Tags already written, before the word being typed."""
    word: str
    """The partial tag at the cursor (maybe empty)."""
    needs_space: bool
    """The cursor sits right after ``tags:``/``@tags``: an inserted tag needs a space before it."""


def typed_tags(before_cursor: str) -> TypedTags | None:
    """For a line that so far is a comment starting with ``tags:`` or ``@tags``, what it lists; else None."""
    match = _TAGS_COMMENT.match(before_cursor)
    if match is None:
        return None
    rest = before_cursor[match.end() :]
    pieces = re.split(r"[\s,]+", rest)
    return TypedTags(tuple(p for p in pieces[:-1] if p), pieces[-1], needs_space=rest == "")
