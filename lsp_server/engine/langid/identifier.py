"""The language-identification cascade: signals first, then the ONNX model, then a threshold."""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np

from lsp_server.engine.langid import signals
from lsp_server.engine.langid.features import FeatureSpec, ngram_ids
from lsp_server.engine.langid.names import languages_for_path, normalize
from lsp_server.engine.runtime import OnnxModel
from lsp_server.engine.types import UNKNOWN, LanguageGuess

ALTERNATIVES = 3
ALTERNATIVE_FLOOR = 0.02
EMBEDDED_LANGUAGES = frozenset({"sql", "shellscript", "html", "json", "css", "xml", "yaml"})
"""What code in another language's document is written in often enough to overrule the document:
queries, commands, markup and data held in strings, template literals and heredocs."""
OVERRIDE_PROBABILITY = 0.9
"""How sure the model must be of an embedded language to overrule the document's language
(chosen on held-out functions and ``models/langid/embedded.toml``, see models/langid/README.md)."""


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


def guess_language(
    text: str,
    identifier: LanguageIdentifier | None,
    *,
    path: str | None = None,
    language_hint: str | None = None,
    document_language: str | None = None,
    threshold: float = 0.5,
) -> LanguageGuess:
    """Decide the language of ``text``; ``path`` means the text is that whole file.

    ``language_hint`` (a fence label, a whole document's language) decides outright.
    ``document_language`` is the language of the document the text was selected from: it is the
    answer (``source="hint"``) unless the model is sure the text is a language commonly embedded in
    others (SQL in a Python string, HTML in a template literal), then ``source="model"``."""
    fence = signals.split_fence(text)
    if fence is not None:
        labelled = normalize(fence.info)
        if labelled:
            return LanguageGuess(labelled, 1.0, source="fence")
        text = fence.body
    for source, found in (
        ("shebang", signals.language_from_shebang(text)),
        ("modeline", signals.language_from_modeline(text)),
    ):
        if found:
            return LanguageGuess(found, 1.0, source=source)
    candidates = languages_for_path(path) if path else ()
    if len(candidates) == 1:
        return LanguageGuess(candidates[0], 1.0, source="filename")
    hinted = normalize(language_hint)
    if hinted:
        return LanguageGuess(hinted, 1.0, source="hint")
    document = normalize(document_language)
    if not text.strip():
        return LanguageGuess(UNKNOWN, 0.0, source="empty")
    if identifier is None:
        return LanguageGuess(document, 1.0, source="hint") if document else LanguageGuess(UNKNOWN, 0.0)
    probs = identifier.probabilities(text)
    if document:
        return _document_guess(text, probs, identifier.labels, document)
    return _model_guess(probs, identifier.labels, candidates, threshold)


def overrules_document(
    text: str,
    probs: np.ndarray,
    labels: tuple[str, ...],
    document: str,
    languages: frozenset[str] | None = EMBEDDED_LANGUAGES,
    probability: float = OVERRIDE_PROBABILITY,
) -> bool:
    """Whether the model's answer is strong evidence against the document's language: one of
    ``languages`` (any language when None) with at least ``probability``. JSON must also parse:
    a dict or object literal of the host language looks like JSON to the model but is not."""
    best = int(np.argmax(probs))
    language = labels[best]
    if language == document or probs[best] < probability:
        return False
    if languages is not None and language not in languages:
        return False
    return _parses_if_json(language, text)


def _parses_if_json(language: str, text: str) -> bool:
    if language != "json":
        return True
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _document_guess(text: str, probs: np.ndarray, labels: tuple[str, ...], document: str) -> LanguageGuess:
    order = np.argsort(-probs)
    if overrules_document(text, probs, labels, document):
        best = int(order[0])
        return LanguageGuess(labels[best], float(probs[best]), _alternatives(probs, labels, order[1:]))
    others = [i for i in order if labels[i] != document]
    return LanguageGuess(document, 1.0, _alternatives(probs, labels, others), source="hint")


def _alternatives(probs: np.ndarray, labels: tuple[str, ...], order: Iterable[int]) -> tuple[tuple[str, float], ...]:
    """The next languages in ``order`` (the model's ``unknown`` class, text that is no language, is none)."""
    languages = [i for i in order if labels[i] != UNKNOWN][:ALTERNATIVES]
    return tuple((labels[i], float(probs[i])) for i in languages if probs[i] >= ALTERNATIVE_FLOOR)


def _model_guess(
    probs: np.ndarray, labels: tuple[str, ...], candidates: tuple[str, ...], threshold: float
) -> LanguageGuess:
    if candidates:
        mask = np.array([label in candidates for label in labels])
        if probs[mask].sum() > 0:
            probs = np.where(mask, probs, 0.0) / probs[mask].sum()
    order = np.argsort(-probs)
    best = int(order[0])
    if labels[best] == UNKNOWN:
        return LanguageGuess(UNKNOWN, float(probs[best]), _alternatives(probs, labels, order[1:]))
    alternatives = _alternatives(probs, labels, order[1:])
    if probs[best] < threshold:
        return LanguageGuess(UNKNOWN, float(probs[best]), ((labels[best], float(probs[best])), *alternatives))
    return LanguageGuess(labels[best], float(probs[best]), alternatives)
