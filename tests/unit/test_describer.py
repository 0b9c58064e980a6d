import itertools
from dataclasses import replace

import numpy as np
import pytest
import tiny_describer

from lsp_server.engine import Engine, EngineSettings
from lsp_server.engine.describer import describer as describer_module
from lsp_server.engine.describer.decoding import Decoded, DecodingCancelled, DecodingOptions, decode
from lsp_server.engine.describer.describer import DECODER, DECODER_WITH_PAST, ENCODER, Describer, tidy
from lsp_server.engine.describer.exemplars import Exemplar
from lsp_server.engine.manifest import load_manifest
from lsp_server.engine.runtime import ModelRegistry, RuntimeOptions

READ_JSON = "def load(path):\n    with open(path) as handle:\n        return json.load(handle)\n"


@pytest.fixture
def tiny_dir(tmp_path, models_dir):
    return tiny_describer.build(tmp_path / "models", with_langid_from=models_dir)


def describer_in(directory) -> Describer:
    registry = ModelRegistry(directory, load_manifest(directory), RuntimeOptions())
    registry.load_all()
    return Describer(registry.get(ENCODER), registry.get(DECODER), registry.get(DECODER_WITH_PAST), directory)


class CountingCancel:
    def __init__(self, after: int) -> None:
        self.after, self.calls = after, 0

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls > self.after


def test_own_t5_export_loads_and_describes(tiny_dir):
    description = describer_in(tiny_dir).describe(READ_JSON, "python")
    assert isinstance(description.sentence, str) and description.sentence.endswith(".")
    assert description.confidence is None  # the tiny export has no calibration


def test_engine_reports_description_from_own_export(tiny_dir):
    enrichment = Engine.load(tiny_dir).analyze(READ_JSON, language_hint="python", path="load.py")
    assert enrichment.description and enrichment.to_json()["description"] == enrichment.description


def test_engine_skips_description_when_told(tiny_dir):
    engine = Engine.load(tiny_dir, EngineSettings(describe=False))
    assert engine.analyze(READ_JSON, path="load.py").description is None
    assert engine.analyze(READ_JSON, path="load.py", describe=True).description


def test_no_description_for_data(tiny_dir):
    assert Engine.load(tiny_dir).analyze('{"a": 1, "b": [1, 2]}', path="x.json").description is None


def test_description_is_cached_per_content(tiny_dir):
    engine = Engine.load(tiny_dir)
    first = engine.analyze(READ_JSON, path="load.py")
    counting = CountingCancel(after=10_000)
    second = engine.analyze(READ_JSON, path="load.py", cancelled=counting)
    assert second.description == first.description and counting.calls == 0


def test_split_identifiers_transform_reaches_the_tokenizer(tmp_path, models_dir):
    directory = tiny_describer.build(tmp_path / "models", source_transform="split-identifiers")
    describer = describer_in(directory)
    split = describer.source_ids("loadUserConfig()", "python")[0].tolist()
    plain = describer.tokenizer.encode("<python>load user config()", add_special_tokens=False).ids
    assert split == [*plain, describer.config.eos_token_id]
    assert describer.describe(READ_JSON, "python").sentence.endswith(".")


def test_unknown_source_transform_is_a_clear_warning(tmp_path, models_dir):
    directory = tiny_describer.build(tmp_path / "models", with_langid_from=models_dir, source_transform="reverse")
    enrichment = Engine.load(directory).analyze(READ_JSON, path="load.py")
    assert enrichment.description is None and enrichment.language.language == "python"
    assert any("unknown describer source_transform 'reverse'" in warning for warning in enrichment.warnings)


def test_huge_selection_reads_only_what_the_encoder_takes(tiny_dir):
    describer = describer_in(tiny_dir)
    huge = READ_JSON + "x = 1\n" * 200_000
    assert describer.source_ids(huge, "python").shape[1] == describer.config.max_source_tokens


