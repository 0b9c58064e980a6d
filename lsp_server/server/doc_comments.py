"""Descriptions written into code: a comment above a snippet, a docstring, a doc comment.

Pure text helpers: which doc form a language uses, the lines to insert (without indentation), and
where a Python function's docstring goes. The code-action and completion handlers place them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsp_server.engine import syntax
from lsp_server.server.comments import CommentSyntax, format_comment

BLOCK_DOC = frozenset(
    {"c", "cpp", "dart", "groovy", "java", "javascript", "kotlin", "objective-c", "php", "scala", "swift", "typescript"}
)
COMMENT_OPENER = re.compile(r"^\s*(#|//[/!]?|/\*\*?|\*|--|;;)\s*$")
DOCSTRING_OPENER = re.compile(r'^\s*(?:[rR]?"""|[rR]?\'\'\')\s*$')


@dataclass(frozen=True)
class DocForm:
    """How a language documents a function: the action's title and the comment lines for a description."""

    title: str
    lines: tuple[str, ...]


def sentence(description: str) -> str:
    return " ".join(description.split())


def doc_form(language: str, description: str, name: str | None = None) -> DocForm | None:
    """The doc comment a language's tools read, for ``description`` of the function called ``name``; None
    for Python (it takes a docstring, see :func:`docstring_insertion`) and for languages without a
    convention here."""
    text = sentence(description)
    if language in BLOCK_DOC:
        return DocForm("Insert description as doc comment", ("/**", f" * {text.replace('*/', '* /')}", " */"))
    if language == "csharp":
        return DocForm("Insert description as doc comment", (f"/// <summary>{_xml_escape(text)}</summary>",))
    if language == "rust":
        return DocForm("Insert description as doc comment", (f"/// {text}",))
    if language == "go":
        return DocForm("Insert description as doc comment", (f"// {_go_sentence(text, name)}",))
    return None


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _go_sentence(text: str, name: str | None) -> str:
    """Go doc comments start with the name they document: ``// Parse reads ...``."""
    if not name or text.split(" ", 1)[0] == name:
        return text
    return f"{name} {text[0].lower()}{text[1:]}"


def comment_lines(description: str, comment_syntax: CommentSyntax) -> tuple[str, ...]:
    """The description as one comment line in ``comment_syntax``."""
    return (format_comment(sentence(description), comment_syntax),)


@dataclass(frozen=True)
class DocstringInsertion:
    """A docstring line to insert before ``line`` (0-based, relative to the snippet), indentation included."""

    line: int
    text: str


def docstring_insertion(code: str, description: str) -> DocstringInsertion | None:
    """Where the first Python function in ``code`` takes its docstring (before the first statement of its
    body, at that statement's indentation), and the docstring line; None when there is no function, its
    body sits on the ``def`` line, or it already has a docstring."""
    tree = syntax.parse(code, "python")
    if tree is None:
        return None
    node = next(iter(syntax.functions(tree)), None)
    body = node.child_by_field_name("body") if node is not None else None
    if node is None or body is None or not body.named_children or syntax.documentation(tree, node) is not None:
        return None
    first = body.named_children[0]
    header_line = (node.child_by_field_name("parameters") or node).end_point[0]
    if first.start_point[0] <= header_line:
        return None  # a one-line body after the colon
    line = first.start_point[0]
    indent = code.split("\n")[line][: first.start_point[1]]
    return DocstringInsertion(line, f"{indent}{docstring_literal(description)}")


def docstring_literal(description: str) -> str:
    """``description`` as a one-line triple-quoted string that stays valid Python."""
    text = sentence(description).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    return f'"""{text}"""'


def opened_comment(before_cursor: str) -> str | None:
    """The comment marker when the line so far is only an empty comment (``# ``, ``// ``, `` * ``...)."""
    match = COMMENT_OPENER.match(before_cursor)
    return match.group(1) if match else None


def opened_docstring(before_cursor: str) -> bool:
    """The line so far opens a Python docstring and nothing more."""
    return bool(DOCSTRING_OPENER.match(before_cursor))
