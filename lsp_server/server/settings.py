"""User settings: the ``snippetLens`` section, camelCase on the wire, one frozen dataclass here.

They arrive in ``initializationOptions`` (flat, or under a ``snippetLens`` key) and through
``workspace/configuration``. A value of the wrong type or out of range is reported and replaced by
its default; the rest of the section still applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from lsp_server.engine import EngineSettings

SECTION = "snippetLens"
SEVERITIES = ("information", "hint")
FRACTIONS = frozenset({"unknown_threshold", "min_description_confidence"})


@dataclass(frozen=True)
class Settings:
    """What users can change while the server runs; applied without a restart."""

    enable_hover: bool = True
    """Show the language of the snippet under the cursor on hover."""
    enable_code_actions: bool = True
    """Offer "Label code fence as <lang>" for unlabeled Markdown fences."""
    enable_completion: bool = True
    """Suggest languages after ``` at the start of a line in Markdown."""
    enable_diagnostics: bool = True
    """Mark unlabeled Markdown code fences."""
    enable_tags: bool = True
    """Show concept tags on hover, offer to insert them as a comment, complete them in ``tags:`` comments."""
    enable_descriptions: bool = True
    """Describe the snippet in one sentence on hover, offer to insert it as a comment or docstring, and
    complete it in an empty comment above a function."""
    description_beams: int = 1
    """Beam width for descriptions: 1 is greedy and fastest; 2-4 may read better and cost more."""
    min_description_confidence: float | None = None
    """Descriptions the model is less sure of than this (0 to 1) are not shown; 0 always shows one,
    unset uses the model's recommended value."""
    diagnostic_severity: str = "information"
    """``information`` or ``hint``: how loudly unlabeled fences are marked."""
    unknown_threshold: float = 0.5
    """Below this probability the language is reported as unknown (0 to 1)."""
    threads: int | None = None
    """Threads one model run may use; unset keeps what the command line chose."""
    max_snippet_lines: int = 200
    """The most lines analyzed for one request."""


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _is_int_between(low: int, high: int) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _is_probability(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value <= 1.0


_VALID: dict[str, tuple[Callable[[Any], bool], str]] = {
    "enable_hover": (_is_bool, "true or false"),
    "enable_code_actions": (_is_bool, "true or false"),
    "enable_completion": (_is_bool, "true or false"),
    "enable_diagnostics": (_is_bool, "true or false"),
    "enable_tags": (_is_bool, "true or false"),
    "enable_descriptions": (_is_bool, "true or false"),
    "description_beams": (_is_int_between(1, 8), "a whole number from 1 to 8"),
    "min_description_confidence": (lambda value: value is None or _is_probability(value), "a number from 0 to 1"),
    "diagnostic_severity": (lambda value: value in SEVERITIES, " or ".join(SEVERITIES)),
    "unknown_threshold": (_is_probability, "a number from 0 to 1"),
    "threads": (lambda value: value is None or _is_int_between(1, 256)(value), "a whole number from 1 to 256"),
    "max_snippet_lines": (_is_int_between(1, 100_000), "a whole number from 1 to 100000"),
}


def wire_name(field_name: str) -> str:
    """``max_snippet_lines`` → ``maxSnippetLines``."""
    head, *rest = field_name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def _field_name(wire: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", wire).lower()


def section_of(raw: Any) -> Any:
    """The ``snippetLens`` section when ``raw`` wraps it, else ``raw`` itself."""
    if isinstance(raw, Mapping) and isinstance(raw.get(SECTION), Mapping):
        return raw[SECTION]
    return raw


def parse_settings(raw: Any, base: Settings = Settings()) -> tuple[Settings, list[str]]:
    """``base`` updated with the valid values in ``raw``, and one message per value ignored."""
    if raw is None:
        return base, []
    if not isinstance(raw, Mapping):
        return base, [f"{SECTION} settings must be an object, got {type(raw).__name__}; using defaults"]
    defaults = Settings()
    changes: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        name = _field_name(str(key))
        if name not in _VALID:
            problems.append(f"unknown setting {SECTION}.{key} ignored")
        elif _VALID[name][0](value):
            changes[name] = float(value) if name in FRACTIONS and value is not None else value
        else:
            changes[name] = getattr(defaults, name)
            problems.append(f"{SECTION}.{key} must be {_VALID[name][1]}, got {value!r}; using the default")
    return replace(base, **changes), problems


def engine_settings(settings: Settings, current: EngineSettings) -> EngineSettings:
    """The engine's settings with the user's thresholds, tagging and description switches, beam width and
    (when set) thread count."""
    runtime = current.runtime
    if settings.threads is not None:
        runtime = replace(runtime, intra_op_threads=settings.threads)
    return replace(
        current,
        unknown_threshold=settings.unknown_threshold,
        tags=settings.enable_tags,
        describe=settings.enable_descriptions,
        description_beams=settings.description_beams,
        min_description_confidence=settings.min_description_confidence,
        runtime=runtime,
    )


def to_wire(settings: Settings) -> dict[str, Any]:
    """The settings as a client would send them (for logs and documentation)."""
    return {wire_name(f.name): getattr(settings, f.name) for f in fields(settings)}