def test_cancelled_description_stops_decoding(tiny_dir):
    cancel = CountingCancel(after=2)
    with pytest.raises(DecodingCancelled) as raised:
        Engine.load(tiny_dir).analyze(READ_JSON, path="load.py", cancelled=cancel)
    assert raised.value.steps == 3 and cancel.calls == 3


def test_greedy_and_beam_agree_on_a_peaked_model():
    class Peaked:
        """Always prefers token (step + 3), then the end token after 4 steps."""

        def first(self, rows):
            return self.logits(0, rows), 0

        def next(self, tokens, cache):
            return self.logits(cache + 1, tokens.shape[0]), cache + 1

        def reorder(self, cache, rows):
            return cache

        def logits(self, step, rows):
            out = np.zeros((rows, 10), dtype=np.float32)
            out[:, 1 if step == 4 else min(step + 3, 9)] = 5.0
            return out

    greedy = decode(Peaked(), 1, DecodingOptions(beams=1))
    beam = decode(Peaked(), 1, DecodingOptions(beams=3))
    assert greedy == beam == [3, 4, 5, 6]


class TwoFavourites:
    """Every step prefers token 3, token 4 a close second (``second`` of 3.0)."""

    def __init__(self, second: float) -> None:
        self.second = second

    def first(self, rows):
        return self.logits(), None

    def next(self, tokens, cache):
        return self.logits(), None

    def reorder(self, cache, rows):
        return cache

    def logits(self):
        out = np.zeros((1, 6), dtype=np.float32)
        out[0, 3], out[0, 4] = 3.0, self.second
        return out


def test_no_repeat_ngram_blocks_a_loop():
    tokens = decode(TwoFavourites(2.0), 1, DecodingOptions(max_new_tokens=6, no_repeat_ngram=2))
    bigrams = list(itertools.pairwise(tokens))
    assert len(bigrams) == len(set(bigrams))


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("  reads a file", "Reads a file."),
        ("Returns x!", "Returns x!"),
        ("", ""),
    ],
    ids=["capital-and-period", "keeps-final-mark", "empty"],
)
def test_tidy(raw, clean):
    assert tidy(raw) == clean


def test_repetition_penalty_moves_off_a_written_token():
    plain = decode(TwoFavourites(2.5), 1, DecodingOptions(max_new_tokens=2, no_repeat_ngram=0))
    penalized = decode(
        TwoFavourites(2.5), 1, DecodingOptions(max_new_tokens=2, no_repeat_ngram=0, repetition_penalty=1.3)
    )
    assert (plain, penalized) == ([3, 3], [3, 4])


def test_a_refused_token_gives_way_to_the_next_best():
    refuse_three = DecodingOptions(max_new_tokens=2, no_repeat_ngram=0, allows=lambda tokens, token: token != 3)
    assert decode(TwoFavourites(2.5), 1, refuse_three) == [4, 4]


LOAD_CONFIG = "def load_config(path):\n    with open(path) as handle:\n        return json.load(handle)\n"
DOCUMENTED = [
    (LOAD_CONFIG, "Load the config file from the given path.", "load_config"),
    ("def send_mail(to, body):\n    smtp.send(to, body)\n", "Send a mail.", "send_mail"),
]


def test_a_model_that_reads_exemplars_gets_the_nearest_after_the_code(tmp_path):
    describer = describer_in(tiny_describer.build(tmp_path / "models", exemplars=DOCUMENTED))
    code = "def load_settings(path):\n    with open(path) as handle:\n        return json.load(handle)\n"
    guide = describer.guide_for(code, None)
    assert guide is not None and guide.name == "load_config"
    alone = describer.source_ids(code, "python")[0].tolist()
    guided = describer.source_ids(code, "python", guide)[0].tolist()
    eos = describer.config.eos_token_id
    assert guided[: len(alone)] == alone and guided[-1] == eos and len(guided) > len(alone) + 1
    text = describer.tokenizer.decode(guided[len(alone) : -1])
    assert text.startswith("load config: load")  # the name's words, then the summary's
    described = describer.describe(code, "python")
    assert described.guide == guide and described.sentence.endswith(".")
    assert describer.describe(code, "python", guided=False).guide is None


