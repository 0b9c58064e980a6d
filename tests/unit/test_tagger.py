import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from lsp_server import cli
from lsp_server.engine import Engine, EngineSettings, Enrichment, LanguageGuess, Tag
from lsp_server.engine.runtime import sha256_of
from lsp_server.engine.tagger.features import TagFeatureSpec
from lsp_server.engine.tagger.tagger import read_preprocessing, select_tags

LABELS = ("http-client", "json", "sorting", "recursion")
THRESHOLDS = [0.5, 0.5, 0.6, 0.9]
SPEC = TagFeatureSpec(bucket_bits=4)
REQUESTS = "import json\nimport requests\n\nprint(json.dumps(requests.get(URL).json()))\n"


@pytest.mark.parametrize(
    ("scores", "thresholds", "max_tags", "expected"),
    [
        pytest.param([0.7, 0.9, 0.1, 0.2], THRESHOLDS, 5, (("json", 0.9), ("http-client", 0.7)), id="best-first"),
        pytest.param([0.1, 0.2, 0.3, 0.4], THRESHOLDS, 5, (), id="none-above-threshold"),
        pytest.param([0.5, 0.1, 0.6, 0.95], THRESHOLDS, 5,
                     (("recursion", 0.95), ("sorting", 0.6), ("http-client", 0.5)), id="threshold-is-inclusive"),
        pytest.param([0.8, 0.8, 0.8, 0.1], THRESHOLDS, 5,
                     (("http-client", 0.8), ("json", 0.8), ("sorting", 0.8)), id="ties-in-label-order"),
        pytest.param([0.99, 0.98, 0.97, 0.96], THRESHOLDS, 2, (("http-client", 0.99), ("json", 0.98)), id="at-most"),
        pytest.param([0.99, 0.98, 0.97, 0.96], THRESHOLDS, 0, (), id="no-tags-wanted"),
        pytest.param([0.85, 0.2, 0.3, 0.4], [0.9, 0.1, 0.1, 0.1], 5,
                     (("recursion", 0.4), ("sorting", 0.3), ("json", 0.2)), id="per-label-thresholds"),
    ],
)
def test_select_tags(scores, thresholds, max_tags, expected):
    tags = select_tags(np.array(scores), LABELS, np.array(thresholds), max_tags)
    assert [(tag.id, round(tag.score, 6)) for tag in tags] == list(expected)


def test_preprocessing_is_read_from_the_manifest_entry():
    features, thresholds, max_tags = read_preprocessing(preprocessing(max_tags=3), LABELS)
    assert (features, thresholds.tolist(), max_tags) == (SPEC, THRESHOLDS, 3)


def test_preprocessing_needs_one_threshold_per_label():
    with pytest.raises(ValueError, match="3 thresholds for 4 labels"):
        read_preprocessing({**preprocessing(), "thresholds": THRESHOLDS[:3]}, LABELS)


def test_tags_are_in_the_json_rounded_and_always_present():
    guess = LanguageGuess("python", 0.9)
    assert Enrichment(guess, tags=(Tag("json", 0.912345),)).to_json()["tags"] == [{"id": "json", "score": 0.9123}]
    assert Enrichment(guess).to_json()["tags"] == []


# -- the engine with a tiny stand-in tagger model ---------------------------------------------------------------


def preprocessing(max_tags=5):
    return {"features": SPEC.to_json(), "thresholds": THRESHOLDS, "max_tags": max_tags}


def tiny_tagger(path, logits):
    """A model whose scores are ``sigmoid(logits)`` whatever the ids: every bucket's row is ``logits``."""
    table = numpy_helper.from_array(np.tile(np.array(logits, dtype=np.float32), (SPEC.buckets, 1)), "table")
    nodes = [
        helper.make_node("Gather", ["table", "ids"], ["rows"]),
        helper.make_node("ReduceMean", ["rows"], ["mean"], axes=[0], keepdims=1),
        helper.make_node("Sigmoid", ["mean"], ["scores"]),
    ]
    graph = helper.make_graph(
        nodes, "tiny-tagger",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["n"])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, len(LABELS)])],
        initializer=[table],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, path)


def with_tagger(models_dir, logits=(2.0, 1.0, -3.0, -3.0), entry=None):
    """``models_dir`` with its manifest listing the tiny tagger (or ``entry``) as ``tagger``."""
    (models_dir / "tagger").mkdir(exist_ok=True)
    model = models_dir / "tagger" / "tagger.onnx"
    tiny_tagger(model, logits)
    manifest = json.loads((models_dir / "manifest.json").read_text())
    others = [m for m in manifest["models"] if m["name"] != "tagger"]
    entry = entry or {
        "name": "tagger", "version": "0.0.1", "file": "tagger/tagger.onnx", "sha256": sha256_of(model),
        "inputs": ["ids"], "outputs": ["scores"], "labels": list(LABELS), "preprocessing": preprocessing(),
    }
    manifest["models"] = [*others, entry]
    (models_dir / "manifest.json").write_text(json.dumps(manifest))
    return models_dir


