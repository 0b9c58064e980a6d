"""The ``snippetLens.describe`` command (``workspace/executeCommand``): the engine's JSON for a range.

Editors bind it to "Describe selection". Arguments: one object ``{"uri": ..., "range": ...}``;
without a range the whole document is described; an empty range (a cursor) means what hover there
means: the function around it (see ``snippets.for_hover``). The answer is ``Enrichment.to_json()``, the
shape ``snippet-lens analyze`` prints, or null for a document the server does not have open.
"""

from __future__ import annotations

from typing import Any

import attrs
from lsprotocol import types

from lsp_server.server import snippets
from lsp_server.server.core import SnippetLensServer

COMMAND = "snippetLens.describe"


@attrs.define
class DescribeArguments:
    uri: str
    range: types.Range | None = None


def register(server: SnippetLensServer) -> None:
    server.command(COMMAND)(describe)


async def describe(ls: SnippetLensServer, args: DescribeArguments) -> dict[str, Any] | None:
    document = await ls.document(args.uri)
    if document is None:
        return None
    if args.range is None:
        start, end = 0, len(document.index.text)
    else:
        start, end = document.index.offsets(args.range, ls.position_encoding)
    max_lines = ls.settings.max_snippet_lines
    if start == end and args.range is not None:
        snippet = snippets.for_hover(document, start, None, max_lines)
    else:
        snippet = snippets.from_range(document, start, end, max_lines)
    if snippet is None:
        return None
    enrichment = await ls.analyze(snippet, describe=True)
    return enrichment.to_json() if enrichment is not None else None
