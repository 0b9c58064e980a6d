"""How sure the describer is of a sentence: a logistic model over what decoding left behind.

The evidence: the decoder's log-probabilities of the tokens it chose, how much of the sentence is
made of the code's own identifier words (a sentence about the code's names is more often right than a
generic one), for a sentence borrowed from a similar documented function how similar it was, the
code's length, and its language (some languages' documentation is easier to guess than others').
Fitted on validation pairs (``models/describer/calibrate.py``) to the chance that the sentence says
what the author's own first sentence said (ROUGE-L against it at or above the target the manifest
records). The engine withholds a sentence below the user's ``minDescriptionConfidence``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

FEATURES = (
    "mean_log_prob",
    "min_log_prob",
    "first_log_prob",
    "tokens",
    "grounding",
    "borrowed",
    "exemplar_similarity",
    "guide_similarity",
    "code_lines",
)
SENTENCE_WORD = re.compile(r"[a-z]{3,}")
IDENTIFIER_PIECE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
FILLER = frozenset(
    {"the", "and", "for", "with", "from", "into", "this", "that", "given", "returns", "return", "whether", "are",
     "its", "their", "which", "when", "true", "false", "otherwise", "not"}
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    log_probs: tuple[float, ...]
    """Of the tokens chosen, the end token's last; empty for a borrowed sentence."""
    grounding: float
    exemplar_similarity: float | None = None
    """For a borrowed sentence: the similarity of the function it was borrowed from."""
    guide_similarity: float | None = None
    """For a model that read an exemplar beside the code: that exemplar's similarity."""
    code_lines: int = 0
    """The described code's lines (:func:`code_lines`)."""
    language: str = ""
    """The language the code was described as (the language id's answer or the editor's)."""

    def features(self) -> list[float]:
        """The numbers the model reads, in :data:`FEATURES` order."""
        lp = self.log_probs
        borrowed = self.exemplar_similarity is not None
        decoded = [sum(lp) / len(lp), min(lp), lp[0], math.log1p(len(lp))] if lp else [0.0, 0.0, 0.0, 0.0]
        similarities = [self.exemplar_similarity or 0.0, self.guide_similarity or 0.0]
        return [*decoded, self.grounding, float(borrowed), *similarities, math.log1p(self.code_lines)]


def code_lines(code: str) -> int:
    return code.count("\n") + 1


def grounding(sentence: str, code: str) -> float:
    """The share of the sentence's content words that are pieces of the code's identifiers."""
    words = [w for w in SENTENCE_WORD.findall(sentence.lower()) if w not in FILLER]
    if not words:
        return 0.0
    pieces = {p.lower() for p in IDENTIFIER_PIECE.findall(code)}
    return sum(w in pieces or w.rstrip("s") in pieces for w in words) / len(words)


@dataclass(frozen=True)
class ConfidenceModel:
    weights: tuple[float, ...]
    bias: float
    language_weights: tuple[tuple[str, float], ...] = ()
    """Added for a snippet in that language (none for a language not listed)."""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConfidenceModel:
        """A model fitted on the first features of :data:`FEATURES` (an earlier version's) reads the
        later ones with weight 0."""
        features = list(data.get("features", []))
        if not features or features != list(FEATURES[: len(features)]):
            raise ValueError(f"confidence features {data.get('features')!r}; this version reads {list(FEATURES)}")
        weights = [float(w) for w in data["weights"]]
        if len(weights) != len(features):
            raise ValueError(f"{len(weights)} confidence weights for {len(features)} features")
        languages = tuple((str(k), float(v)) for k, v in data.get("languages", {}).items())
        return cls(tuple(weights + [0.0] * (len(FEATURES) - len(features))), float(data["bias"]), languages)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "languages": dict(self.language_weights),
        }

    def probability(self, evidence: Evidence) -> float:
        z = self.bias + dict(self.language_weights).get(evidence.language, 0.0)
        z += sum(w * x for w, x in zip(self.weights, evidence.features(), strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
