"""Result types returned by the engine. All frozen: they are shared between threads and cached."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lsp_server.engine.describer.exemplars import Exemplar

UNKNOWN = "unknown"


@dataclass(frozen=True)
class LanguageGuess:
    """Which language a snippet is written in, and how sure the engine is."""

    language: str
    """A VS Code language identifier (``python``, ``cpp``, ...) or ``unknown``."""
    confidence: float
    """Calibrated probability of ``language`` in [0, 1]."""
    alternatives: tuple[tuple[str, float], ...] = ()
    """The next most likely languages with their probabilities, best first."""
    source: str = "model"
    """What decided: ``shebang``, ``modeline``, ``fence``, ``filename`` (name or extension), ``hint``
    (a fence label or the document's language, kept unless the model was sure of an embedded one),
    ``model``, or ``empty``/``binary`` when the text could not be classified."""

    @property
    def is_known(self) -> bool:
        return self.language != UNKNOWN


@dataclass(frozen=True)
class Tag:
    """A concept the snippet touches (``http-client``, ``sorting``), from the tagger's taxonomy."""

    id: str
    score: float
    """The tagger's calibrated probability for this concept, 0 to 1."""


@dataclass(frozen=True)
class Enrichment:
    """Everything the engine knows about one snippet."""

    language: LanguageGuess
    warnings: tuple[str, ...] = field(default=())
    """Why something could not be computed (a model that failed to load, truncated input)."""
    tags: tuple[Tag, ...] = ()
    """Concepts the snippet touches, best first; empty when none is likely or there is no tagger."""
    description: str | None = None
    """One English sentence saying what the code does; None when not asked for, not code, or no describer."""
    description_source: str | None = None
    """``documentation`` (the first sentence of the code's own docstring or doc comment), ``exemplar``
    (a similar documented function's summary, its name's words swapped for this one's) or ``model``."""
    candidates: tuple[Tag, ...] = ()
    """When no tag reaches its threshold: the best labels below it, for scripts to choose from."""
    description_confidence: float | None = None
    """For a model or exemplar description: the calibrated chance, 0 to 1, that it says what the author
    would have written. Kept when the description is withheld for falling below the minimum."""
    description_exemplar: Exemplar | None = None
    """For ``description_source == "exemplar"``: the documented function the sentence was borrowed from."""

    def to_json(self) -> dict[str, Any]:
        """The public JSON shape shared by ``snippet-lens analyze`` and the server's commands."""
        guess = self.language
        out: dict[str, Any] = {
            "language": guess.language,
            "confidence": round(guess.confidence, 4),
            "alternatives": [[lang, round(p, 4)] for lang, p in guess.alternatives],
            "source": guess.source,
            "tags": [{"id": tag.id, "score": round(tag.score, 4)} for tag in self.tags],
            "description": self.description,
            "description_source": self.description_source,
            "description_confidence": None
            if self.description_confidence is None
            else round(self.description_confidence, 4),
            "candidates": [{"id": tag.id, "score": round(tag.score, 4)} for tag in self.candidates],
        }
        if self.description_exemplar is not None:
            exemplar = self.description_exemplar
            out["description_exemplar"] = {
                "name": exemplar.name,
                "origin": exemplar.origin,
                "similarity": round(exemplar.similarity, 4),
            }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


@dataclass(frozen=True)
class ModelStatus:
    """One manifest entry and what happened when the engine tried to load it."""

    name: str
    version: str
    file: str
    size_bytes: int
    sha256_ok: bool
    loaded: bool
    error: str | None
    labels: tuple[str, ...]
    metrics: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        return data
