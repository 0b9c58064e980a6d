"""Code actions: ``textDocument/codeAction`` offers "Label code fence as <lang>" for unlabeled fences.

The edit travels in the action itself (many clients never call ``codeAction/resolve``), and the
action is the quick fix for the ``unlabeled-fence`` diagnostic. Each request without a kind filter
also reports where the client's selection is, which hover uses: VS Code asks for code actions on
every selection change.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.workspace import TextDocument

from lsp_server.server import snippets
from lsp_server.server.core import SnippetLensServer
from lsp_server.server.diagnostics import CODE
from lsp_server.server.markdown import CodeFence, unlabeled_fences
from lsp_server.server.snippets import Document

MAX_FENCES = 5
"""Fences labeled per request: a selection over a whole document must not run the model a thousand times."""


def register(server: SnippetLensServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix], resolve_provider=False)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)


async def code_actions(ls: SnippetLensServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri, only = params.text_document.uri, params.context.only
    if not only:
        ls.remember_selection(uri, params.range)
    literals = get_capability(ls.client_capabilities, "text_document.code_action.code_action_literal_support", None)
    wanted = not only or any(kind in ("", types.CodeActionKind.QuickFix) for kind in only)
    text_document, document = ls.text_document(uri), await ls.document(uri)
    if not (ls.settings.enable_code_actions and literals and wanted and text_document and document and document.fences):
        return None
    start, end = document.index.offsets(params.range, ls.position_encoding)
    first, last = document.index.line_of(start), document.index.line_of(end)
    touched = [
        fence
        for fence in unlabeled_fences(document.fences)
        if fence.open_line <= last and fence.last_line(document.index.line_count) >= first
    ]
    actions = []
    for fence in touched[:MAX_FENCES]:
        snippet = snippets.fence_snippet(document, fence, ls.settings.max_snippet_lines)
        enrichment = await ls.analyze(snippet) if snippet else None
        if enrichment is not None and enrichment.language.is_known:
            edit = label_edit(document, fence, enrichment.language.language, ls.position_encoding)
            actions.append(label_action(ls, text_document, edit, fence, params.context.diagnostics))
    return actions or None


def label_edit(document: Document, fence: CodeFence, language: str, encoding: str) -> types.TextEdit:
    """Insert ``language`` right after the fence's backticks."""
    at = document.index.position(document.index.starts[fence.open_line] + fence.info_column, encoding)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=language)


def label_action(
    ls: SnippetLensServer,
    text_document: TextDocument,
    edit: types.TextEdit,
    fence: CodeFence,
    diagnostics: Sequence[types.Diagnostic],
) -> types.CodeAction:
    fixes = [d for d in diagnostics if d.code == CODE and d.range.start.line == fence.open_line]
    if get_capability(ls.client_capabilities, "workspace.workspace_edit.document_changes", False):
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=text_document.uri, version=text_document.version)
        workspace_edit = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(identifier, [edit])])
    else:
        workspace_edit = types.WorkspaceEdit(changes={text_document.uri: [edit]})
    return types.CodeAction(
        title=f"Label code fence as {edit.new_text}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=fixes or None,
        is_preferred=True,
        edit=workspace_edit,
    )
