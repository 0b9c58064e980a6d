"""Which text a request means, and which hints about it the engine may trust.

An explicit range wins. For hover: the selection the client last reported, if the cursor is in
it; else, in Markdown, the fence around the cursor (its label is a trusted hint), or the function
inside it when the label's language has a grammar; else, where the document's language has a
grammar, the innermost function or method around the cursor (then class, then the top-level
statements around it), whole, blank lines included; else the block of non-blank lines around the
cursor. Snippets are bounded in lines and characters. Only a snippet that is the whole document
carries the document's path and languageId: a selection inside a Markdown or HTML file is usually
another language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from lsp_server.engine import syntax
from lsp_server.engine.langid.names import languages_for_path, normalize
from lsp_server.server.markdown import CodeFence, fence_at_line, find_fences, is_markdown
from lsp_server.server.positions import LineIndex

MAX_SNIPPET_CHARS = 100_000


@dataclass(frozen=True)
class Document:
    """What a snippet can be cut from: the text and what the client said about it."""

    index: LineIndex
    path: str | None = None
    language_id: str | None = None
    fences: Sequence[CodeFence] | None = None
    """The Markdown fences, or None when the document is not Markdown."""
    tree: syntax.SyntaxTree | None = None
    """The document's syntax tree, when its language has a grammar."""

    @classmethod
    def parse(
        cls, text: str, path: str | None = None, language_id: str | None = None, previous: Document | None = None
    ) -> Document:
        """Index the lines; find the fences when the document is Markdown, else parse it when its language
        has a grammar (incrementally from ``previous``, an earlier version, when there is one)."""
        index = LineIndex(text)
        if is_markdown(language_id, path):
            return cls(index, path, language_id, find_fences(index.lines()))
        earlier = previous.tree if previous is not None else None
        return cls(index, path, language_id, None, syntax.parse(text, document_language(language_id, path), earlier))


def document_language(language_id: str | None, path: str | None) -> str | None:
    """The engine's language of a document: its languageId, else its file name when that is unambiguous."""
    named = normalize(language_id)
    if named is not None:
        return named
    candidates = languages_for_path(path) if path else ()
    return candidates[0] if len(candidates) == 1 else None


@dataclass(frozen=True)
class Snippet:
    """Text to analyze, where it lies in the document, and the hints that go with it."""

    text: str
    start: int
    end: int
    path: str | None = None
    language_hint: str | None = None
    document_language: str | None = None
    """The language of the code document a part was selected from: the answer unless the model finds
    strong evidence of an embedded language."""
    documentation: str | None = None
    """The docstring or doc comment of the function the snippet is, when it lies outside the snippet."""


CONTAINERS = frozenset({"markdown", "html", "xml", "json", "yaml", "toml", "ini"})
"""Documents whose parts are often another language (fences, templates, ``run:`` scripts): their
language is no evidence about a selection."""


def bounded_end(index: LineIndex, start: int, end: int, max_lines: int) -> int:
    """``end``, pulled back so that [start, end) spans at most ``max_lines`` lines and ``MAX_SNIPPET_CHARS``."""
    last_line = index.line_of(start) + max(1, max_lines) - 1
    if last_line + 1 < index.line_count:
        end = min(end, index.line_end(last_line))
    return min(end, start + MAX_SNIPPET_CHARS)


def from_range(doc: Document, start: int, end: int, max_lines: int) -> Snippet:
    """The snippet for an explicit range; the whole document when it covers all non-blank text."""
    text = doc.index.text
    whole = not text[:start].strip() and not text[end:].strip()
    end = bounded_end(doc.index, start, end, max_lines)
    if not whole:
        return Snippet(text[start:end], start, end, document_language=evidence_language(doc))
    return Snippet(text[start:end], start, end, path=doc.path, language_hint=trusted_language_id(doc.language_id))


def evidence_language(doc: Document) -> str | None:
    """The document's language as evidence about a part of it: only for programming languages."""
    language = normalize(doc.language_id)
    return language if language not in CONTAINERS else None


def trusted_language_id(language_id: str | None) -> str | None:
    """The engine's name for a client languageId, or None for ``plaintext`` and other non-answers."""
    return normalize(language_id)


def fence_snippet(doc: Document, fence: CodeFence, max_lines: int) -> Snippet | None:
    """A fence's body, with its label as the hint when it has one; None for an empty fence."""
    body = fence.body_lines(doc.index.line_count)
    if not body:
        return None
    start = doc.index.starts[body.start]
    end = bounded_end(doc.index, start, doc.index.line_end(body.stop - 1), max_lines)
    return Snippet(doc.index.text[start:end], start, end, language_hint=normalize(fence.label) if fence.label else None)