def without_tagger(models_dir):
    manifest = json.loads((models_dir / "manifest.json").read_text())
    manifest["models"] = [m for m in manifest["models"] if m["name"] != "tagger"]
    (models_dir / "manifest.json").write_text(json.dumps(manifest))
    return models_dir


def tag_ids(enrichment):
    return [tag.id for tag in enrichment.tags]


def test_engine_returns_the_taggers_tags_best_first(models_copy):
    result = Engine.load(with_tagger(models_copy)).analyze(REQUESTS)
    assert tag_ids(result) == ["http-client", "json"]
    assert result.tags[0].score == pytest.approx(1 / (1 + np.exp(-2.0)), abs=1e-6)
    assert result.warnings == ()


def test_manifest_without_tagger_gives_no_tags_and_no_warning(models_copy):
    result = Engine.load(without_tagger(models_copy)).analyze(REQUESTS)
    assert (result.tags, result.warnings) == ((), ())
    assert result.to_json()["tags"] == []


def test_missing_tagger_file_is_a_warning_not_a_failure(models_copy):
    with_tagger(models_copy)
    (models_copy / "tagger" / "tagger.onnx").unlink()
    result = Engine.load(models_copy).analyze(REQUESTS)
    assert result.language.language == "python"
    assert result.tags == ()
    [warning] = result.warnings
    assert "tagger.onnx" in warning and "Reinstall" in warning


def test_tagger_with_unusable_preprocessing_is_a_warning(models_copy):
    with_tagger(models_copy)
    manifest = json.loads((models_copy / "manifest.json").read_text())
    manifest["models"][-1]["preprocessing"]["thresholds"] = [0.5]
    (models_copy / "manifest.json").write_text(json.dumps(manifest))
    result = Engine.load(models_copy).analyze(REQUESTS)
    assert result.tags == ()
    assert any("preprocessing" in w for w in result.warnings)


def test_tagger_with_the_wrong_number_of_labels_is_a_warning(models_copy):
    with_tagger(models_copy)
    manifest = json.loads((models_copy / "manifest.json").read_text())
    manifest["models"][-1]["labels"] = ["json", "yaml"]
    manifest["models"][-1]["preprocessing"]["thresholds"] = [0.5, 0.5]
    (models_copy / "manifest.json").write_text(json.dumps(manifest))
    result = Engine.load(models_copy).analyze(REQUESTS)
    assert result.tags == ()
    assert any("gives 4 scores but the manifest lists 2 labels" in w for w in result.warnings)


@pytest.mark.parametrize("text", [pytest.param("  \n\n", id="empty"), pytest.param("ELF\x00\x01garbage", id="binary")])
def test_no_tags_for_text_that_is_no_code(models_copy, text):
    assert Engine.load(with_tagger(models_copy)).analyze(text).tags == ()


def test_tagging_can_be_switched_off_and_capped(models_copy):
    engine = Engine.load(with_tagger(models_copy))
    engine.configure(EngineSettings(tags=False))
    assert engine.analyze(REQUESTS).tags == ()
    engine.configure(EngineSettings(max_tags=1))
    assert tag_ids(engine.analyze(REQUESTS)) == ["http-client"]


def test_analyze_prints_tags_and_no_tags_skips_them(models_copy, tmp_path, capsys):
    source = tmp_path / "fetch.py"
    source.write_text(REQUESTS)
    models = with_tagger(models_copy)
    assert cli.main(["analyze", "--models-dir", str(models), str(source)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [tag["id"] for tag in printed["tags"]] == ["http-client", "json"]
    assert cli.main(["analyze", "--no-tags", "--models-dir", str(models), str(source)]) == 0
    assert json.loads(capsys.readouterr().out)["tags"] == []


def test_no_tag_above_threshold_gives_the_best_candidates_instead(models_copy):
    engine = Engine.load(with_tagger(models_copy, logits=(-1.0, -2.0, -4.0, 0.5)))
    result = engine.analyze(REQUESTS, describe=False)
    assert result.tags == ()
    assert [candidate["id"] for candidate in result.to_json()["candidates"]] == ["recursion", "http-client", "json"]


def test_candidates_are_empty_when_tags_are_found(models_copy):
    result = Engine.load(with_tagger(models_copy)).analyze(REQUESTS, describe=False)
    assert result.tags and result.candidates == ()
