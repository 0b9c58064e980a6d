"""Export the trained describer: three ONNX graphs (fp32 kept aside), int8, optimized offline.

Writes ``models/describer/{encoder_model,decoder_model,decoder_with_past_model}.onnx`` (int8 dynamic
quantization of every matrix and the embedding table, then ``ORT_ENABLE_ALL``), the tokenizer, the
three manifest entries, and ``parity.json``: PyTorch's greedy tokens on fixed validation examples,
which the fp32 graphs must reproduce here and the shipped ones in the tests.

    python models/describer/export.py --train /work/data/describer-train --data /work/data/describer \
        --fp32 /work/data/describer-fp32
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from evaluate import FILES, describer_from  # noqa: E402
from graphs import UNQUANTIZED, decoder_graph, encoder_graph  # noqa: E402
from onnx_export import optimize, update_manifest  # noqa: E402
from prepare import LANGUAGE_TOKENS  # noqa: E402
from t5 import T5, T5Config  # noqa: E402
from train import MAX_SOURCE, Split  # noqa: E402

from lsp_server.engine.describer.decoding import DecodingOptions, decode  # noqa: E402
from lsp_server.engine.runtime import sha256_of  # noqa: E402

VERSION = "1.6.0"
NAMES = {file.removesuffix(".onnx"): name for name, file in FILES.items()}
PARITY_EXAMPLES = 32
INDEX = "exemplars.npz"
MAX_NEW_TOKENS = 32


def load_model(train_dir: Path) -> T5:
    checkpoint = torch.load(train_dir / "checkpoint.pt", weights_only=False, map_location="cpu")
    config = T5Config(**(checkpoint["config"] | {"dropout": 0.0}))
    model = T5(config)
    model.load_state_dict(checkpoint["model"])
    return model.eval()


def build_graphs(model: T5) -> dict[str, onnx.ModelProto]:
    weights = {k: v.detach().float().numpy() for k, v in model.state_dict().items()}
    config = model.config.to_dict()
    return {
        "encoder_model": encoder_graph(weights, config),
        "decoder_model": decoder_graph(weights, config, False),
        "decoder_with_past_model": decoder_graph(weights, config, True),
    }


def write_graphs(graphs: dict[str, onnx.ModelProto], fp32_dir: Path, out_dir: Path) -> None:
    fp32_dir.mkdir(parents=True, exist_ok=True)
    for name, graph in graphs.items():
        fp32 = fp32_dir / f"{name}.onnx"
        onnx.save(graph, fp32)
        with tempfile.TemporaryDirectory() as tmp:
            quantized = Path(tmp) / "quantized.onnx"
            quantize_dynamic(
                fp32,
                quantized,
                weight_type=QuantType.QUInt8,
                op_types_to_quantize=["Gather", "MatMul"],
                nodes_to_exclude=UNQUANTIZED,
            )
            optimize(quantized, out_dir / f"{name}.onnx")
        print(
            f"{name}: fp32 {fp32.stat().st_size / 1e6:.1f} MB"
            f" -> int8 {(out_dir / f'{name}.onnx').stat().st_size / 1e6:.1f} MB"
        )


def source_transform(data_dir: Path) -> str:
    """How ``prepare.py`` rewrote the code (data prepared before it said so: not at all)."""
    path = data_dir / "preprocessing.json"
    return json.loads(path.read_text())["source_transform"] if path.is_file() else "none"


def manifest_entries(
    graphs: dict[str, onnx.ModelProto],
    config: T5Config,
    tokenizer_sha: str,
    out_dir: Path,
    transform: str,
    exemplar_tokens: int = 0,
    exemplar_min_similarity: float = 0.0,
) -> list[dict]:
    preprocessing = {
        "tokenizer": "describer/tokenizer.json",
        "tokenizer_sha256": tokenizer_sha,
        "num_layers": config.num_decoder_layers,
        "source_prefix": "<{language}>",
        "known_languages": LANGUAGE_TOKENS,
        "source_transform": transform,
        "max_source_tokens": MAX_SOURCE,
        "decoder_start_token_id": config.decoder_start_token_id,
        "eos_token_id": config.eos_token_id,
        "pad_token_id": config.pad_token_id,
        "max_new_tokens": MAX_NEW_TOKENS,
        "beams": 1,
        "no_repeat_ngram": 3,
        "repetition_penalty": 1.3,
    }
    if exemplar_tokens:
        preprocessing |= {
            "exemplar_tokens": exemplar_tokens,
            "exemplar_index": f"describer/{INDEX}",
            "exemplar_index_sha256": sha256_of(out_dir / INDEX),
            "exemplar_min_similarity": exemplar_min_similarity,
        }
    entries = []
    for name, graph in graphs.items():
        entry = {
            "name": NAMES[name],
            "version": VERSION,
            "file": f"describer/{name}.onnx",
            "sha256": sha256_of(out_dir / f"{name}.onnx"),
            "inputs": [i.name for i in graph.graph.input],
            "outputs": [o.name for o in graph.graph.output],
        }
        if name == "encoder_model":
            entry["preprocessing"] = preprocessing
        entries.append(entry)
    return entries


def parity_examples(model: T5, data_dir: Path, max_source: int = MAX_SOURCE) -> list[dict]:
    """PyTorch's greedy tokens (no repetition rule) for the first validation examples."""
    split = Split(data_dir / "validation.npz", max_source)
    rng = np.random.default_rng(0)
    rows = []
    for i in sorted(rng.choice(len(split), PARITY_EXAMPLES, replace=False).tolist()):
        source = torch.from_numpy(split.source_ids(i).astype(np.int64))[None]
        tokens = model.greedy(source, torch.ones_like(source), MAX_NEW_TOKENS)[0]
        rows.append(
            {
                "source_ids": split.source_ids(i).tolist(),
                "tokens": [t for t in tokens if t != model.config.eos_token_id],
            }
        )
    return rows


