"""A tiny randomly initialised T5 describer, built as a user's own export would be: three ONNX graphs in
Optimum's layout, a tokenizer, and manifest entries pointing at them."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import onnx
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from lsp_server.engine.describer.exemplars import ExemplarIndex
from lsp_server.engine.runtime import sha256_of

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "describer"))
from graphs import decoder_graph, encoder_graph, random_weights

TEXTS = [
    "def read(path):\n    return open(path).read()\n",
    "Reads a file and returns its text.",
    'func main() { fmt.Println("hi") }',
    "Prints a greeting.",
    "fn add(a: i32, b: i32) -> i32 { a + b }",
]


def tiny_tokenizer() -> Tokenizer:
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=["<pad>", "</s>", "<unk>", "<python>", "<other>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(TEXTS * 5, trainer=trainer)
    return tokenizer


def build(
    models_dir: Path,
    *,
    with_langid_from: Path | None = None,
    source_prefix: str = "<{language}>",
    max_new_tokens: int = 12,
    source_transform: str | None = None,
    exemplars: list[tuple[str, str, str]] | None = None,
) -> Path:
    """Write a tiny describer (and optionally the shipped langid model) into ``models_dir``; with
    ``exemplars`` ((code, summary, name) triples), it reads the nearest one's beside the code."""
    target = models_dir / "mine"
    target.mkdir(parents=True, exist_ok=True)
    tokenizer = tiny_tokenizer()
    tokenizer.save(str(target / "tokenizer.json"))
    config = {
        "vocab_size": tokenizer.get_vocab_size(),
        "d_model": 16,
        "d_kv": 4,
        "num_heads": 2,
        "d_ff": 32,
        "num_layers": 2,
        "num_decoder_layers": 2,
        "relative_buckets": 8,
        "relative_max_distance": 20,
    }
    weights = random_weights(config)
    graphs = {
        "describer-encoder": ("encoder_model.onnx", encoder_graph(weights, config)),
        "describer-decoder": ("decoder_model.onnx", decoder_graph(weights, config, False)),
        "describer-decoder-with-past": ("decoder_with_past_model.onnx", decoder_graph(weights, config, True)),
    }
    entries = []
    for name, (file, graph) in graphs.items():
        onnx.save(graph, target / file)
        entries.append(
            {
                "name": name,
                "version": "0.0.1",
                "file": f"mine/{file}",
                "sha256": sha256_of(target / file),
                "inputs": [i.name for i in graph.graph.input],
                "outputs": [o.name for o in graph.graph.output],
            }
        )
    entries[0]["preprocessing"] = {
        "tokenizer": "mine/tokenizer.json",
        "tokenizer_sha256": sha256_of(target / "tokenizer.json"),
        "num_layers": 2,
        "source_prefix": source_prefix,
        "known_languages": ["python", "other"],
        "max_source_tokens": 64,
        "max_new_tokens": max_new_tokens,
        "beams": 1,
        "no_repeat_ngram": 3,
    }
    if source_transform is not None:
        entries[0]["preprocessing"]["source_transform"] = source_transform
    if exemplars is not None:
        ExemplarIndex.build(exemplars).save(target / "exemplars.npz")
        entries[0]["preprocessing"] |= {
            "exemplar_tokens": 16,
            "exemplar_index": "mine/exemplars.npz",
            "exemplar_index_sha256": sha256_of(target / "exemplars.npz"),
        }
    if with_langid_from is not None:
        manifest = json.loads((with_langid_from / "manifest.json").read_text())
        langid = next(m for m in manifest["models"] if m["name"] == "langid")
        (models_dir / "langid").mkdir(exist_ok=True)
        shutil.copyfile(with_langid_from / langid["file"], models_dir / langid["file"])
        entries.insert(0, langid)
    (models_dir / "manifest.json").write_text(json.dumps({"models": entries}, indent=1))
    return models_dir
