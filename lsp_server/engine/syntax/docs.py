"""The documentation a function or class already has: a Python docstring, or the comments right above
it (JSDoc/JavaDoc/KDoc/PHPDoc ``/** */``, Rust/C#/Swift ``///``, Go and Ruby ``//``/``#`` lines, ...),
returned as text without comment markers."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass

from tree_sitter import Node

from lsp_server.engine.syntax.tree import SyntaxTree
from lsp_server.engine.syntax.units import (
    BINDER_DEPTH,
    CLASSES,
    FUNCTIONS,
    SIBLING_ATTRIBUTES,
    SIGNATURES,
    descendants,
    function_name,
    functions,
    last_row,
    outer_span,
)

DOCSTRING_LANGUAGES = frozenset({"python"})
DOCUMENTED_DEPTH = BINDER_DEPTH
TRANSPARENT = frozenset({"statement_list", "declarations"})
"""Lists that wrap a file's first statements: a comment above them is above their first statement."""
"""Languages whose documentation is the first string of the body, not a comment above."""
_LINE_MARKER = re.compile(r"^[ \t]*(?:/\*\*?|\*+/|\*(?!/)|///?!?|//|#+'?|--+[ \t]*[|^]?|;+|%+|<#|#>)[ \t]?")
_BLOCK_END = re.compile(r"[ \t]*\*+/[ \t]*$|[ \t]*#>[ \t]*$")
_STRING_PREFIX = re.compile(r"^[rRbBuUfF]*('''|\"\"\"|'|\")")


@dataclass(frozen=True)
class Documentation:
    """A unit's documentation: its text without markers, and where it is written (characters)."""

    text: str
    start: int
    end: int
    kind: str
    """``docstring`` (inside the function) or ``comment`` (right above it)."""


def documentation(tree: SyntaxTree, node: Node) -> Documentation | None:
    """The docstring or doc comment of the function or class ``node``; None when it has none."""
    if tree.language in DOCSTRING_LANGUAGES:
        return docstring(tree, node)
    return leading_comment(tree, node)


def docstring(tree: SyntaxTree, node: Node) -> Documentation | None:
    """A Python function's or class's docstring: the string that is the first statement of its body."""
    body = node.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_children else None
    if first is None or first.type != "expression_statement" or first.named_child_count != 1:
        return None
    string = first.named_children[0]
    if string.type not in {"string", "concatenated_string"}:
        return None
    start, end = tree.span(string)
    return Documentation(_string_text(tree.node_text(string)), start, end, "docstring")


def leading_comment(tree: SyntaxTree, node: Node) -> Documentation | None:
    """The comments right above a unit (its decorators and binders included), no blank line between."""
    first = outer_span(node)[0]
    while first.prev_sibling is None and first.parent is not None and first.parent.type in TRANSPARENT:
        first = first.parent
    comments: list[Node] = []
    above = first.prev_sibling
    line = first.start_point[0]
    while above is not None and _is_comment(above) and line - last_row(above) <= 1:
        if _shares_line_with_code(above):
            break  # a trailing comment of the code before it
        comments.insert(0, above)
        line = above.start_point[0]
        above = above.prev_sibling
    if not comments:
        return None
    start, end = tree.char_offset(comments[0].start_byte), tree.char_offset(comments[-1].end_byte)
    written = tree.text[start:end].rstrip()
    return Documentation(comment_text(written), start, start + len(written), "comment")


def documented_unit(tree: SyntaxTree, comment: Node) -> Node | None:
    """The function or class that ``comment`` (a comment node) documents, if any."""
    following = comment.next_named_sibling
    while following is not None and (_is_comment(following) or following.type in SIBLING_ATTRIBUTES):
        following = following.next_named_sibling
    if following is not None and following.type in SIGNATURES:
        following = following.next_named_sibling
    if following is None:
        return None
    types = FUNCTIONS.get(tree.language, frozenset()) | CLASSES.get(tree.language, frozenset())
    at = tree.char_offset(comment.start_byte)
    for candidate in [following, *descendants(following, DOCUMENTED_DEPTH)]:
        if candidate.type in types:
            doc = leading_comment(tree, candidate)
            return candidate if doc is not None and doc.start <= at < doc.end else None
    return None


def _is_comment(node: Node) -> bool:
    return "comment" in node.type or node.type == "haddock"


def _shares_line_with_code(comment: Node) -> bool:
    before = comment.prev_sibling
    return before is not None and not _is_comment(before) and last_row(before) == comment.start_point[0]


def comment_text(comment: str) -> str:
    """Comment lines without their markers (``/**``, `` * ``, ``*/``, ``///``, ``//``, ``#``, ``--``, ...)."""
    lines = []
    for line in comment.splitlines():
        line = _BLOCK_END.sub("", line)
        lines.append(_LINE_MARKER.sub("", line, count=1).rstrip())
    return inspect.cleandoc("\n".join(lines)).strip()


