"""The describer's prepared data in one compressed file, and back.

A machine with an accelerator (the device tool) gets the working tree and at most 64 MiB in all; the
repository's tracked files take about 47 MB of it, so the prepared arrays (``prepare.py``: 101 MB of
int32 tokens for training) travel as 16-bit tokens, xz-compressed: about 15 MB for training and
validation. ``unpack`` writes the same ``.npz`` files ``train.py`` reads.

    python models/describer/pack.py pack /work/data/describer-v12-lower .carry/describer-data.xz
    python models/describer/pack.py unpack .carry/describer-data.xz /tmp/describer-data
"""

from __future__ import annotations

import argparse
import io
import lzma
from pathlib import Path

import numpy as np

SPLITS = ("train", "validation")
TOKENS = ("source", "target")
FILES = ("tokenizer.json", "preprocessing.json")


def pack(data: Path, out: Path, splits: tuple[str, ...] = SPLITS) -> int:
    """Write ``data``'s splits and tokenizer into ``out``; returns its size in bytes."""
    arrays: dict[str, np.ndarray] = {}
    for split in splits:
        with np.load(data / f"{split}.npz") as saved:
            for name in saved.files:
                array = saved[name]
                if name in TOKENS:
                    if array.size and int(array.max()) > np.iinfo(np.uint16).max:
                        raise ValueError(f"{split} {name}: token ids above 65535 do not fit 16 bits")
                    array = array.astype(np.uint16)
                arrays[f"{split}/{name}"] = array
    for name in FILES:
        if (data / name).exists():
            arrays[f"file/{name}"] = np.frombuffer((data / name).read_bytes(), dtype=np.uint8)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(lzma.compress(buffer.getvalue(), preset=6))
    return out.stat().st_size


def unpack(packed: Path, data: Path) -> list[str]:
    """Write the splits and files packed in ``packed`` into ``data``; returns the splits."""
    data.mkdir(parents=True, exist_ok=True)
    splits: dict[str, dict[str, np.ndarray]] = {}
    with np.load(io.BytesIO(lzma.decompress(packed.read_bytes()))) as saved:
        for key in saved.files:
            kind, name = key.split("/", 1)
            if kind == "file":
                (data / name).write_bytes(saved[key].tobytes())
                continue
            array = saved[key]
            splits.setdefault(kind, {})[name] = array.astype(np.int32) if name in TOKENS else array
    for split, arrays in splits.items():
        np.savez(data / f"{split}.npz", **arrays)
    return sorted(splits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    packing = sub.add_parser("pack", help="prepared data folder -> one compressed file")
    packing.add_argument("data", type=Path)
    packing.add_argument("out", type=Path)
    unpacking = sub.add_parser("unpack", help="compressed file -> prepared data folder")
    unpacking.add_argument("packed", type=Path)
    unpacking.add_argument("data", type=Path)
    args = parser.parse_args()
    if args.command == "pack":
        print(f"{args.out}: {pack(args.data, args.out) / 1e6:.1f} MB")
    else:
        print(f"{args.data}: {', '.join(unpack(args.packed, args.data))}")


if __name__ == "__main__":
    main()