def test_the_user_s_more_similar_function_guides_before_the_shipped_index(tmp_path):
    describer = describer_in(tiny_describer.build(tmp_path / "models", exemplars=DOCUMENTED))
    code = "def load_settings(path):\n    return json.load(open(path))\n"
    shipped = describer.guide_for(code, None)
    assert shipped is not None and shipped.name == "load_config" and shipped.similarity < 0.99
    own = Exemplar("Read the settings of the app.", "load_settings", 0.99, "workspace")
    assert describer.guide_for(code, own) == own
    weak = Exemplar("Something else.", "other", 0.01, "workspace")
    assert describer.guide_for(code, weak) == shipped


def test_a_model_that_reads_no_exemplar_is_given_none(tiny_dir):
    describer = describer_in(tiny_dir)
    own = Exemplar("Read the settings of the app.", "load_settings", 0.3, "workspace")
    assert describer.guide_for(LOAD_CONFIG, own) is None
    alone = describer.source_ids(LOAD_CONFIG, "python")
    assert describer.source_ids(LOAD_CONFIG, "python", own).tolist() == alone.tolist()


def test_a_corrupt_exemplar_index_is_a_clear_error(tmp_path):
    directory = tiny_describer.build(tmp_path / "models", exemplars=DOCUMENTED)
    (directory / "mine" / "exemplars.npz").write_bytes(b"not an index")
    enrichment = Engine.load(directory).analyze(READ_JSON, language_hint="python")
    assert enrichment.description is None
    assert any("exemplar index sha256 does not match" in warning for warning in enrichment.warnings)


def test_an_exemplar_below_the_minimum_similarity_is_not_given(tmp_path):
    describer = describer_in(tiny_describer.build(tmp_path / "models", exemplars=DOCUMENTED))
    weak = Exemplar("Something else.", "other", 0.2, "workspace")
    describer.config = replace(describer.config, exemplar_min_similarity=0.5, exemplar_index=None)
    describer.index = None
    assert describer.guide_for(LOAD_CONFIG, weak) is None
    assert describer.guide_for(LOAD_CONFIG, replace(weak, similarity=0.6)) is not None


def test_a_wider_search_is_tried_when_every_candidate_is_degenerate(tiny_dir, monkeypatch):
    widths = []

    def candidates(step, eos, options, cancelled):
        widths.append(options.beams)
        tokens = [5, 6] if options.beams >= 12 else [7]
        return [Decoded(tokens, (-0.5,) * (len(tokens) + 1))]

    describer = describer_in(tiny_dir)
    first = describer.tokenizer.decode([5, 6], skip_special_tokens=True)
    monkeypatch.setattr(describer_module, "candidates", candidates)
    monkeypatch.setattr(describer_module, "is_degenerate", lambda sentence, code: sentence != tidy(first))
    description = describer.describe(READ_JSON, "python")
    assert widths == list(describer_module.RERANK_BEAMS) and description.sentence == tidy(first)


def test_guarded_greedy_decoding_is_the_last_resort(tiny_dir, monkeypatch):
    def decode_scored(step, eos, options, cancelled):
        return Decoded([5, 6] if options.allows is not None else [7], (-0.5, -0.5, -0.5))

    describer = describer_in(tiny_dir)
    sound = tidy(describer.tokenizer.decode([5, 6], skip_special_tokens=True))
    monkeypatch.setattr(describer_module, "decode_scored", decode_scored)
    monkeypatch.setattr(describer_module, "candidates", lambda step, eos, options, cancelled: [Decoded([7], (-0.5,))])
    monkeypatch.setattr(describer_module, "is_degenerate", lambda sentence, code: sentence != sound)
    assert describer.describe(READ_JSON, "python").sentence == sound
