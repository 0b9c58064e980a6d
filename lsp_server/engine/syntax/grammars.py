"""Which tree-sitter grammar parses which engine language, loaded once from its compiled wheel.

Every grammar is a runtime dependency that ships compiled (``tree-sitter-python`` and friends), so
nothing is fetched or built at run time. A language without a grammar here gets ``None`` and the
callers keep their line-based behaviour.
"""

from __future__ import annotations

import importlib
import logging
import threading
import warnings
from collections.abc import Callable

from tree_sitter import Language

log = logging.getLogger(__name__)

GRAMMARS: dict[str, tuple[str, str]] = {
    "python": ("tree_sitter_python", "language"),
    "javascript": ("tree_sitter_javascript", "language"),
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "java": ("tree_sitter_java", "language"),
    "go": ("tree_sitter_go", "language"),
    "rust": ("tree_sitter_rust", "language"),
    "c": ("tree_sitter_c", "language"),
    "cpp": ("tree_sitter_cpp", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
    "ruby": ("tree_sitter_ruby", "language"),
    "php": ("tree_sitter_php", "language_php"),
    "php-only": ("tree_sitter_php", "language_php_only"),
    "shellscript": ("tree_sitter_bash", "language"),
    "kotlin": ("tree_sitter_kotlin", "language"),
    "swift": ("tree_sitter_swift", "language"),
    "scala": ("tree_sitter_scala", "language"),
    "lua": ("tree_sitter_lua", "language"),
    "haskell": ("tree_sitter_haskell", "language"),
    "dart": ("tree_sitter_dart", "language"),
    "julia": ("tree_sitter_julia", "language"),
    "perl": ("tree_sitter_perl", "language"),
    "objective-c": ("tree_sitter_objc", "language"),
    "zig": ("tree_sitter_zig", "language"),
    "groovy": ("tree_sitter_groovy", "language"),
    "powershell": ("tree_sitter_powershell", "language"),
    "elixir": ("tree_sitter_elixir", "language"),
    "css": ("tree_sitter_css", "language"),
    "html": ("tree_sitter_html", "language"),
    "json": ("tree_sitter_json", "language"),
    "yaml": ("tree_sitter_yaml", "language"),
    "toml": ("tree_sitter_toml", "language"),
}
"""Grammar name -> (module, function returning the compiled language). Engine language ids, plus the
dialects ``tsx`` and ``php-only`` (PHP without its ``<?php`` opening tag)."""

LANGUAGES = frozenset(name for name in GRAMMARS if name not in {"tsx", "php-only"})
"""The engine languages that have a grammar."""

_loaded: dict[str, Language | None] = {}
_lock = threading.Lock()


def has_grammar(language: str | None) -> bool:
    return language in LANGUAGES


def grammar(name: str) -> Language | None:
    """The compiled grammar called ``name``, or None when there is none or its wheel fails to load."""
    if name not in GRAMMARS:
        return None
    with _lock:
        if name not in _loaded:
            _loaded[name] = _load(*GRAMMARS[name])
        return _loaded[name]


def _load(module_name: str, function_name: str) -> Language | None:
    try:
        function: Callable[[], object] = getattr(importlib.import_module(module_name), function_name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # older grammars hand over an int, not a capsule
            return Language(function())
    except (ImportError, AttributeError, ValueError, OSError) as exc:
        log.warning("grammar %s.%s is unavailable: %s", module_name, function_name, exc)
        return None
