"""Rebuild a training checkpoint of the describer from the ONNX graphs that ship with it.

Training checkpoints stay on the machine that trained (``train.py --out``); the repository keeps the
int8 graphs only. This reads them back into the PyTorch model of ``t5.py``: every weight matrix
dequantized (``(q - zero_point) * scale``, transposed back from the graph's ``x @ W`` layout), the
embedding table from the encoder graph, the norms as they are, and each relative-position bias
table (one bias per key - query offset, precomputed by ``graphs.offset_table``) folded back into its
per-bucket embedding. The result is written as ``OUT/checkpoint.pt`` with a fresh optimizer, so
``train.py --out OUT`` continues training from the shipped model (fine-tuning) instead of from
scratch. The int8 rounding is the only loss: ``--check`` compares the rebuilt model's greedy
tokens with the fp32 model's, recorded in ``parity.json`` at export.

    python models/describer/recover.py --out /work/data/describer-recovered --check
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
from onnx import numpy_helper

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from graphs import MAX_OFFSET, relative_buckets  # noqa: E402
from t5 import T5, T5Config  # noqa: E402

QUANTIZED = "_quantized"


def graph_weights(path: Path) -> dict[str, np.ndarray]:
    """The graph's initializers by name, int8 ones dequantized under their float name."""
    raw = {init.name: numpy_helper.to_array(init) for init in onnx.load(str(path)).graph.initializer}
    out = {}
    for name, value in raw.items():
        if name.endswith(QUANTIZED):
            base = name[: -len(QUANTIZED)]
            scale, zero = raw[base + "_scale"], raw[base + "_zero_point"]
            out[base] = (value.astype(np.float32) - zero.astype(np.float32)) * scale.astype(np.float32)
        elif not name.endswith(("_scale", "_zero_point")):
            out[name] = value
    return out


def bucket_bias(table: np.ndarray, config: T5Config, bidirectional: bool) -> np.ndarray:
    """[buckets, heads] from the [2 * MAX_OFFSET - 1, heads] table of biases per offset."""
    offsets = np.arange(-(MAX_OFFSET - 1), MAX_OFFSET, dtype=np.int64)
    buckets = relative_buckets(offsets, bidirectional, config.relative_buckets, config.relative_max_distance)
    bias = np.zeros((config.relative_buckets, table.shape[1]), dtype=np.float32)
    usable = np.ones_like(offsets, dtype=bool) if bidirectional else offsets <= 0  # the future is masked
    for bucket in range(config.relative_buckets):
        rows = np.flatnonzero((buckets == bucket) & usable)
        if rows.size:
            bias[bucket] = table[rows[0]]
    return bias


def state_dict(models_dir: Path, config: T5Config) -> dict[str, torch.Tensor]:
    encoder = graph_weights(models_dir / "encoder_model.onnx")
    decoder = graph_weights(models_dir / "decoder_model.onnx")
    model = T5(config)
    out = {}
    for name, parameter in model.state_dict().items():
        if name.endswith("relative_attention_bias.weight"):
            side = "encoder" if name.startswith("encoder") else "decoder"
            value = bucket_bias(
                (encoder if side == "encoder" else decoder)[f"{side}_offsets"], config, side == "encoder"
            )
        elif name == "shared.weight":
            value = encoder["shared.weight"]
        else:
            source = encoder if name.startswith("encoder") else decoder
            value = source[name]
            if value.ndim == 2:
                value = value.T  # the graph multiplies x @ W; nn.Linear keeps W transposed
        if tuple(value.shape) != tuple(parameter.shape):
            raise SystemExit(f"{name}: graph gives {value.shape}, the model expects {tuple(parameter.shape)}")
        out[name] = torch.from_numpy(np.array(value, dtype=np.float32))
    return out


def config_from_manifest(models_dir: Path) -> T5Config:
    manifest = json.loads((models_dir.parent / "manifest.json").read_text())
    entry = next(model for model in manifest["models"] if model["name"] == "describer-encoder")
    pre = entry["preprocessing"]
    return T5Config(
        num_layers=int(pre["num_layers"]),
        num_decoder_layers=int(pre.get("num_decoder_layers", pre["num_layers"])),
        eos_token_id=int(pre["eos_token_id"]),
        pad_token_id=int(pre["pad_token_id"]),
        decoder_start_token_id=int(pre["decoder_start_token_id"]),
    )


def check(model: T5, models_dir: Path) -> float:
    """Share of ``parity.json``'s examples whose greedy tokens the rebuilt model reproduces exactly."""
    examples = json.loads((models_dir / "parity.json").read_text())
    same = 0
    for example in examples:
        ids = torch.tensor([example["source_ids"]])
        tokens = model.greedy(ids, torch.ones_like(ids), len(example["tokens"]) + 1)[0]
        same += [t for t in tokens if t != model.config.eos_token_id] == example["tokens"]
    return same / len(examples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", type=Path, default=HERE)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check", action="store_true", help="compare greedy tokens on parity.json's examples")
    args = parser.parse_args()
    config = config_from_manifest(args.models_dir)
    model = T5(config)
    model.load_state_dict(state_dict(args.models_dir, config))
    model.eval()
    args.out.mkdir(parents=True, exist_ok=True)
    state = {"step": 0, "epoch": 0, "position": 0, "examples": 0, "seconds": 0.0, "recovered_from": "onnx-int8"}
    torch.save({"model": model.state_dict(), "optimizer": None, "state": state, "config": config.to_dict()},
               args.out / "checkpoint.pt")
    print(f"checkpoint written to {args.out / 'checkpoint.pt'}")
    if args.check:
        share = check(model, args.models_dir)
        print(f"greedy tokens equal to the fp32 reference (parity.json) on {share:.0%} of its examples")


if __name__ == "__main__":
    main()
