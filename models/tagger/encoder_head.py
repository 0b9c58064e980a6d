"""A multi-label head on the describer encoder's pooled states, alone and combined with the n-gram tagger.

Reads the states ``encoder_states.py`` wrote, trains a small MLP (pooled states -> 256 ReLU -> one
sigmoid per tag) on the same weak labels as the shipped tagger (rows of rare tags repeated the same
way), fits one threshold per tag on the validation packages' windows and functions, and reports on
the hand-labeled set, both parts, beside the shipped n-gram tagger, their combination (mean of the
two probabilities, thresholds fitted again on validation) and the rules.

    python models/tagger/encoder_head.py --data /work/data/tagger-about2 --states /work/data/tagger-states \
        --work /work/data/tagger-head
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from encoder_states import EVAL_PARTS, load_states  # noqa: E402
from evaluate import ALL, PARTS, RULES, SUMMARY, load_parts, scores, tag_with  # noqa: E402
from rules import taxonomy_ids  # noqa: E402
from train import fit_thresholds, load_rows, micro_f1, oversample, targets  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402
from lsp_server.engine.manifest import default_models_dir  # noqa: E402
from lsp_server.engine.tagger.tagger import select_tags  # noqa: E402

MAX_TAGS = 5


class Head(nn.Module):
    def __init__(self, width: int, hidden: int, labels: int, mean: np.ndarray, std: np.ndarray) -> None:
        super().__init__()
        self.register_buffer("mean", torch.from_numpy(mean))
        self.register_buffer("std", torch.from_numpy(std))
        self.net = nn.Sequential(nn.Dropout(0.1), nn.Linear(width, hidden), nn.ReLU(), nn.Dropout(0.2),
                                 nn.Linear(hidden, labels))

    def forward(self, states: torch.Tensor) -> torch.Tensor:
        return self.net((states - self.mean) / self.std)


def train_head(states: np.ndarray, truth: np.ndarray, repeated: list[int], args: argparse.Namespace) -> Head:
    mean = states.mean(0).astype(np.float32)
    std = (states.astype(np.float32).std(0) + 1e-3).astype(np.float32)
    head = Head(states.shape[1], args.hidden, truth.shape[1], mean, std)
    optimizer = torch.optim.AdamW(head.parameters(), lr=args.lr, weight_decay=1e-4)
    order = np.array(repeated)
    x_all, y_all = torch.from_numpy(states.astype(np.float32)), torch.from_numpy(truth)
    for epoch in range(args.epochs):
        began, losses = time.time(), []
        for group in optimizer.param_groups:
            group["lr"] = args.lr * (0.7**epoch)
        rng = np.random.default_rng(epoch)
        shuffled = order[rng.permutation(len(order))]
        for start in range(0, len(shuffled), args.batch):
            index = torch.from_numpy(shuffled[start : start + args.batch])
            loss = nn.functional.binary_cross_entropy_with_logits(head(x_all[index]), y_all[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        rate = len(shuffled) / (time.time() - began)
        print(f"epoch {epoch}: loss {np.mean(losses):.4f} {rate:.0f} rows/s", flush=True)
    return head


def probabilities(head: Head, states: np.ndarray) -> np.ndarray:
    head.eval()
    with torch.no_grad():
        return torch.sigmoid(head(torch.from_numpy(states.astype(np.float32)))).numpy()


def ngram_scores(engine: Engine, texts: list[str], languages: list[str]) -> np.ndarray:
    tagger = engine._tagger([])
    assert tagger is not None
    return np.stack([tagger.scores(text, language) for text, language in zip(texts, languages, strict=True)])


def ranked(scores: np.ndarray, labels: list[str], thresholds: list[float]) -> list[list[str]]:
    return [[tag.id for tag in select_tags(row, labels, thresholds, MAX_TAGS)] for row in scores]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--states", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    args.work.mkdir(parents=True, exist_ok=True)
    labels = taxonomy_ids()
    train_rows, val_rows = load_rows(args.data / "train.jsonl"), load_rows(args.data / "validation.jsonl")
    train_states, val_states = load_states(args.states / "train"), load_states(args.states / "validation")
    assert len(train_states) == len(train_rows) and len(val_states) == len(val_rows)
    train_truth, val_truth = targets(train_rows, labels), targets(val_rows, labels)
    repeated = oversample(list(range(len(train_rows))), [row["tags"] for row in train_rows], 400, 20)
    head = train_head(train_states, train_truth, repeated, args)
    torch.save(head.state_dict(), args.work / "head.pt")

    natural = np.array([row.get("source") != "evidence" for row in val_rows])
    engine = Engine.load(default_models_dir(), settings=EngineSettings(describe=False))
    cached = args.work / "validation_ngram.npy"
    if not cached.exists():
        np.save(cached, ngram_scores(engine, [r["text"] for r in val_rows], [r["language"] for r in val_rows]))
    val_ngram = np.load(cached)
    val_head = probabilities(head, val_states)
    val_both = (val_head + val_ngram) / 2
    fitted = {}
    for name, val_scores in (("head", val_head), ("ngram", val_ngram), ("both", val_both)):
        fitted[name] = fit_thresholds(val_scores[natural], val_truth[natural])
        print(f"validation micro-F1 {name}: {micro_f1(val_scores[natural], val_truth[natural], fitted[name]):.3f}")

    parts = load_parts(PARTS)
    everything = [row for rows in parts.values() for row in rows]
    eval_states = np.concatenate([load_states(args.states / "eval" / path.stem) for path in EVAL_PARTS["eval"]])
    assert len(eval_states) == len(everything)
    identifier = Engine.load(default_models_dir(), settings=EngineSettings(describe=False, tags=False))
    languages = [identifier.analyze(row["text"]).language.language for row in everything]
    eval_ngram = ngram_scores(engine, [row["text"] for row in everything], languages)
    eval_head = probabilities(head, eval_states)
    systems = {"encoder head": ranked(eval_head, labels, fitted["head"]),
               "n-gram (shipped scores, thresholds refit)": ranked(eval_ngram, labels, fitted["ngram"]),
               "encoder head + n-gram": ranked((eval_head + eval_ngram) / 2, labels, fitted["both"])}
    for name, predicted in systems.items():
        for row, tags in zip(everything, predicted, strict=True):
            row[name] = tags
    tag_with({}, everything)
    names = [*systems, RULES]
    results = {part: {name: scores(rows, name) for name in names} for part, rows in [*parts.items(), (ALL, everything)]}
    for part, by_system in results.items():
        for name, result in by_system.items():
            print(f"{part:10} {name:42}", " ".join(f"{k} {result[k]:.3f}" for k in SUMMARY))
    np.savez(args.work / "eval_scores.npz", head=eval_head, ngram=eval_ngram)
    (args.work / "thresholds.json").write_text(json.dumps(fitted))


if __name__ == "__main__":
    main()
