"""Code actions: ``textDocument/codeAction`` offers "Label code fence as <lang>" for unlabeled fences,
and for the selected snippet "Insert concept tags as a comment", "Insert description as comment" and
the language's own form: "Insert docstring" (Python) or "Insert description as doc comment"
(``/** */`` in the C family, ``///`` in Rust and C#, ``// Name ...`` in Go), or "Replace ..." when
the function already has documentation (found in the syntax tree).

Edits travel in the actions themselves (many clients never call ``codeAction/resolve``); the label
action is the quick fix for the ``unlabeled-fence`` diagnostic. Each request without a kind filter
also reports where the client's selection is, which hover uses: VS Code asks for code actions on
every selection change. Tags and descriptions are computed only when the user asks for actions, not
on those automatic requests.
"""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.workspace import TextDocument

from lsp_server.engine import Enrichment
from lsp_server.server import comments, doc_comments, snippets
from lsp_server.server.core import SnippetLensServer
from lsp_server.server.diagnostics import CODE
from lsp_server.server.markdown import CodeFence, unlabeled_fences
from lsp_server.server.positions import LineIndex
from lsp_server.server.snippets import Document, Snippet

MAX_FENCES = 5
"""Fences labeled per request: a selection over a whole document must not run the model a thousand times."""
TAGS_TITLE = "Insert concept tags as a comment"
DESCRIPTION_TITLE = "Insert description as comment"
DOCSTRING_TITLE = "Insert docstring"
REPLACE_DOCSTRING_TITLE = "Replace docstring with description"
REPLACE_DOC_TITLE = "Replace doc comment with description"
KINDS = (types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite)


def register(server: SnippetLensServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=list(KINDS), resolve_provider=False)
    server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)(code_actions)


async def code_actions(ls: SnippetLensServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri, context = params.text_document.uri, params.context
    ticket = ls.ticket("codeAction", uri) if context.trigger_kind != types.CodeActionTriggerKind.Automatic else None
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
    rewrites = ls.settings.enable_tags or ls.settings.enable_descriptions
    if rewrites and asked and wanted(context.only, types.CodeActionKind.RefactorRewrite):
        snippet = snippets.for_action(document, start, end, ls.settings.max_snippet_lines)
        enrichment = await ls.analyze(snippet, describe=True, ticket=ticket) if snippet else None
        if snippet and enrichment:
            actions += rewrite_actions(ls, text_document, document, snippet, enrichment)
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


def rewrite_actions(
    ls: SnippetLensServer, text_document: TextDocument, document: Document, snippet: Snippet, enrichment: Enrichment
) -> list[types.CodeAction]:
    """Tags as a comment; the description as a comment and as the language's docstring or doc comment."""
    detected = enrichment.language.language if enrichment.language.is_known else None
    language = comments.comment_language(document.language_id, detected)
    syntax = comments.syntax_for(language)
    edits: list[tuple[str, types.TextEdit]] = []
    if ls.settings.enable_tags and enrichment.tags and syntax is not None:
        text = comments.format_comment(comments.tags_comment([tag.id for tag in enrichment.tags]), syntax)
        edits.append((TAGS_TITLE, comment_edit(document, snippet, [text], ls.position_encoding)))
    description = enrichment.description if ls.settings.enable_descriptions else None
    if description and syntax is not None and language is not None:
        lines = doc_comments.comment_lines(description, syntax)
        edits.append((DESCRIPTION_TITLE, comment_edit(document, snippet, list(lines), ls.position_encoding)))
        edits += doc_edits(document, snippet, language, description, ls.position_encoding)
    return [
        types.CodeAction(
            title=title, kind=types.CodeActionKind.RefactorRewrite, edit=workspace_edit(ls, text_document, [edit])
        )
        for title, edit in edits
    ]


def doc_edits(
    document: Document, snippet: Snippet, language: str, description: str, encoding: str
) -> list[tuple[str, types.TextEdit]]:
    """The docstring (Python) or doc comment (C family, Go, Rust) carrying ``description``; one that
    replaces the function's documentation when it already has some."""
    function = snippets.snippet_function(document, snippet, language)
    existing = function.documentation if function is not None else None
    if language == "python":
        if existing is not None:
            literal = [doc_comments.docstring_literal(description)]
            return [(REPLACE_DOCSTRING_TITLE, replace_edit(document, existing.start, existing.end, literal, encoding))]
        return docstring_edit(document, snippet, description, encoding)
    form = doc_comments.doc_form(language, description, function.name if function is not None else None)
    if form is None:
        return []
    if existing is not None:
        return [(REPLACE_DOC_TITLE, replace_edit(document, existing.start, existing.end, list(form.lines), encoding))]
    return [(form.title, comment_edit(document, snippet, list(form.lines), encoding))]


def docstring_edit(
    document: Document, snippet: Snippet, description: str, encoding: str
) -> list[tuple[str, types.TextEdit]]:
    insertion = doc_comments.docstring_insertion(snippet.text, description)
    if insertion is None:
        return []
    index = document.index
    line = index.line_of(snippet.start) + insertion.line
    eol = _line_end_text(index, line - 1)
    at = index.position(index.starts[line], encoding)  # the body's first line exists, so the line does
    return [(DOCSTRING_TITLE, types.TextEdit(range=types.Range(start=at, end=at), new_text=f"{insertion.text}{eol}"))]


def replace_edit(document: Document, start: int, end: int, lines: list[str], encoding: str) -> types.TextEdit:
    """[start, end) replaced by ``lines``, each after the first indented like the line ``start`` is on."""
    index = document.index
    line = index.line_of(start)
    indent = index.text[index.starts[line] : start]
    indent = indent if not indent.strip() else ""
    new_text = (_line_end_text(index, line) + indent).join(lines)
    return types.TextEdit(range=index.range(start, end, encoding), new_text=new_text)


def comment_edit(document: Document, snippet: Snippet, lines: list[str], encoding: str) -> types.TextEdit:
    """``lines`` (comment lines) above the snippet's first non-blank line, indented like it."""
    index = document.index
    line = index.line_of(snippet.start + len(snippet.text) - len(snippet.text.lstrip()))
    text = index.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    eol = _line_end_text(index, line)
    at = index.position(index.starts[line], encoding)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text="".join(f"{indent}{c}{eol}" for c in lines))


def _line_end_text(index: LineIndex, line: int) -> str:
    """The line break ending ``line`` (``\n`` for the last line)."""
    line_end = index.line_end(line)
    return index.text[line_end : index.starts[line + 1]] if line + 1 < index.line_count else "\n"


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
