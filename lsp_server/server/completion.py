"""Completion: ``textDocument/completion`` suggests a label after ```` ``` ```` on a Markdown fence line,
concept tags in a comment that starts with ``tags:`` or ``@tags``, and the description of a function
in an empty comment right above it (``#``, ``//``, ``///``, `` * ``...) or in an empty docstring right
below its ``def``.

Fence labels: the language the engine detects in the block below comes first, then every other
language; only labels matching what was typed after the backticks are offered. Tags: those the
engine predicts for the code below the comment (else the block around it), best first, without
the ones already written. Triggered by the backtick, by ``:``, space and ``,`` for tags, and by the
comment and docstring characters.
"""

from __future__ import annotations

from lsprotocol import types

from lsp_server.engine import LanguageGuess, Tag
from lsp_server.server import comments, doc_comments, snippets
from lsp_server.server.core import SnippetLensServer, Ticket
from lsp_server.server.markdown import fence_label_choices, typed_fence_info
from lsp_server.server.positions import column_of_index
from lsp_server.server.render import percent
from lsp_server.server.snippets import Document, Snippet

TRIGGER_CHARACTERS = ["`", ":", " ", ",", '"', "#", "/", "*"]


def register(server: SnippetLensServer) -> None:
    options = types.CompletionOptions(trigger_characters=TRIGGER_CHARACTERS)
    server.feature(types.TEXT_DOCUMENT_COMPLETION, options)(completion)


async def completion(ls: SnippetLensServer, params: types.CompletionParams) -> types.CompletionList | None:
    ticket = ls.ticket("completion", params.text_document.uri)
    document = await ls.document(params.text_document.uri)
    if not ls.settings.enable_completion or document is None:
        return None
    index, encoding = document.index, ls.position_encoding
    cursor = index.offset(params.position, encoding)
    line = index.line_of(cursor)
    before = index.text[index.starts[line] : cursor]
    typed_tags = comments.typed_tags(before) if ls.settings.enable_tags else None
    if typed_tags is not None:
        return await tag_completion(ls, document, line, before, typed_tags, ticket)
    target = description_target(document, line, before, ls.settings.max_snippet_lines)
    if target is not None and ls.settings.enable_descriptions:
        return await description_completion(ls, target, params.position, before, ticket)
    typed = typed_fence_info(before) if document.fences is not None else None
    fence = next((f for f in document.fences or () if f.open_line == line), None)
    if typed is None or fence is None:
        return None  # not typing a fence's label (a closing fence takes none)
    snippet = snippets.fence_snippet(document, fence, ls.settings.max_snippet_lines)
    enrichment = await ls.analyze(snippet, ticket=ticket) if snippet is not None and snippet.text.strip() else None
    guess = enrichment.language if enrichment is not None and enrichment.language.is_known else None
    replace = typed_range(document, line, before, typed, encoding)
    return types.CompletionList(is_incomplete=False, items=label_items(typed, guess, replace))


def typed_range(document: Document, line: int, before: str, typed: str, encoding: str) -> types.Range:
    """The range of ``typed``, the text right before the cursor on ``line``."""
    start = types.Position(line=line, character=column_of_index(before, len(before) - len(typed), encoding))
    end = types.Position(line=line, character=column_of_index(before, len(before), encoding))
    return types.Range(start=start, end=end)


def label_items(typed: str, guess: LanguageGuess | None, replace: types.Range) -> list[types.CompletionItem]:
    """One item per matching label, the detected language first and preselected."""
    items = []
    for rank, language in enumerate(fence_label_choices(typed, guess.language if guess else None)):
        detected = guess is not None and language == guess.language
        items.append(
            types.CompletionItem(
                label=language,
                kind=types.CompletionItemKind.Value,
                sort_text=f"{rank:04d}",
                filter_text=language if language.startswith(typed.lower()) else typed,
                preselect=detected or None,
                detail=f"detected by Snippet Lens ({percent(guess.confidence)})" if guess and detected else None,
                text_edit=types.TextEdit(range=replace, new_text=language),
            )
        )
    return items


async def tag_completion(
    ls: SnippetLensServer, document: Document, line: int, before: str, typed: comments.TypedTags, ticket: Ticket
) -> types.CompletionList | None:
    """The predicted tags of the code the ``tags:`` comment on ``line`` is about."""
    snippet = snippets.block_below(document, line, ls.settings.max_snippet_lines)
    enrichment = await ls.analyze(snippet, ticket=ticket) if snippet is not None else None
    if enrichment is None:
        return None
    fresh = [tag for tag in enrichment.tags if tag.id not in typed.written]
    replace = typed_range(document, line, before, typed.word, ls.position_encoding)
    return types.CompletionList(is_incomplete=False, items=tag_items(fresh, replace, typed.needs_space))


def tag_items(tags: list[Tag], replace: types.Range, needs_space: bool) -> list[types.CompletionItem]:
    """One item per tag, best first; each replaces the partial word before the cursor."""
    return [
        types.CompletionItem(
            label=tag.id,
            kind=types.CompletionItemKind.Keyword,
            sort_text=f"{rank:04d}",
            filter_text=tag.id,
            preselect=rank == 0 or None,
            detail=f"concept tag ({percent(tag.score)})",
            text_edit=types.TextEdit(range=replace, new_text=f" {tag.id}" if needs_space else tag.id),
        )
        for rank, tag in enumerate(tags)
    ]


def description_target(document: Document, line: int, before: str, max_lines: int) -> Snippet | None:
    """The function a fresh empty comment (above it) or docstring (at its top) on ``line`` documents."""
    if doc_comments.opened_comment(before) is not None:
        return snippets.function_below(document, line, max_lines)
    if doc_comments.opened_docstring(before):
        return snippets.function_at_docstring(document, line, max_lines)
    return None


async def description_completion(
    ls: SnippetLensServer, target: Snippet, position: types.Position, before: str, ticket: Ticket
) -> types.CompletionList | None:
    """The description as one item, inserted at the cursor (after a space when the marker needs one)."""
    enrichment = await ls.analyze(target, describe=True, ticket=ticket)
    if enrichment is None or not enrichment.description:
        return None
    description = enrichment.description
    spaced = before.endswith((" ", "\t")) or doc_comments.opened_docstring(before)
    text = description if spaced else f" {description}"
    item = types.CompletionItem(
        label=description if len(description) <= 60 else description[:57] + "...",
        kind=types.CompletionItemKind.Text,
        detail="description by Snippet Lens",
        documentation=description,
        preselect=True,
        filter_text=text,
        text_edit=types.TextEdit(range=types.Range(start=position, end=position), new_text=text),
    )
    return types.CompletionList(is_incomplete=False, items=[item])
