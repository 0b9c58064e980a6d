"""A training checkpoint's weights as a few small bf16 files, and back into a checkpoint.

What comes back from a machine with an accelerator is at most 8 files of 16 MiB each. ``split``
writes the model's weights in bfloat16 (the optimizer is left behind), cut into files of at most
``--shard-mb``, with the config and training state in the first; ``join`` reads them into a
``checkpoint.pt`` (float32 weights, a fresh optimizer) that ``train.py`` continues and ``export.py``
exports.

    python models/describer/shards.py split /tmp/train/checkpoint.pt "$OUT"
    python models/describer/shards.py join FILES_AT /work/data/describer-gpu
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

PREFIX = "describer-weights-"
SHARD_MB = 15.0


def split(checkpoint: Path, out: Path, shard_mb: float = SHARD_MB) -> list[Path]:
    """Write the weights of ``checkpoint`` into ``out`` as ``describer-weights-NN.pt`` files."""
    saved = torch.load(checkpoint, weights_only=False, map_location="cpu")
    shards: list[dict] = [{"config": saved["config"], "state": saved["state"], "weights": {}}]
    size = 0
    for name, tensor in saved["model"].items():
        half = tensor.detach().to(torch.bfloat16) if tensor.is_floating_point() else tensor.detach()
        bytes_ = half.numel() * half.element_size()
        if size and size + bytes_ > shard_mb * 1e6:
            shards.append({"weights": {}})
            size = 0
        shards[-1]["weights"][name] = half.clone()
        size += bytes_
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{PREFIX}{index:02d}.pt" for index in range(len(shards))]
    for path, shard in zip(paths, shards, strict=True):
        torch.save(shard, path)
    return paths


def join(folder: Path, out: Path) -> Path:
    """``out/checkpoint.pt`` from the weight files in ``folder``."""
    paths = sorted(folder.glob(f"{PREFIX}*.pt"))
    if not paths:
        raise SystemExit(f"no {PREFIX}*.pt in {folder}")
    shards = [torch.load(path, weights_only=False, map_location="cpu") for path in paths]
    weights = {
        name: tensor.float() if tensor.is_floating_point() else tensor
        for shard in shards
        for name, tensor in shard["weights"].items()
    }
    out.mkdir(parents=True, exist_ok=True)
    state = dict(shards[0]["state"]) | {"joined_from": [path.name for path in paths]}
    torch.save({"model": weights, "optimizer": None, "state": state, "config": shards[0]["config"]},
               out / "checkpoint.pt")
    return out / "checkpoint.pt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    splitting = sub.add_parser("split", help="checkpoint.pt -> bf16 weight files")
    splitting.add_argument("checkpoint", type=Path)
    splitting.add_argument("out", type=Path)
    splitting.add_argument("--shard-mb", type=float, default=SHARD_MB)
    joining = sub.add_parser("join", help="bf16 weight files -> checkpoint.pt")
    joining.add_argument("folder", type=Path)
    joining.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "split":
        for path in split(args.checkpoint, args.out, args.shard_mb):
            print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")
    else:
        print(join(args.folder, args.out))


if __name__ == "__main__":
    main()
