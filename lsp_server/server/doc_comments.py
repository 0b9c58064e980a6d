"""Descriptions written into code: a comment above a snippet, a docstring, a doc comment.

Pure text helpers: which doc form a language uses, the lines to insert (without indentation), and
where a Python function's docstring goes. The code-action and completion handlers place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsp_server.server.comments import CommentSyntax

BLOCK_DOC = frozenset(
    {"c", "cpp", "dart", "groovy", "java", "javascript", "kotlin", "objective-c", "php", "scala", "swift", "typescript"}
)
PYTHON_DEF = re.compile(r"^(\s*)(?:async\s+)?def\s+\w+")
GO_FUNC = re.compile(r"^\s*func\s*(?:\([^)]*\)\s*)?(\w+)")
FUNCTION_HEADER = re.compile(
    r"^\s*(?:@\w|#\[|(?:export\s+|pub(?:\(\w+\))?\s+|async\s+|static\s+|public\s+|private\s+|protected\s+|override\s+)*"
    r"(?:def|func|fn|function|fun|sub|proc|defn?)\b|[\w<>\[\],\s*&:]+\s*\**\b\w+\s*\([^;]*$)"
)
"""A line that starts a function or method (or its decorator/attribute), in the common languages."""
COMMENT_OPENER = re.compile(r"^\s*(#|//[/!]?|/\*\*?|\*|--|;;)\s*$")
DOCSTRING_OPENER = re.compile(r'^\s*(?:[rR]?"""|[rR]?\'\'\')\s*$')


@dataclass(frozen=True)
class DocForm:
    """How a language documents a function: the action's title and the comment lines for a description."""

    title: str
    lines: tuple[str, ...]


def sentence(description: str) -> str:
    return " ".join(description.split())


def doc_form(language: str, description: str, code: str) -> DocForm | None:
    """The doc comment a language's tools read, for ``description`` of ``code``; None for Python (it
    takes a docstring, see :func:`docstring_insertion`) and for languages without a convention here."""
    text = sentence(description)
    if language in BLOCK_DOC:
        return DocForm("Insert description as doc comment", ("/**", f" * {text.replace('*/', '* /')}", " */"))
    if language == "csharp":
        return DocForm("Insert description as doc comment", (f"/// <summary>{_xml_escape(text)}</summary>",))
    if language == "rust":
        return DocForm("Insert description as doc comment", (f"/// {text}",))
    if language == "go":
        return DocForm("Insert description as doc comment", (f"// {_go_sentence(text, code)}",))
    return None


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _go_sentence(text: str, code: str) -> str:
    """Go doc comments start with the name they document: ``// Parse reads ...``."""
    match = next((m for m in map(GO_FUNC.match, code.splitlines()) if m), None)
    if match is None or text.split(" ", 1)[0] == match.group(1):
        return text
    return f"{match.group(1)} {text[0].lower()}{text[1:]}"


def comment_lines(description: str, syntax: CommentSyntax) -> tuple[str, ...]:
    """The description as one comment line in ``syntax``."""
    text = sentence(description)
    if not syntax.close:
        return (f"{syntax.open} {text}",)
    safe = text.replace(syntax.close, f"{syntax.close[:-1]} {syntax.close[-1]}")
    return (f"{syntax.open} {safe} {syntax.close}",)


@dataclass(frozen=True)
class DocstringInsertion:
    """A docstring line to insert before ``line`` (0-based, relative to the snippet), indentation included."""

    line: int
    text: str


def docstring_insertion(code: str, description: str) -> DocstringInsertion | None:
    """Where the first Python function in ``code`` takes its docstring, and the docstring line; None when
    there is no function or it already has a docstring."""
    lines = code.split("\n")
    start = next((i for i, line in enumerate(lines) if PYTHON_DEF.match(line)), None)
    if start is None:
        return None
    header_end = _header_end(lines, start)
    if header_end is None:
        return None
    body = next((i for i in range(header_end + 1, len(lines)) if lines[i].strip()), None)
    def_indent = PYTHON_DEF.match(lines[start]).group(1)  # type: ignore[union-attr]
    if body is None or len(_indent(lines[body])) <= len(def_indent):
        return None  # a one-line body after the colon, or no body in the snippet
    if lines[body].lstrip().startswith(('"""', "'''", 'r"""', "r'''")):
        return None
    text = sentence(description).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return DocstringInsertion(header_end + 1, f'{_indent(lines[body])}"""{text}"""')


def _header_end(lines: list[str], start: int) -> int | None:
    """The line whose colon ends the ``def`` header starting at ``start`` (headers may span lines)."""
    depth = 0
    for i in range(start, min(len(lines), start + 30)):
        code = lines[i].split("#", 1)[0]
        depth += code.count("(") + code.count("[") - code.count(")") - code.count("]")
        if depth <= 0 and code.rstrip().endswith(":"):
            return i
    return None


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def is_function_header(line: str) -> bool:
    return bool(FUNCTION_HEADER.match(line)) and not line.strip().startswith(("if", "for", "while", "return", "switch"))


def opened_comment(before_cursor: str) -> str | None:
    """The comment marker when the line so far is only an empty comment (``# ``, ``// ``, `` * ``...)."""
    match = COMMENT_OPENER.match(before_cursor)
    return match.group(1) if match else None


def opened_docstring(before_cursor: str) -> bool:
    """The line so far opens a Python docstring and nothing more."""
    return bool(DOCSTRING_OPENER.match(before_cursor))