def fence_unit(doc: Document, fence: CodeFence, offset: int, max_lines: int) -> Snippet | None:
    """The function around ``offset`` inside a fence whose label's language has a grammar, parsed on
    its own; else the whole fence."""
    whole = fence_snippet(doc, fence, max_lines)
    language = normalize(fence.label) if fence.label else None
    if whole is None or not syntax.has_grammar(language) or not whole.start <= offset <= whole.end:
        return whole
    body = doc.index.text[whole.start : doc.index.line_end(fence.body_lines(doc.index.line_count).stop - 1)]
    tree = syntax.parse(body, language)
    at = past_indent(doc.index, offset) - whole.start
    unit = syntax.enclosing_unit(tree, at) if tree is not None else None
    if unit is None or unit.kind != "function":
        return whole
    start, end = whole.start + unit.start, whole.start + unit.end
    end = bounded_end(doc.index, start, end, max_lines)
    return Snippet(doc.index.text[start:end], start, end, language_hint=language)


def unit_around(doc: Document, offset: int, max_lines: int) -> tuple[int, int] | None:
    """[start, end) of the function, class or top-level statements around ``offset`` (see
    :func:`lsp_server.engine.syntax.enclosing_unit`), or of the unit a doc comment there documents;
    None without a tree, or when the unit is too long to hold the cursor within ``max_lines``."""
    if doc.tree is None:
        return None
    offset = past_indent(doc.index, offset)
    unit = syntax.enclosing_unit(doc.tree, offset) or documented_by(doc.tree, offset)
    if unit is None:
        return None
    start, end = unit.start, unit.end
    if doc.index.line_of(offset) - doc.index.line_of(start) >= max_lines:
        return None
    if unit.kind != "function" and doc.index.line_of(end) - doc.index.line_of(start) >= max_lines:
        return None  # a whole class or script would be cut off; the lines around the cursor say more
    return start, end


def past_indent(index: LineIndex, offset: int) -> int:
    """``offset``, moved to the line's first character when it lies in the line's indentation: the
    line belongs to what it starts, not to the block its indentation sits in."""
    line = index.line_of(offset)
    start, text = index.starts[line], index.line_text(line)
    code_start = start + len(text) - len(text.lstrip(" \t"))
    return code_start if offset < code_start < index.line_end(line) else offset


def documented_by(tree: syntax.SyntaxTree, offset: int) -> syntax.Unit | None:
    """In a doc comment: the function or class it documents, from the comment's start to its end."""
    node = tree.root.descendant_for_byte_range(tree.byte_offset(offset), tree.byte_offset(offset))
    if node is None or "comment" not in node.type:
        return None
    target = syntax.documented_unit(tree, node)
    if target is None:
        return None
    doc = syntax.documentation(tree, target)
    unit = syntax.enclosing_unit(tree, tree.char_offset(target.start_byte))
    if doc is None or unit is None:
        return None
    return syntax.Unit(doc.start, unit.end, unit.kind, unit.node)


@dataclass(frozen=True)
class SnippetFunction:
    """The first function a snippet holds: its name and its documentation (document offsets)."""

    name: str | None
    documentation: syntax.Documentation | None


def snippet_function(doc: Document, snippet: Snippet, language: str) -> SnippetFunction | None:
    """The first function in ``snippet``, read from the document's tree when the document is written in
    ``language`` (so a doc comment above the snippet counts), else from the snippet parsed alone."""
    tree, base = doc.tree, 0
    if tree is None or tree.language != language:
        tree, base = syntax.parse(snippet.text, language), snippet.start
    if tree is None:
        return None
    start = snippet.start - base + len(snippet.text) - len(snippet.text.lstrip())
    end = snippet.end - base
    node = next((f for f in syntax.functions(tree) if start <= tree.char_offset(f.start_byte) < end), None)
    if node is None:
        return None
    found = syntax.documentation(tree, node)
    if found is not None:
        found = replace(found, start=found.start + base, end=found.end + base)
    return SnippetFunction(syntax.function_name(tree, node), found)


def with_documentation(doc: Document, snippet: Snippet) -> Snippet:
    """``snippet`` carrying its function's doc comment when that comment lies above it, outside the text."""
    if doc.tree is None:
        return snippet
    function = snippet_function(doc, snippet, doc.tree.language)
    found = function.documentation if function is not None else None
    if found is None or found.start >= snippet.start:
        return snippet
    return replace(snippet, documentation=found.text)


