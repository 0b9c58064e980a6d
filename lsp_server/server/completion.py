"""Completion: ``textDocument/completion`` suggests a label after ```` ``` ```` on a Markdown fence line.

The language the engine detects in the block below comes first, then every other language; only
labels matching what was typed after the backticks are offered. Triggered by the backtick.
"""

from __future__ import annotations

from lsprotocol import types

from lsp_server.engine import LanguageGuess
from lsp_server.server import snippets
from lsp_server.server.core import SnippetLensServer
from lsp_server.server.markdown import fence_label_choices, typed_fence_info
from lsp_server.server.positions import column_of_index
from lsp_server.server.render import percent


def register(server: SnippetLensServer) -> None:
    server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["`"]))(completion)


async def completion(ls: SnippetLensServer, params: types.CompletionParams) -> types.CompletionList | None:
    document = await ls.document(params.text_document.uri)
    if not ls.settings.enable_completion or document is None or document.fences is None:
        return None
    index, encoding = document.index, ls.position_encoding
    cursor = index.offset(params.position, encoding)
    line = index.line_of(cursor)
    before = index.text[index.starts[line] : cursor]
    typed = typed_fence_info(before)
    fence = next((f for f in document.fences if f.open_line == line), None)
    if typed is None or fence is None:
        return None  # not typing a fence's label (a closing fence takes none)
    snippet = snippets.fence_snippet(document, fence, ls.settings.max_snippet_lines)
    enrichment = await ls.analyze(snippet) if snippet is not None and snippet.text.strip() else None
    guess = enrichment.language if enrichment is not None and enrichment.language.is_known else None
    typed_from = types.Position(line=line, character=column_of_index(before, len(before) - len(typed), encoding))
    replace = types.Range(start=typed_from, end=index.position(cursor, encoding))
    return types.CompletionList(is_incomplete=False, items=label_items(typed, guess, replace))


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