def _string_text(literal: str) -> str:
    match = _STRING_PREFIX.match(literal)
    if match is None:
        return literal.strip()
    quote = match.group(1)
    inner = literal[match.end() :]
    if inner.endswith(quote):
        inner = inner[: -len(quote)]
    return inspect.cleandoc(inner).strip()


_SUMMARY_TAG = re.compile(r"^(\s*)[@\\](?:brief|short|summary|description)\b:?[ \t]*", re.IGNORECASE)
"""Doxygen's and JSDoc's markers of the summary itself: dropped, the text after them kept."""
_COMMAND_LINE = re.compile(r"^\s*(?:[@\\](?:rst|endrst|fn|def|internal|nosubgrouping|name\b.*)|[@\\][{}])\s*$")
"""Doxygen lines that hold no prose (``\\rst``, ``@{``, ``\\fn f(x)``): skipped."""
_CALL_SEQ = re.compile(r"^\s*:?call-seq:", re.IGNORECASE)
"""RDoc's block of call signatures, which runs to the first blank line: skipped."""
_TAG_LINE = re.compile(r"^\s*(?:@\w+|:(?:param|type|returns?|rtype|raises?)\b|\.\.\s+\w+::)")
_SECTION = re.compile(
    r"^\s*(?:Args|Arguments|Parameters|Returns?|Yields?|Raises|Examples?|Notes?|See Also|Attributes)"
    r"\s*:?\s*$|^\s*-{3,}\s*$",
    re.IGNORECASE,
)
_INLINE_LINK = re.compile(r"\{@\w+\s+([^}]+)\}")
_XML_TAG = re.compile(r"</?\w+(?:\s[^>]*)?/?>")
_MARKUP = re.compile(r"`{1,3}([^`]+)`{1,3}|\*\*([^*]+)\*\*|:\w+:`([^`]+)`")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'`])|(?<=[.!?])$")
MIN_WORDS = 2


def first_sentence(documentation: str) -> str | None:
    """The first sentence of a docstring or doc comment, cleaned of tags (``@param``, ``:returns:``),
    section headers, inline links and markup; None when the documentation has no sentence in it."""
    paragraph: list[str] = []
    in_call_seq = False
    for line in documentation.splitlines():
        in_call_seq = (in_call_seq and bool(line.strip())) or bool(_CALL_SEQ.match(line))
        if in_call_seq or _COMMAND_LINE.match(line):
            continue
        line = _SUMMARY_TAG.sub(r"\1", line)
        if _TAG_LINE.match(line) or _SECTION.match(line) or (not line.strip() and paragraph):
            break
        if line.strip():
            paragraph.append(line.strip())
    text = " ".join(paragraph)
    text = _INLINE_LINK.sub(lambda m: m.group(1).split()[-1].split("#")[-1], text)
    text = _XML_TAG.sub("", text)
    text = _MARKUP.sub(lambda m: next(g for g in m.groups() if g), text).strip()
    if len(text.split()) < MIN_WORDS:
        return None
    end = _SENTENCE_END.search(text)
    sentence = text[: end.start()].strip() if end and end.start() > 0 else text
    sentence = sentence[0].upper() + sentence[1:]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def own_documentation(tree: SyntaxTree) -> Documentation | None:
    """The documentation of the function a snippet consists of (its docstring, or the comments right
    above it); None when the snippet is not one function, or the function has none."""
    types = FUNCTIONS.get(tree.language, frozenset())
    code = [n for n in tree.root.named_children if not _is_comment(n) and n.type not in SIBLING_ATTRIBUTES]
    if len(code) != 1:
        return None
    candidates = [node for node in [code[0], *descendants(code[0], DOCUMENTED_DEPTH)] if node.type in types]
    function = next((node for node in candidates if outer_span(node)[1] == code[0] or node == code[0]), None)
    return documentation(tree, function) if function is not None else None


@dataclass(frozen=True)
class DocumentedFunction:
    """A function that has documentation: its code without it, its summary and its name."""

    code: str
    summary: str
    name: str


def documented_functions(tree: SyntaxTree) -> list[DocumentedFunction]:
    """Every named function in the tree whose documentation has a first sentence, in document order."""
    found = []
    for node in functions(tree):
        name = function_name(tree, node)
        doc = documentation(tree, node) if name else None
        summary = first_sentence(doc.text) if doc is not None else None
        if name and doc is not None and summary:
            start, end = tree.span(node)
            code = tree.text[start:end]
            if start <= doc.start and doc.end <= end:
                code = code[: doc.start - start] + code[doc.end - start :]
            found.append(DocumentedFunction(code, summary, name))
    return found
