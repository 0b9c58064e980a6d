"""The network both shipped classifiers use: the mean of hashed feature embeddings -> LayerNorm -> MLP.

Training-side helpers shared by ``models/langid/train.py`` and ``models/tagger/train.py``.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

Features = tuple[np.ndarray, np.ndarray, np.ndarray]


def unique_shares(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids and their share of all ids: a weighted sum over these equals the mean over all
    ids that the ONNX graph computes, at a fraction of the training cost."""
    unique, counts = np.unique(raw, return_counts=True)
    return unique.astype(np.int32), (counts / max(raw.size, 1)).astype(np.float32)


def pack(per_text: list[tuple[np.ndarray, np.ndarray]]) -> Features:
    ids = [i for i, _ in per_text]
    offsets = np.cumsum([0] + [a.size for a in ids[:-1]]).astype(np.int64)
    return np.concatenate(ids), offsets, np.concatenate([w for _, w in per_text])


class EmbeddingMLP(nn.Module):
    def __init__(self, buckets: int, dim: int, hidden: int, labels: int) -> None:
        super().__init__()
        self.embedding = nn.EmbeddingBag(buckets, dim, mode="sum")
        nn.init.normal_(self.embedding.weight, std=0.05)
        self.norm = nn.LayerNorm(dim)
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, labels)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        pooled = self.embedding(ids, offsets, per_sample_weights=weights)
        return self.out(torch.relu(self.hidden(self.norm(pooled))))


def run_batch(model: EmbeddingMLP, features: Features, start: int, stop: int, dropout: float = 0.0) -> torch.Tensor:
    ids, offsets, weights = features
    lo, hi = offsets[start], (offsets[stop] if stop < offsets.size else ids.size)
    bag_offsets = torch.from_numpy(offsets[start:stop] - lo)
    shares = torch.from_numpy(weights[lo:hi])
    if dropout:
        shares = drop_ngrams(shares, bag_offsets, dropout)
    return model(torch.from_numpy(ids[lo:hi].astype(np.int64)), bag_offsets, shares)


def drop_ngrams(shares: torch.Tensor, offsets: torch.Tensor, rate: float) -> torch.Tensor:
    """Forget a random share of each snippet's distinct n-grams and renormalize, so the model cannot
    lean on a few package-specific identifiers and sees what shorter snippets look like."""
    kept = shares * (torch.rand_like(shares) >= rate)
    bags = torch.zeros(shares.numel(), dtype=torch.long)
    bags[offsets[1:]] = 1
    bags = torch.cumsum(bags, 0)
    totals = torch.zeros(offsets.numel()).index_add_(0, bags, kept)
    return kept / totals.clamp_min(1e-9)[bags]
