"""Hover: ``textDocument/hover`` shows what the engine makes of the snippet under the cursor.

The snippet is the client's current selection when the cursor is in it (VS Code reports selections
through ``textDocument/codeAction``), else the function around the cursor (then the class, then the
top-level statements) as the syntax tree has it, or the Markdown fence, or the block of non-blank
lines in a language without a grammar; see ``snippets.for_hover``.
"""

from __future__ import annotations

from dataclasses import replace

from lsprotocol import types
from pygls.capabilities import get_capability

from lsp_server.server import snippets
from lsp_server.server.core import SnippetLensServer
from lsp_server.server.render import preferred_markup, render_hover


def register(server: SnippetLensServer) -> None:
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)


async def hover(ls: SnippetLensServer, params: types.HoverParams) -> types.Hover | None:
    if not ls.settings.enable_hover:
        return None
    uri = params.text_document.uri
    ticket = ls.ticket("hover", uri)
    document = await ls.document(uri)
    if document is None:
        return None
    encoding = ls.position_encoding
    offset = document.index.offset(params.position, encoding)
    selection = ls.selection(uri, document.index)
    snippet = snippets.for_hover(document, offset, selection, ls.settings.max_snippet_lines)
    if snippet is None:
        return None
    enrichment = await ls.analyze(snippet, describe=True, ticket=ticket)
    if enrichment is None:
        return None
    if not ls.settings.enable_tags:
        enrichment = replace(enrichment, tags=())
    markup = preferred_markup(get_capability(ls.client_capabilities, "text_document.hover.content_format", None))
    return types.Hover(
        contents=render_hover(enrichment, markup), range=document.index.range(snippet.start, snippet.end, encoding)
    )
