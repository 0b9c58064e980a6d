"""A parsed snippet or document: the tree-sitter tree, and character offsets for its byte offsets."""

from __future__ import annotations

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

    @property
    def root(self) -> Node:
        return self.tree.root_node

    @property
    def ascii(self) -> bool:
        return len(self.data) == len(self.text)

    def char_offset(self, byte: int) -> int:
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


def parse(text: str, language: str | None) -> SyntaxTree | None:
    """``text`` parsed with ``language``'s grammar, or None when the language has none."""
    if language is None or not has_grammar(language):
        return None
    data = text.encode(ENCODING, ERRORS)
    best: tuple[int, Tree] | None = None
    for name in dialects(language, text):
        tree = _parse_with(name, data)
        if tree is None:
            continue
        errors = _error_count(tree)
        if best is None or errors < best[0]:
            best = (errors, tree)
        if errors == 0:
            break
    return SyntaxTree(text, language, best[1], data) if best else None


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
    return Parser(compiled).parse(data)


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
