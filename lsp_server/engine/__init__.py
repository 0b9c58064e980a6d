"""The Snippet Lens engine: a plain library (no LSP) that enriches code snippets.

>>> from lsp_server.engine import Engine
>>> engine = Engine.load()
>>> engine.analyze("fn main() { println!(\\"hi\\"); }").language.language
'rust'
"""

from __future__ import annotations

import threading

from lsp_server.engine.engine import Engine, EngineSettings
from lsp_server.engine.errors import EngineError, ModelCorruptError, ModelError, ModelMissingError
from lsp_server.engine.runtime import RuntimeOptions
from lsp_server.engine.types import UNKNOWN, Enrichment, LanguageGuess, ModelStatus, Tag

__all__ = [
    "UNKNOWN",
    "Engine",
    "EngineError",
    "EngineSettings",
    "Enrichment",
    "LanguageGuess",
    "ModelCorruptError",
    "ModelError",
    "ModelMissingError",
    "ModelStatus",
    "RuntimeOptions",
    "Tag",
    "analyze",
]

_default: Engine | None = None
_default_lock = threading.Lock()


def analyze(
    text: str, *, path: str | None = None, language_hint: str | None = None, document_language: str | None = None
) -> Enrichment:
    """Enrich ``text`` with the shipped models, loaded on first use (see :meth:`Engine.analyze`)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Engine.load()
    return _default.analyze(text, path=path, language_hint=language_hint, document_language=document_language)
