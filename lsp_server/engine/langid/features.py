"""Hashed byte n-gram features: the one preprocessing step shared by training and serving.

A snippet becomes the bucket ids of every byte n-gram (orders 1-5 by default) of its UTF-8
encoding, framed by newlines. Hashing is FNV-1a over the n-gram bytes followed by a
multiplicative mix; all arithmetic is uint32 in numpy, so it is fast and identical everywhere.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

FNV_OFFSET = np.uint32(2166136261)
FNV_PRIME = np.uint32(16777619)
MIX = np.uint32(2654435761)
HASH_NAME = "fnv1a32-mix-v1"


@dataclass(frozen=True)
class FeatureSpec:
    """Preprocessing parameters; stored in the manifest so serving matches training."""

    bucket_bits: int = 18
    orders: tuple[int, ...] = (1, 2, 3, 4, 5)
    max_bytes: int = 8192
    hash: str = HASH_NAME

    @property
    def buckets(self) -> int:
        return 1 << self.bucket_bits

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["orders"] = list(self.orders)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeatureSpec:
        spec = cls(
            bucket_bits=int(data["bucket_bits"]),
            orders=tuple(int(n) for n in data["orders"]),
            max_bytes=int(data["max_bytes"]),
            hash=str(data.get("hash", HASH_NAME)),
        )
        if spec.hash != HASH_NAME:
            raise ValueError(f"unsupported feature hash {spec.hash!r}; expected {HASH_NAME!r}")
        return spec


def snippet_bytes(text: str, max_bytes: int) -> np.ndarray:
    """The UTF-8 bytes the model sees: newlines normalized, framed by ``\\n``, capped in length."""
    body = text.replace("\r\n", "\n").strip("\n").encode("utf-8", errors="replace")[:max_bytes]
    return np.frombuffer(b"\n" + body + b"\n", dtype=np.uint8)


def ngram_ids(text: str, spec: FeatureSpec) -> np.ndarray:
    """Bucket ids (int64) of all byte n-grams of ``text``; empty when the text is empty."""
    data = snippet_bytes(text, spec.max_bytes).astype(np.uint32)
    shift = np.uint32(32 - spec.bucket_bits)
    parts = []
    for order in spec.orders:
        count = data.size - order + 1
        if count <= 0:
            continue
        h = np.full(count, FNV_OFFSET ^ np.uint32(order), dtype=np.uint32)
        for k in range(order):
            h ^= data[k : k + count]
            h *= FNV_PRIME
        parts.append((h * MIX) >> shift)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts).astype(np.int64)
