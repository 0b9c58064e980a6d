"""A parsed snippet or document: the tree-sitter tree, and character offsets for its byte offsets."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node, Parser, Tree

from lsp_server.engine.syntax.grammars import grammar, has_grammar

ENCODING = "utf-8"
ERRORS = "surrogatepass"
"""Lone surrogates (editors send them) encode to three bytes instead of failing."""


@dataclass(frozen=True)
class SyntaxTree:
    """``text`` parsed as ``language``; offsets in and out are character offsets into ``text``."""

    text: str
    language: str
    tree: Tree
    data: bytes = field(repr=False)
    grammar_name: str = ""
    """The grammar that parsed it (``tsx`` for a TypeScript document with JSX)."""

    @property
    def root(self) -> Node:
        return self.tree.root_node

    @property
    def ascii(self) -> bool:
        return len(self.data) == len(self.text)

    def char_offset(self, byte: int) -> int:
        byte = min(byte, len(self.data))  # a node may end on the newline added for parsing
        return byte if self.ascii else len(self.data[:byte].decode(ENCODING, ERRORS))

    def byte_offset(self, char: int) -> int:
        return char if self.ascii else len(self.text[:char].encode(ENCODING, ERRORS))

    def span(self, node: Node) -> tuple[int, int]:
        """The node's [start, end) as character offsets."""
        return self.char_offset(node.start_byte), self.char_offset(node.end_byte)

    def node_text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode(ENCODING, ERRORS)

    def walk(self, node: Node | None = None) -> Iterator[Node]:
        """Every node under ``node`` (default: the root), in document order."""
        stack = [node or self.root]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))


def parse(text: str, language: str | None, previous: SyntaxTree | None = None) -> SyntaxTree | None:
    """``text`` parsed with ``language``'s grammar, or None when the language has none. With the tree of
    an earlier version of the same document, only what changed is parsed again."""
    if language is None or not has_grammar(language):
        return None
    data = text.encode(ENCODING, ERRORS)
    if previous is not None and previous.language == language and previous.grammar_name:
        reparsed = _reparse(previous, data)  # in the grammar chosen for the document's first version
        if reparsed is not None:
            return SyntaxTree(text, language, reparsed, data, previous.grammar_name)
    best: tuple[int, str, Tree] | None = None
    for name in dialects(language, text):
        tree = _parse_with(name, data)
        if tree is None:
            continue
        errors = _error_count(tree)
        if best is None or errors < best[0]:
            best = (errors, name, tree)
        if errors == 0:
            break
    return SyntaxTree(text, language, best[2], data, best[1]) if best else None


def _reparse(previous: SyntaxTree, data: bytes) -> Tree | None:
    """The new text parsed incrementally: the span between the common prefix and suffix is the edit."""
    compiled = grammar(previous.grammar_name)
    if compiled is None:
        return None
    old, data = _source(previous.data), _source(data)
    start = _common_prefix(old, data)
    tail = _common_prefix(old[start:][::-1], data[start:][::-1])
    old_end, new_end = len(old) - tail, len(data) - tail
    tree = previous.tree.copy()
    tree.edit(
        start_byte=start,
        old_end_byte=old_end,
        new_end_byte=new_end,
        start_point=_point(old, start),
        old_end_point=_point(old, old_end),
        new_end_point=_point(data, new_end),
    )
    return Parser(compiled).parse(data, tree)


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the common prefix, by halving (each comparison runs in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _point(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset)
    return row, offset - (data.rfind(b"\n", 0, offset) + 1)


@functools.lru_cache(maxsize=32)
def parse_snippet(text: str, language: str | None) -> SyntaxTree | None:
    """:func:`parse`, remembered for the last few snippets: the tagger's structural facts and the
    documentation lookup read the same snippet in one analysis."""
    return parse(text, language)


def dialects(language: str, text: str) -> tuple[str, ...]:
    """The grammars to try for ``language``, best guess first: TSX when plain TypeScript fails on JSX,
    PHP without ``<?php`` for a snippet cut out of a file."""
    if language == "typescript":
        return ("typescript", "tsx")
    if language == "php":
        return ("php",) if "<?" in text else ("php-only",)
    return (language,)


def _parse_with(name: str, data: bytes) -> Tree | None:
    compiled = grammar(name)
    if compiled is None:
        return None
    return Parser(compiled).parse(_source(data))


def _source(data: bytes) -> bytes:
    """What the parser reads: the text, ending with a newline. The external scanners of some grammars
    (tree-sitter-kotlin and -perl 1.x) loop forever at the end of input in the middle of a
    declaration, inside C and holding the GIL, where no timeout reaches; none did so at the end of a
    line."""
    return data if data.endswith(b"\n") else data + b"\n"


def _error_count(tree: Tree) -> int:
    """0 for a clean parse; otherwise how many error or missing nodes the tree holds (capped)."""
    if not tree.root_node.has_error:
        return 0
    count, stack = 0, [tree.root_node]
    while stack and count < 1000:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
        stack.extend(child for child in node.children if child.has_error or child.is_missing)
    return count
