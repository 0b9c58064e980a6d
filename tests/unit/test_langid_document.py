"""The editor document's language as evidence: kept unless the model is sure of an embedded language."""

import numpy as np
import pytest

from lsp_server.engine.langid.identifier import EMBEDDED_LANGUAGES, OVERRIDE_PROBABILITY, guess_language

LABELS = ("python", "javascript", "typescript", "sql", "json", "html")


class FixedIdentifier:
    """Stands in for the ONNX model: the same probabilities whatever the text."""

    labels = LABELS

    def __init__(self, **probabilities: float) -> None:
        self.probs = np.array([probabilities.get(label, 0.0) for label in LABELS])

    def probabilities(self, text: str) -> np.ndarray:
        return self.probs


def decide(document: str | None, **probabilities: float):
    guess = guess_language("some selected text", FixedIdentifier(**probabilities), document_language=document)  # type: ignore[arg-type]
    return guess.language, guess.source


def test_a_sure_embedded_language_overrules_the_document():
    assert decide("python", sql=0.97, python=0.03) == ("sql", "model")


def test_a_dict_literal_that_looks_like_json_but_does_not_parse_leaves_the_document_language():
    guess = guess_language("{'debug': True, 'port': 8080,}", FixedIdentifier(json=0.95, python=0.05),  # type: ignore[arg-type]
                           document_language="python")
    assert (guess.language, guess.source) == ("python", "hint")


def test_json_that_parses_overrules_the_document():
    guess = guess_language('{"debug": true, "port": 8080}', FixedIdentifier(json=0.95, python=0.05),  # type: ignore[arg-type]
                           document_language="python")
    assert (guess.language, guess.source) == ("json", "model")


def test_an_unsure_embedded_language_leaves_the_document_language():
    below = OVERRIDE_PROBABILITY - 0.05
    assert decide("python", sql=below, python=1 - below) == ("python", "hint")


def test_a_sibling_language_never_overrules_the_document():
    assert "typescript" not in EMBEDDED_LANGUAGES
    assert decide("javascript", typescript=0.99, javascript=0.01) == ("javascript", "hint")


def test_the_document_language_is_normalized():
    assert decide("javascriptreact", typescript=0.8, javascript=0.2) == ("javascript", "hint")


def test_a_document_language_the_engine_does_not_know_leaves_the_model_to_decide():
    assert decide("plaintext", typescript=0.8, javascript=0.2) == ("typescript", "model")


def test_the_kept_document_language_lists_the_model_answers_as_alternatives():
    guess = guess_language("x", FixedIdentifier(typescript=0.7, javascript=0.3),  # type: ignore[arg-type]
                           document_language="javascript")
    assert (guess.language, guess.confidence, guess.alternatives[0][0]) == ("javascript", 1.0, "typescript")


def test_a_language_hint_beats_the_document_language():
    guess = guess_language("x", FixedIdentifier(sql=1.0), language_hint="ruby",  # type: ignore[arg-type]
                           document_language="python")
    assert (guess.language, guess.source) == ("ruby", "hint")


def test_without_a_model_the_document_language_still_answers():
    guess = guess_language("x = 1", None, document_language="python")
    assert (guess.language, guess.source) == ("python", "hint")


def test_empty_text_is_unknown_whatever_the_document():
    assert guess_language("  \n", None, document_language="python").source == "empty"


PLAIN_JAVASCRIPT = """function totalPrice(items) {
  let sum = 0;
  for (const item of items) {
    sum += item.price * item.quantity;
  }
  return Math.round(sum * 100) / 100;
}
"""

SQL_IN_PYTHON = """SELECT u.id, u.email, count(o.id) AS orders
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
WHERE u.created_at > %s
GROUP BY u.id, u.email
ORDER BY orders DESC"""


@pytest.mark.parametrize(("text", "document", "expected"), [
    pytest.param(PLAIN_JAVASCRIPT, "javascript", ("javascript", "hint"), id="plain-js-in-a-js-document"),
    pytest.param(SQL_IN_PYTHON, "python", ("sql", "model"), id="sql-selected-in-a-python-string"),
])
def test_the_shipped_model_with_a_document_language(engine, text, document, expected):
    guess = engine.analyze(text, document_language=document, describe=False).language
    assert (guess.language, guess.source) == expected
