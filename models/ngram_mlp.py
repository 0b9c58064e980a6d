"""The network both shipped classifiers use: the mean of hashed feature embeddings -> LayerNorm -> MLP.

Training-side helpers shared by ``models/langid/train.py`` and ``models/tagger/train.py``.
"""

from __future__ import annotations

from pathlib import Path

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
    """``pool="mean"`` weighs every feature (language id: the whole texture of the text);
    ``pool="max"`` keeps the strongest evidence per dimension (tags: one telling name is enough)."""

    def __init__(self, buckets: int, dim: int, hidden: int, labels: int, pool: str = "mean",
                 sparse: bool = False) -> None:
        super().__init__()
        self.pool = pool
        self.embedding = nn.EmbeddingBag(buckets, dim, mode="sum" if pool == "mean" else "max", sparse=sparse)
        nn.init.normal_(self.embedding.weight, std=0.05)
        self.norm = nn.LayerNorm(dim)
        self.hidden = nn.Linear(dim, hidden)
        self.out = nn.Linear(hidden, labels)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
        pooled = self.embedding(ids, offsets, per_sample_weights=weights if self.pool == "mean" else None)
        return self.out(torch.relu(self.hidden(self.norm(pooled))))


class SplitAdam:
    """SparseAdam for a sparse embedding table, Adam for the rest: a step moves only the table rows its
    batch touched, instead of all 2^18 of them (over 20x faster an epoch for the tagger)."""

    def __init__(self, model: EmbeddingMLP, lr: float) -> None:
        rest = [p for name, p in model.named_parameters() if name != "embedding.weight"]
        self.parts = [torch.optim.SparseAdam([model.embedding.weight], lr=lr), torch.optim.Adam(rest, lr=lr)]

    @property
    def param_groups(self) -> list[dict]:
        return [group for part in self.parts for group in part.param_groups]

    def zero_grad(self) -> None:
        for part in self.parts:
            part.zero_grad()

    def step(self) -> None:
        for part in self.parts:
            part.step()

    def state_dict(self) -> list[dict]:
        return [part.state_dict() for part in self.parts]

    def load_state_dict(self, states: list[dict]) -> None:
        for part, state in zip(self.parts, states, strict=True):
            part.load_state_dict(state)


def run_batch(model: EmbeddingMLP, features: Features, start: int, stop: int, dropout: float = 0.0) -> torch.Tensor:
    ids, offsets, weights = features
    lo, hi = offsets[start], (offsets[stop] if stop < offsets.size else ids.size)
    bag_offsets = torch.from_numpy(offsets[start:stop] - lo)
    bag_ids = torch.from_numpy(ids[lo:hi].astype(np.int64))
    shares = torch.from_numpy(weights[lo:hi])
    if dropout and model.pool == "max":
        bag_ids, bag_offsets = drop_ids(bag_ids, bag_offsets, dropout)
    elif dropout:
        shares = drop_ngrams(shares, bag_offsets, dropout)
    return model(bag_ids, bag_offsets, shares)


def drop_ids(ids: torch.Tensor, offsets: torch.Tensor, rate: float) -> tuple[torch.Tensor, torch.Tensor]:
    """Forget a random share of each snippet's features (never its first one) for max pooling."""
    keep = torch.rand(ids.numel()) >= rate
    keep[offsets] = True
    bags = torch.zeros(ids.numel(), dtype=torch.long)
    bags[offsets[1:]] = 1
    bags = torch.cumsum(bags, 0)
    kept_per_bag = torch.zeros(offsets.numel(), dtype=torch.long).index_add_(0, bags, keep.long())
    new_offsets = torch.cat([torch.zeros(1, dtype=torch.long), torch.cumsum(kept_per_bag, 0)[:-1]])
    return ids[keep], new_offsets


def drop_ngrams(shares: torch.Tensor, offsets: torch.Tensor, rate: float) -> torch.Tensor:
    """Forget a random share of each snippet's distinct n-grams and renormalize, so the model cannot
    lean on a few package-specific identifiers and sees what shorter snippets look like."""
    kept = shares * (torch.rand_like(shares) >= rate)
    bags = torch.zeros(shares.numel(), dtype=torch.long)
    bags[offsets[1:]] = 1
    bags = torch.cumsum(bags, 0)
    totals = torch.zeros(offsets.numel()).index_add_(0, bags, kept)
    return kept / totals.clamp_min(1e-9)[bags]


def load_checkpoint(model: EmbeddingMLP, optimizer: torch.optim.Optimizer | SplitAdam, path: Path) -> int:
    """Restore ``path`` when it exists; returns the first epoch still to run."""
    if not path.exists():
        return 0
    checkpoint = torch.load(path, weights_only=False)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    print(f"resumed after epoch {checkpoint['epoch']}", flush=True)
    return int(checkpoint["epoch"]) + 1


def save_checkpoint(model: EmbeddingMLP, optimizer: torch.optim.Optimizer | SplitAdam, epoch: int,
                    path: Path) -> None:
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, path)


def save_weights(path: Path, model: EmbeddingMLP, **extra: object) -> None:
    """The trained tensors, laid out as ``onnx_export.build_graph`` reads them, plus ``extra`` arrays."""
    np.savez(path, embedding=model.embedding.weight.detach().numpy(),
             norm_w=model.norm.weight.detach().numpy(), norm_b=model.norm.bias.detach().numpy(),
             hidden_w=model.hidden.weight.detach().numpy().T, hidden_b=model.hidden.bias.detach().numpy(),
             out_w=model.out.weight.detach().numpy().T, out_b=model.out.bias.detach().numpy(), **extra)
