"""The language-identification cascade: signals first, then the ONNX model, then a threshold."""

from __future__ import annotations

import numpy as np

from lsp_server.engine.langid import signals
from lsp_server.engine.langid.features import FeatureSpec, ngram_ids
from lsp_server.engine.langid.names import languages_for_path, normalize
from lsp_server.engine.runtime import OnnxModel
from lsp_server.engine.types import UNKNOWN, LanguageGuess

ALTERNATIVES = 3
ALTERNATIVE_FLOOR = 0.02


class LanguageIdentifier:
    """Wraps the ``langid`` ONNX model: text in, calibrated probabilities per label out."""

    def __init__(self, model: OnnxModel) -> None:
        self.model = model
        self.labels = model.spec.labels
        self.features = FeatureSpec.from_json(model.spec.preprocessing)

    def probabilities(self, text: str) -> np.ndarray:
        ids = ngram_ids(text, self.features)
        (probs,) = self.model.run({"ids": ids})
        return np.asarray(probs, dtype=np.float64).reshape(-1)


def guess_language(text: str, identifier: LanguageIdentifier | None, *, path: str | None = None,
                   language_hint: str | None = None, threshold: float = 0.5) -> LanguageGuess:
    """Decide the language of ``text``; ``path`` means the text is that whole file."""
    fence = signals.split_fence(text)
    if fence is not None:
        labelled = normalize(fence.info)
        if labelled:
            return LanguageGuess(labelled, 1.0, source="fence")
        text = fence.body
    for source, found in (("shebang", signals.language_from_shebang(text)),
                          ("modeline", signals.language_from_modeline(text))):
        if found:
            return LanguageGuess(found, 1.0, source=source)
    candidates = languages_for_path(path) if path else ()
    if len(candidates) == 1:
        return LanguageGuess(candidates[0], 1.0, source="filename")
    hinted = normalize(language_hint)
    if hinted:
        return LanguageGuess(hinted, 1.0, source="hint")
    if identifier is None or not text.strip():
        return LanguageGuess(UNKNOWN, 0.0, source="empty" if not text.strip() else "model")
    return _model_guess(identifier.probabilities(text), identifier.labels, candidates, threshold)


def _model_guess(probs: np.ndarray, labels: tuple[str, ...], candidates: tuple[str, ...],
                 threshold: float) -> LanguageGuess:
    if candidates:
        mask = np.array([label in candidates for label in labels])
        if probs[mask].sum() > 0:
            probs = np.where(mask, probs, 0.0) / probs[mask].sum()
    order = np.argsort(-probs)
    best = int(order[0])
    alternatives = tuple((labels[i], float(probs[i])) for i in order[1:1 + ALTERNATIVES]
                         if probs[i] >= ALTERNATIVE_FLOOR)
    if probs[best] < threshold:
        return LanguageGuess(UNKNOWN, float(probs[best]), ((labels[best], float(probs[best])), *alternatives))
    return LanguageGuess(labels[best], float(probs[best]), alternatives)
