"""The documented functions of the documents the editor has open, as an exemplar index for descriptions.

Only what the client sent is read (the open documents' text), nothing from disk, and nothing is kept
once a document is closed. Each document is parsed again only when its version changes; the index is
rebuilt when any document's functions change. Runs in a worker thread; the event loop hands over a
snapshot of the open documents.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from lsp_server.engine import syntax
from lsp_server.engine.describer.exemplars import WORKSPACE, ExemplarIndex
from lsp_server.server.markdown import is_markdown
from lsp_server.server.snippets import document_language

MAX_DOCUMENT_CHARS = 1_000_000
MAX_FUNCTIONS = 5_000


@dataclass(frozen=True)
class OpenDocument:
    uri: str
    version: int | None
    text: str
    language_id: str | None
    path: str | None


class WorkspaceExemplars:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._functions: dict[str, tuple[int | None, list[syntax.DocumentedFunction]]] = {}
        self._index: ExemplarIndex | None = None

    def index(self, documents: list[OpenDocument]) -> ExemplarIndex:
        """The index over ``documents``, the open documents now."""
        with self._lock:
            open_uris = {d.uri for d in documents}
            changed = bool(self._functions.keys() - open_uris)
            for uri in self._functions.keys() - open_uris:
                del self._functions[uri]
            for document in documents:
                known = self._functions.get(document.uri)
                if known is None or known[0] != document.version or document.version is None:
                    found = documented(document)
                    changed = changed or known is None or found != known[1]
                    self._functions[document.uri] = (document.version, found)
            if changed or self._index is None:
                functions = [f for _, found in self._functions.values() for f in found][:MAX_FUNCTIONS]
                self._index = ExemplarIndex.build(((f.code, f.summary, f.name) for f in functions), WORKSPACE)
            return self._index


def documented(document: OpenDocument) -> list[syntax.DocumentedFunction]:
    if len(document.text) > MAX_DOCUMENT_CHARS or is_markdown(document.language_id, document.path):
        return []
    language = document_language(document.language_id, document.path)
    tree = syntax.parse(document.text, language) if syntax.has_grammar(language) else None
    return syntax.documented_functions(tree) if tree is not None else []
