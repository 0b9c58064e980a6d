"""Every model is validated when it loads: an entry its reader cannot use makes that model unusable,
with a message naming the file and the field, and the others keep serving."""

import json

import pytest

from lsp_server.engine import Engine

PYTHON = "import json\n\ndef load(path):\n    with open(path) as handle:\n        return json.load(handle)\n"


def damage(models_dir, name, change):
    manifest_path = models_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    change(next(entry for entry in manifest["models"] if entry["name"] == name))
    manifest_path.write_text(json.dumps(manifest))
    return models_dir


@pytest.mark.parametrize(
    ("name", "change", "says"),
    [
        pytest.param("langid", lambda e: e["preprocessing"].pop("bucket_bits"), "'bucket_bits' is missing",
                     id="langid"),
        pytest.param("describer-encoder", lambda e: e["preprocessing"].pop("tokenizer"), "tokenizer", id="describer"),
        pytest.param("tagger", lambda e: e["preprocessing"].pop("features"), "'features'", id="tagger"),
        pytest.param("langid", lambda e: e.__setitem__("labels", e["labels"][:3]), "lists 3 labels", id="label-count"),
    ],
)
def test_an_unusable_entry_is_reported_at_load_and_names_the_file(models_copy, name, change, says):
    engine = Engine.load(damage(models_copy, name, change))
    [problem] = [p for p in engine.problems() if says in p]
    status = next(s for s in engine.models() if s.name == name)
    assert status.file.split("/")[-1] in problem and not status.loaded and status.error == problem


def test_the_other_models_keep_serving_when_langid_is_unusable(models_copy):
    engine = Engine.load(damage(models_copy, "langid", lambda e: e["preprocessing"].pop("bucket_bits")))
    result = engine.analyze(PYTHON, document_language="python")
    assert result.language.language == "python" and result.description
    assert any("bucket_bits" in warning for warning in result.warnings)


def test_language_id_keeps_serving_when_the_describer_is_unusable(models_copy):
    engine = Engine.load(damage(models_copy, "describer-encoder", lambda e: e["preprocessing"].pop("tokenizer")))
    result = engine.analyze(PYTHON)
    assert result.language.language == "python" and result.description is None
