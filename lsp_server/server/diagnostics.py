"""Diagnostics: ``textDocument/publishDiagnostics`` for unlabeled code fences in Markdown documents.

Published on ``didOpen`` and ``didChange`` (and for every open document when settings change),
cleared on ``didClose``. Fence parsing is cheap, so no model runs here: the quick fix in
``code_actions`` asks the engine which label to add.
"""

from __future__ import annotations

from lsprotocol import types

from lsp_server.server.core import SnippetLensServer
from lsp_server.server.markdown import unlabeled_fences
from lsp_server.server.snippets import Document

CODE = "unlabeled-fence"
SOURCE = "snippet-lens"
MESSAGE = "Code fence has no language label"
_SEVERITIES = {"information": types.DiagnosticSeverity.Information, "hint": types.DiagnosticSeverity.Hint}


def register(server: SnippetLensServer) -> None:
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)


async def did_open(ls: SnippetLensServer, params: types.DidOpenTextDocumentParams) -> None:
    await diagnostics(ls, params.text_document.uri)


async def did_change(ls: SnippetLensServer, params: types.DidChangeTextDocumentParams) -> None:
    await diagnostics(ls, params.text_document.uri)


def did_close(ls: SnippetLensServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.forget(params.text_document.uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


async def diagnostics(ls: SnippetLensServer, uri: str) -> None:
    """Publish one diagnostic per unlabeled fence of a Markdown document (none when disabled)."""
    text_document = ls.text_document(uri)
    version = text_document.version if text_document else None
    document = await ls.document(uri)
    if text_document is None or document is None or document.fences is None:
        return
    if ls.text_document(uri) is not text_document or text_document.version != version:
        return  # edited meanwhile: the diagnostics for the newer text are on their way
    found = []
    if ls.settings.enable_diagnostics:
        severity = _SEVERITIES[ls.settings.diagnostic_severity]
        found = fence_diagnostics(document, severity, ls.position_encoding)
    params = types.PublishDiagnosticsParams(uri=text_document.uri, diagnostics=found, version=version)
    ls.text_document_publish_diagnostics(params)


async def publish_all(ls: SnippetLensServer) -> None:
    for text_document in list(ls.workspace.text_documents.values()):
        await diagnostics(ls, text_document.uri)


def fence_diagnostics(document: Document, severity: types.DiagnosticSeverity, encoding: str) -> list[types.Diagnostic]:
    """A diagnostic on the opening line of each unlabeled fence."""
    index = document.index
    found = []
    for fence in unlabeled_fences(document.fences or ()):
        start = index.starts[fence.open_line] + fence.indent
        found.append(
            types.Diagnostic(
                range=index.range(start, index.line_end(fence.open_line), encoding),
                message=MESSAGE,
                severity=severity,
                code=CODE,
                source=SOURCE,
            )
        )
    return found