def enclosing_block(index: LineIndex, line: int, max_lines: int) -> tuple[int, int] | None:
    """First and last line of the non-blank lines around ``line``, at most ``max_lines`` of them."""
    if not index.line_text(line).strip():
        return None
    first, last = line, line
    while last - first + 1 < max_lines:
        grew = False
        if first > 0 and index.line_text(first - 1).strip():
            first, grew = first - 1, True
        if last - first + 1 < max_lines and last + 1 < index.line_count and index.line_text(last + 1).strip():
            last, grew = last + 1, True
        if not grew:
            break
    return first, last


def for_hover(doc: Document, offset: int, selection: tuple[int, int] | None, max_lines: int) -> Snippet | None:
    """The snippet a hover at ``offset`` means; None on a blank line or Markdown prose."""
    if selection is not None and selection[0] <= offset <= selection[1] and selection[0] < selection[1]:
        return from_range(doc, selection[0], selection[1], max_lines)
    line = doc.index.line_of(offset)
    if doc.fences is not None:
        fence = fence_at_line(doc.fences, line, doc.index.line_count)
        return fence_unit(doc, fence, offset, max_lines) if fence else None
    unit = unit_around(doc, offset, max_lines)
    if unit is not None:
        return with_documentation(doc, from_range(doc, unit[0], unit[1], max_lines))
    block = enclosing_block(doc.index, line, max_lines)
    if block is None:
        return None
    return from_range(doc, doc.index.starts[block[0]], doc.index.line_end(block[1]), max_lines)


def for_action(doc: Document, start: int, end: int, max_lines: int) -> Snippet | None:
    """A code action's snippet: the selected text, else what a hover at ``start`` means."""
    if start < end and doc.index.text[start:end].strip():
        return from_range(doc, start, end, max_lines)
    return for_hover(doc, start, None, max_lines)


def block_below(doc: Document, line: int, max_lines: int) -> Snippet | None:
    """The code a comment on ``line`` is about: the function that starts right below it (where the
    document has a tree), else the lines right below it up to a blank line, else the block of lines
    around it; in Markdown, only inside the comment's fence."""
    below = function_below(doc, line, max_lines)
    if below is not None:
        return below
    first, last = 0, doc.index.line_count - 1
    if doc.fences is not None:
        fence = fence_at_line(doc.fences, line, doc.index.line_count)
        body = fence.body_lines(doc.index.line_count) if fence else range(0)
        if line not in body:
            return None
        first, last = body.start, body.stop - 1
    below_line = line
    while below_line < last and below_line - line < max_lines and doc.index.line_text(below_line + 1).strip():
        below_line += 1
    if below_line > line:
        return from_range(doc, doc.index.starts[line + 1], doc.index.line_end(below_line), max_lines)
    block = enclosing_block(doc.index, line, max_lines)
    if block is None:
        return None
    return from_range(doc, doc.index.starts[max(block[0], first)], doc.index.line_end(min(block[1], last)), max_lines)


def function_below(doc: Document, line: int, max_lines: int) -> Snippet | None:
    """The function whose declaration starts on the first line below ``line`` that is not a comment."""
    tree, index = doc.tree, doc.index
    if tree is None:
        return None
    for header in range(line + 1, min(index.line_count, line + max_lines)):
        offset = past_indent(index, index.starts[header])
        if not index.line_text(header).strip():
            return None
        node = tree.root.descendant_for_byte_range(tree.byte_offset(offset), tree.byte_offset(offset))
        if node is None:
            return None
        if "comment" in node.type:
            continue  # the rest of the comment being written, e.g. a closing " */"
        unit = syntax.enclosing_unit(tree, offset)
        if unit is None or unit.kind != "function" or index.line_of(unit.start) != header:
            return None
        return from_range(doc, unit.start, unit.end, max_lines)
    return None


def function_at_docstring(doc: Document, line: int, max_lines: int) -> Snippet | None:
    """The Python function whose docstring is being opened on ``line`` (right below its header), as the
    describer should read it: without that line."""
    tree, index = doc.tree, doc.index
    if tree is None or tree.language != "python":
        return None
    unit = syntax.enclosing_unit(tree, index.starts[line] + len(index.line_text(line)) - 1)
    if unit is None or unit.kind != "function" or unit.node is None:
        return None
    colon = next((child for child in unit.node.children if child.type == ":"), None)
    if colon is None or colon.end_point[0] + 1 != line:
        return None  # the docstring's line is right below the header's colon
    start, end = unit.start, unit.end
    text = index.text[start : index.starts[line]] + index.text[min(index.line_end(line) + 1, end) : end]
    return Snippet(text[: bounded_end(index, start, end, max_lines) - start], start, end, language_hint="python")
