"""How sure the describer says it is: the log-probabilities decoding keeps, the evidence they make,
and the calibrated model that turns it into a probability."""

import math

import numpy as np
import pytest

from lsp_server.engine.describer.confidence import FEATURES, ConfidenceModel, Evidence, grounding
from lsp_server.engine.describer.decoding import DecodingOptions, candidates, decode_scored


class Fixed:
    """Token 3 then token 4 then the end token (1), with known logits."""

    LOGITS = np.log(np.array([[0.05, 0.05, 0.1, 0.6, 0.2], [0.05, 0.1, 0.05, 0.1, 0.7], [0.05, 0.8, 0.05, 0.05, 0.05]]))

    def first(self, rows):
        return np.repeat(self.LOGITS[:1], rows, axis=0), 0

    def next(self, tokens, cache):
        return np.repeat(self.LOGITS[cache + 1 : cache + 2], tokens.shape[0], axis=0), cache + 1

    def reorder(self, cache, rows):
        return cache


def test_greedy_keeps_the_log_probability_of_each_token_and_of_the_end():
    decoded = decode_scored(Fixed(), 1, DecodingOptions(beams=1, no_repeat_ngram=0, min_new_tokens=0))
    assert decoded.tokens == [3, 4]
    assert decoded.log_probs == pytest.approx([math.log(0.6), math.log(0.7), math.log(0.8)], abs=1e-5)


def test_beam_candidates_keep_their_log_probabilities_too():
    best = candidates(Fixed(), 1, DecodingOptions(beams=2, no_repeat_ngram=0, min_new_tokens=0))[0]
    assert best.tokens == [3, 4]
    assert best.log_probs == pytest.approx([math.log(0.6), math.log(0.7), math.log(0.8)], abs=1e-5)


def test_grounding_is_the_share_of_content_words_taken_from_the_code():
    code = "def load_user_profile(user_id):\n    return db.fetch(user_id)"
    assert grounding("Load the user profile.", code) == 1.0
    assert grounding("Compute the checksum of a buffer.", code) == 0.0
    assert grounding("Load the checksum.", code) == 0.5
    assert grounding("", code) == 0.0


def test_the_model_reads_its_features_in_order_and_rejects_another_version():
    weights = [1, 0, 0, 0, 2, 0, 0, 0, 0]
    model = ConfidenceModel.from_json({"features": list(FEATURES), "weights": weights, "bias": 0.5})
    sure = Evidence((-0.1, -0.2), grounding=1.0)
    unsure = Evidence((-3.0, -4.0), grounding=0.0)
    assert 0 < model.probability(unsure) < model.probability(sure) < 1
    assert ConfidenceModel.from_json(model.to_json()) == model
    with pytest.raises(ValueError):
        ConfidenceModel.from_json({"features": ["grounding"], "weights": [1.0], "bias": 0.0})
    with pytest.raises(ValueError):
        ConfidenceModel.from_json({"features": ["mean_log_prob"], "weights": [1.0, 2.0], "bias": 0.0})


def test_a_model_fitted_before_the_later_features_reads_them_with_weight_zero():
    earlier = list(FEATURES[:-2])
    model = ConfidenceModel.from_json({"features": earlier, "weights": [1.0] * len(earlier), "bias": 0.0})
    assert model.weights == (1.0,) * len(earlier) + (0.0, 0.0)
    evidence = Evidence((-0.5,), grounding=0.5)
    later = Evidence((-0.5,), 0.5, guide_similarity=0.9, code_lines=40, language="go")
    assert model.probability(evidence) == model.probability(later)


def test_the_language_moves_the_confidence_by_its_own_weight():
    weights = [0.0] * len(FEATURES)
    model = ConfidenceModel.from_json(
        {"features": list(FEATURES), "weights": weights, "bias": 0.0, "languages": {"go": 1.0, "ruby": -1.0}}
    )
    assert ConfidenceModel.from_json(model.to_json()) == model
    go, ruby, other = (model.probability(Evidence((-0.5,), 0.5, language=x)) for x in ("go", "ruby", "lua"))
    assert ruby < other == 0.5 < go


def test_a_borrowed_sentence_is_evidence_of_its_similarity():
    features = Evidence((), grounding=0.5, exemplar_similarity=0.4).features()
    assert dict(zip(FEATURES, features, strict=True)) == {
        "mean_log_prob": 0.0, "min_log_prob": 0.0, "first_log_prob": 0.0, "tokens": 0.0,
        "grounding": 0.5, "borrowed": 1.0, "exemplar_similarity": 0.4, "guide_similarity": 0.0,
        "code_lines": 0.0,
    }
