"""Code actions: ``textDocument/codeAction`` offers "Label code fence as <lang>" for unlabeled fences
and "Insert concept tags as a comment" for a snippet with tags.

Edits travel in the actions themselves (many clients never call ``codeAction/resolve``); the label
action is the quick fix for the ``unlabeled-fence`` diagnostic. Each request without a kind filter
also reports where the client's selection is, which hover uses: VS Code asks for code actions on
every selection change. Tags are computed only when the user asks for actions, not on those
automatic requests.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.workspace import TextDocument

from lsp_server.server import comments, snippets
from lsp_server.server.core import SnippetLensServer
from lsp_server.server.diagnostics import CODE
from lsp_server.server.markdown import CodeFence, unlabeled_fences
from lsp_server.server.snippets import Document, Snippet

MAX_FENCES = 5
"""Fences labeled per request: a selection over a whole document must not run the model a thousand times."""
TAGS_TITLE = "Insert concept tags as a comment"
KINDS = (types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite)


def register(server: SnippetLensServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=False)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)


async def code_actions(ls: SnippetLensServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri, context = params.text_document.uri, params.context
    if not context.only:
        ls.remember_selection(uri, params.range)
    literals = get_capability(ls.client_capabilities, "text_document.code_action.code_action_literal_support", None)
    text_document, document = ls.text_document(uri), await ls.document(uri)
    if not (ls.settings.enable_code_actions and literals and text_document and document):
        return None
    start, end = document.index.offsets(params.range, ls.position_encoding)
    actions = []
    if document.fences and wanted(context.only, types.CodeActionKind.QuickFix):
        actions += await label_actions(ls, text_document, document, (start, end), context.diagnostics)
    asked = context.trigger_kind != types.CodeActionTriggerKind.Automatic
    if ls.settings.enable_tags and asked and wanted(context.only, types.CodeActionKind.RefactorRewrite):
        snippet = snippets.for_action(document, start, end, ls.settings.max_snippet_lines)
        action = await tags_action(ls, text_document, document, snippet) if snippet else None
        actions += [action] if action else []
    return actions or None


def wanted(only: Sequence[str] | None, kind: str) -> bool:
    """Whether the client's ``only`` filter lets ``kind`` through (``refactor`` covers ``refactor.rewrite``)."""
    value = str(getattr(kind, "value", kind))
    prefixes = [str(getattr(k, "value", k)) for k in only or ()]
    return not prefixes or any(p in ("", value) or value.startswith(p + ".") for p in prefixes)


async def label_actions(
    ls: SnippetLensServer,
    text_document: TextDocument,
    document: Document,
    span: tuple[int, int],
    diagnostics: Sequence[types.Diagnostic],
) -> list[types.CodeAction]:
    """One "Label code fence" action per unlabeled fence the range touches that the engine recognizes."""
    first, last = document.index.line_of(span[0]), document.index.line_of(span[1])
    touched = [
        fence
        for fence in unlabeled_fences(document.fences or ())
        if fence.open_line <= last and fence.last_line(document.index.line_count) >= first
    ]
    actions = []
    for fence in touched[:MAX_FENCES]:
        snippet = snippets.fence_snippet(document, fence, ls.settings.max_snippet_lines)
        enrichment = await ls.analyze(snippet) if snippet else None
        if enrichment is not None and enrichment.language.is_known:
            edit = label_edit(document, fence, enrichment.language.language, ls.position_encoding)
            actions.append(label_action(ls, text_document, edit, fence, diagnostics))
    return actions


async def tags_action(
    ls: SnippetLensServer, text_document: TextDocument, document: Document, snippet: Snippet
) -> types.CodeAction | None:
    """Insert ``tags: a, b`` as a comment above the snippet, in its language's comment syntax."""
    enrichment = await ls.analyze(snippet)
    if enrichment is None or not enrichment.tags:
        return None
    detected = enrichment.language.language if enrichment.language.is_known else None
    syntax = comments.syntax_for(comments.comment_language(document.language_id, detected))
    if syntax is None:
        return None
    text = comments.format_comment(comments.tags_comment([tag.id for tag in enrichment.tags]), syntax)
    edit = comment_edit(document, snippet, text, ls.position_encoding)
    return types.CodeAction(
        title=TAGS_TITLE,
        kind=types.CodeActionKind.RefactorRewrite,
        edit=workspace_edit(ls, text_document, [edit]),
    )


def comment_edit(document: Document, snippet: Snippet, comment: str, encoding: str) -> types.TextEdit:
    """``comment`` on a line of its own above the snippet's first non-blank line, indented like it."""
    index = document.index
    line = index.line_of(snippet.start + len(snippet.text) - len(snippet.text.lstrip()))
    text = index.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    line_end = index.line_end(line)
    eol = index.text[line_end : index.starts[line + 1]] if line + 1 < index.line_count else "\n"
    at = index.position(index.starts[line], encoding)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=f"{indent}{comment}{eol}")


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
    return types.CodeAction(
        title=f"Label code fence as {edit.new_text}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=fixes or None,
        is_preferred=True,
        edit=workspace_edit(ls, text_document, [edit]),
    )


def workspace_edit(
    ls: SnippetLensServer, text_document: TextDocument, edits: list[types.TextEdit]
) -> types.WorkspaceEdit:
    """Versioned ``documentChanges`` when the client takes them, else plain ``changes``."""
    if get_capability(ls.client_capabilities, "workspace.workspace_edit.document_changes", False):
        identifier = types.OptionalVersionedTextDocumentIdentifier(uri=text_document.uri, version=text_document.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(identifier, list(edits))])
    return types.WorkspaceEdit(changes={text_document.uri: list(edits)})
