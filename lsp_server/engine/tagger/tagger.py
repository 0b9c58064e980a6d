"""The concept tagger: wraps the ``tagger`` ONNX model and turns its per-label scores into tags."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from lsp_server.engine.errors import ModelCorruptError
from lsp_server.engine.runtime import OnnxModel
from lsp_server.engine.tagger.features import TagFeatureSpec, word_ids
from lsp_server.engine.types import Tag

DEFAULT_MAX_TAGS = 5
CANDIDATES = 3
"""Best labels reported (as candidates, not tags) when no label reaches its threshold."""


class ConceptTagger:
    """Text and its language in, at most ``max_tags`` tags out, each above its label's threshold."""

    def __init__(self, model: OnnxModel) -> None:
        self.model = model
        self.labels = model.spec.labels
        try:
            self.features, self.thresholds, self.max_tags = read_preprocessing(model.spec.preprocessing, self.labels)
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelCorruptError(
                model.path,
                f"model 'tagger' has unusable preprocessing ({exc})",
                "Reinstall snippet-lens or rebuild the tagger",
            ) from None

    def scores(self, text: str, language: str) -> np.ndarray:
        """One probability per label."""
        (scores,) = self.model.run({"ids": word_ids(text, language, self.features)})
        flat = np.asarray(scores, dtype=np.float64).reshape(-1)
        if flat.shape[0] != len(self.labels):
            raise ModelCorruptError(
                self.model.path,
                f"model 'tagger' gave {flat.shape[0]} scores for {len(self.labels)} labels",
                "Reinstall snippet-lens or rebuild the tagger",
            )
        return flat

    def tags(self, text: str, language: str) -> tuple[Tag, ...]:
        """The concepts in ``text`` (written in ``language``, or ``unknown``), best first."""
        return self.tagging(text, language)[0]

    def tagging(self, text: str, language: str) -> tuple[tuple[Tag, ...], tuple[Tag, ...]]:
        """The tags, and when none reaches its threshold the best ``CANDIDATES`` labels below it."""
        if not text.strip():
            return (), ()
        scores = self.scores(text, language)
        tags = select_tags(scores, self.labels, self.thresholds, self.max_tags)
        if tags:
            return tags, ()
        best = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return (), tuple(Tag(self.labels[int(index)], float(scores[index])) for index in best)


def read_preprocessing(data: dict[str, Any], labels: Sequence[str]) -> tuple[TagFeatureSpec, np.ndarray, int]:
    """Feature spec, one threshold per label and the most tags to return, from the manifest entry."""
    features = TagFeatureSpec.from_json(data["features"])
    thresholds = np.asarray([float(t) for t in data["thresholds"]], dtype=np.float64)
    if thresholds.shape[0] != len(labels):
        raise ValueError(f"{thresholds.shape[0]} thresholds for {len(labels)} labels")
    max_tags = int(data.get("max_tags", DEFAULT_MAX_TAGS))
    if max_tags < 0:
        raise ValueError(f"max_tags is {max_tags}")
    return features, thresholds, max_tags


def select_tags(
    scores: Sequence[float] | np.ndarray, labels: Sequence[str], thresholds: Sequence[float] | np.ndarray, max_tags: int
) -> tuple[Tag, ...]:
    """Labels whose score reaches their threshold, highest score first (ties in label order), at most ``max_tags``."""
    kept = [
        (float(score), index)
        for index, (score, threshold) in enumerate(zip(scores, thresholds, strict=True))
        if score >= threshold
    ]
    kept.sort(key=lambda pair: (-pair[0], pair[1]))
    return tuple(Tag(labels[index], score) for score, index in kept[: max(0, max_tags)])