def check_fp32_parity(examples: list[dict], fp32_dir: Path) -> None:
    """The fp32 graphs, decoded by the engine's own code, must give PyTorch's tokens exactly."""
    step = describer_from(fp32_dir).step_for
    for example in examples:
        tokens = decode(step(np.array([example["source_ids"]])), 1, DecodingOptions(MAX_NEW_TOKENS, no_repeat_ngram=0))
        if tokens != example["tokens"]:
            raise SystemExit(f"fp32 ONNX decoding differs from PyTorch: {tokens} != {example['tokens']}")
    print(f"fp32 ONNX reproduces PyTorch's tokens on {len(examples)} examples")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path, required=True, help="training directory with checkpoint.pt")
    parser.add_argument("--data", type=Path, required=True, help="prepared data with tokenizer.json and validation.npz")
    parser.add_argument("--fp32", type=Path, required=True, help="where the fp32 graphs go (for evaluation)")
    parser.add_argument("--manifest", type=Path, default=HERE.parent / "manifest.json")
    parser.add_argument(
        "--exemplar-index", type=Path, help="for a model trained on exemplar_arrays.py's arrays: the index it ships"
    )
    parser.add_argument("--exemplar-tokens", type=int, default=32, help="as given to exemplar_arrays.py")
    parser.add_argument(
        "--exemplar-min-similarity", type=float, default=0.0, help="exemplars less similar are not given to the model"
    )
    args = parser.parse_args()
    model = load_model(args.train)
    graphs = build_graphs(model)
    write_graphs(graphs, args.fp32, HERE)
    shutil.copyfile(args.data / "tokenizer.json", HERE / "tokenizer.json")
    exemplar_tokens = args.exemplar_tokens if args.exemplar_index else 0
    if args.exemplar_index:
        shutil.copyfile(args.exemplar_index, HERE / INDEX)
    for entry in manifest_entries(
        graphs,
        model.config,
        sha256_of(HERE / "tokenizer.json"),
        HERE,
        source_transform(args.data),
        exemplar_tokens,
        args.exemplar_min_similarity,
    ):
        update_manifest(args.manifest, entry)
    examples = parity_examples(model, args.data, MAX_SOURCE + exemplar_tokens)
    check_fp32_parity(examples, args.fp32)
    (HERE / "parity.json").write_text(json.dumps(examples) + "\n")
    print("wrote", args.manifest, HERE / "parity.json")


if __name__ == "__main__":
    main()
