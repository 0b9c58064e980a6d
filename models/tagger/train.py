"""Train the concept tagger: mean of hashed word-feature embeddings -> LayerNorm -> MLP -> one sigmoid per tag.

Labels come from ``build_dataset.py`` (weak labels by ``rules.py``). Per-tag thresholds are chosen on
the validation packages. Resumable: a checkpoint is written after every epoch to --work.

    python models/tagger/train.py --data /work/data/tagger-about --work /work/data/tagger-train

Feature extraction runs in watched child processes (``guarded.py``): a snippet on which a tree-sitter
grammar never returns is left out.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
from guarded import guarded_map  # noqa: E402
from ngram_mlp import (  # noqa: E402
    EmbeddingMLP,
    Features,
    SplitAdam,
    load_checkpoint,
    pack,
    run_batch,
    save_checkpoint,
    save_weights,
    unique_shares,
)
from rules import taxonomy_ids  # noqa: E402

from lsp_server.engine.tagger.features import (  # noqa: E402
    HASH_NAME,
    HASH_V2,
    HASH_V3,
    HASH_V4,
    TagFeatureSpec,
    word_ids,
)

CHUNK = 8192
MIN_THRESHOLD = 0.3
FEATURES = {"v2": HASH_V2, "v3": HASH_V3, "v4": HASH_V4, "v5": HASH_NAME}




def load_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def oversample(items: list, tags: list[list[str]], floor: int, cap: int) -> list:
    """``items`` repeated so that every tag is seen about ``floor`` times an epoch (an item at most ``cap``
    times), so rare tags are not drowned by the frequent ones; ``tags[i]`` are the tags of ``items[i]``."""
    counts = Counter(tag for row_tags in tags for tag in row_tags)
    out = []
    for item, row_tags in zip(items, tags, strict=True):
        copies = max([math.ceil(floor / counts[tag]) for tag in row_tags] + [1])
        out.extend([item] * min(copies, cap))
    return out


def kept(rows: list[dict], features: list) -> tuple[list[dict], list]:
    """The rows that got features, and their features."""
    pairs = [(row, f) for row, f in zip(rows, features, strict=True) if f is not None]
    return [row for row, _ in pairs], [f for _, f in pairs]


def row_features(rows: list[dict], spec: TagFeatureSpec) -> list[tuple[np.ndarray, np.ndarray] | None]:
    """Each row's distinct feature ids and their shares (None where parsing the row never ended)."""
    return guarded_map(functools.partial(snippet_features, spec=spec), [(r["text"], r["language"]) for r in rows])


def snippet_features(pair: tuple[str, str], spec: TagFeatureSpec) -> tuple[np.ndarray, np.ndarray]:
    return unique_shares(word_ids(pair[0], pair[1], spec))


def chunked(features: list[tuple[np.ndarray, np.ndarray]]) -> list[Features]:
    return [pack(features[i:i + CHUNK]) for i in range(0, len(features), CHUNK)]


def targets(rows: list[dict], labels: list[str]) -> np.ndarray:
    index = {tag: i for i, tag in enumerate(labels)}
    out = np.zeros((len(rows), len(labels)), dtype=np.float32)
    for i, row in enumerate(rows):
        for tag in row["tags"]:
            if tag in index:
                out[i, index[tag]] = 1.0
    return out


def predict(model: EmbeddingMLP, chunks: list[Features]) -> np.ndarray:
    model.eval()
    outs = []
    with torch.no_grad():
        for features in chunks:
            size = features[1].size
            outs.extend(torch.sigmoid(run_batch(model, features, s, min(s + 1024, size))) for s in range(0, size, 1024))
    model.train()
    return torch.cat(outs).numpy()


def fit_thresholds(scores: np.ndarray, truth: np.ndarray, beta: float = 1.0) -> list[float]:
    """Per tag, the threshold with the best F-beta on validation; 0.5 where validation has too few positives.
    A ``beta`` above 1 weighs recall higher: the weak labels miss concepts the rules do not see, so
    the model's right answers on those rows count as false positives and F1 sets thresholds too high."""
    grid = np.arange(MIN_THRESHOLD, 0.91, 0.05)
    out = []
    for k in range(truth.shape[1]):
        positives = truth[:, k] > 0
        if positives.sum() < 5:
            out.append(0.5)
            continue
        scored = [f_beta(scores[:, k] >= t, positives, beta) for t in grid]
        out.append(round(float(grid[int(np.argmax(scored))]), 2))
    return out


def f_beta(predicted: np.ndarray, truth: np.ndarray, beta: float) -> float:
    hits = float((predicted & truth).sum())
    return (1 + beta**2) * hits / max(beta**2 * float(truth.sum()) + float(predicted.sum()), 1.0)


def f1_score(predicted: np.ndarray, truth: np.ndarray) -> float:
    return f_beta(predicted, truth, 1.0)


def micro_f1(scores: np.ndarray, truth: np.ndarray, thresholds: list[float]) -> float:
    return f1_score(scores >= np.array(thresholds), truth > 0)


def precision_at_1(scores: np.ndarray, truth: np.ndarray, thresholds: list[float]) -> float:
    """Share of the rows with a tag whose best-scoring tag passes its threshold and is right."""
    labeled = truth.sum(axis=1) > 0
    best = scores.argmax(axis=1)
    passes = scores[np.arange(len(best)), best] >= np.array(thresholds)[best]
    right = truth[np.arange(len(best)), best] > 0
    return float((passes & right)[labeled].mean()) if labeled.any() else 0.0


def train_epoch(model: EmbeddingMLP, optimizer: SplitAdam, chunks: list[Features], truth: np.ndarray,
                batch: int, dropout: float, rng: np.random.Generator) -> float:
    losses, base = [], 0
    bounds = []
    for features in chunks:
        bounds.append(base)
        base += features[1].size
    for c in rng.permutation(len(chunks)):
        features, first = chunks[c], bounds[c]
        size = features[1].size
        for start in range(0, size, batch):
            stop = min(start + batch, size)
            logits = run_batch(model, features, start, stop, dropout)
            target = torch.from_numpy(truth[first + start:first + stop])
            loss = nn.functional.binary_cross_entropy_with_logits(logits, target)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    return float(np.mean(losses))


def add_to_average(path: Path, model: EmbeddingMLP, earlier: int) -> None:
    """Fold the model's weights into the running mean at ``path``, which holds ``earlier`` epochs' weights
    (kept beside the checkpoint, so a resumed run goes on averaging). The mean of the last epochs'
    weights of one run generalises a little better than the last weights, and varies less between runs."""
    current = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
    if earlier > 0:
        mean = torch.load(path, weights_only=False)["weights"]
        current = {name: mean[name] + (tensor - mean[name]) / (earlier + 1) for name, tensor in current.items()}
    torch.save({"weights": current, "epochs": earlier + 1}, path)


def refit_thresholds(work: Path, beta: float) -> None:
    """New thresholds for the weights in ``work``, from the validation scores the run saved."""
    saved = np.load(work / "validation_scores.npz")
    natural, truth = saved["natural"], saved["truth"]
    thresholds = fit_thresholds(saved["scores"][natural], truth[natural], beta)
    weights = dict(np.load(work / "weights.npz"))
    weights["thresholds"] = np.array(thresholds, dtype=np.float32)
    np.savez(work / "weights.npz", **weights)
    print(f"thresholds refit for F{beta:g}: mean {np.mean(thresholds):.3f}; "
          f"validation micro-F1 {micro_f1(saved['scores'], truth, thresholds):.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/data/tagger-about"))
    parser.add_argument("--work", type=Path, default=Path("/work/data/tagger-train"))
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--bucket-bits", type=int, default=16)
    parser.add_argument("--features", choices=sorted(FEATURES), default="v5",
                        help="v2: words, pairs and four structural facts; v3: every fact and their conjunctions; "
                             "v4: and the evidence rules' verdicts; v5: and loops stepping by a variable")
    parser.add_argument("--structure-weight", type=int, default=1,
                        help="how many times each structural feature counts in the mean at least (v3)")
    parser.add_argument("--structure-share", type=float, default=0.05,
                        help="how many times each structural feature counts, as a share of the other features (v3)")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--dropout", type=float, default=0.3, help="share of distinct features dropped per snippet")
    parser.add_argument("--average-last", type=int, default=3, metavar="K",
                        help="ship the mean of the weights after each of the last K epochs (1: the last ones)")
    parser.add_argument("--threshold-beta", type=float, default=2.0,
                        help="fit each tag's threshold for the best F-beta on validation (1: F1, until 1.3.0)")
    parser.add_argument("--thresholds-only", action="store_true",
                        help="refit the thresholds of a finished run in --work from its validation scores")
    parser.add_argument("--seed", type=int, default=0, help="initial weights and the order of the rows")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pool", choices=["mean", "max"], default="mean")
    parser.add_argument("--oversample", type=int, default=400, metavar="N",
                        help="repeat rows of rarer tags until each tag is seen about N times an epoch")
    parser.add_argument("--repeat-task", type=int, default=1, metavar="N",
                        help="count each training row of algorithm collections (source 'task', task_code.py) N times")
    parser.add_argument("--oversample-cap", type=int, default=20, help="most copies of one row")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.thresholds_only:
        refit_thresholds(args.work, args.threshold_beta)
        return
    labels = taxonomy_ids()
    spec = TagFeatureSpec(bucket_bits=args.bucket_bits, hash=FEATURES[args.features],
                          structure_weight=args.structure_weight, structure_share=args.structure_share)
    train_rows, val_rows = load_rows(args.data / "train.jsonl"), load_rows(args.data / "validation.jsonl")
    began = time.time()
    train_features, val_features = row_features(train_rows, spec), row_features(val_rows, spec)
    train_rows, train_features = kept(train_rows, train_features)
    val_rows, val_features = kept(val_rows, val_features)
    weighted = [i for i, row in enumerate(train_rows)
                for _ in range(args.repeat_task if row["source"] == "task" else 1)]
    repeated = oversample(weighted, [train_rows[i]["tags"] for i in weighted], args.oversample, args.oversample_cap)
    train_rows = [train_rows[i] for i in repeated]
    train_chunks, val_chunks = chunked([train_features[i] for i in repeated]), chunked(val_features)
    train_truth, val_truth = targets(train_rows, labels), targets(val_rows, labels)
    print(f"{len(train_rows)} train / {len(val_rows)} validation snippets, {len(labels)} tags; "
          f"features in {time.time() - began:.0f}s", flush=True)

    model = EmbeddingMLP(spec.buckets, args.dim, args.hidden, len(labels), pool=args.pool, sparse=True)
    optimizer = SplitAdam(model, args.lr)
    ckpt_path = args.work / "checkpoint.pt"
    start_epoch = load_checkpoint(model, optimizer, ckpt_path)
    for epoch in range(start_epoch, args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = args.lr * (0.7 ** epoch)
        began = time.time()
        loss = train_epoch(model, optimizer, train_chunks, train_truth, args.batch, args.dropout,
                           np.random.default_rng([args.seed, epoch] if args.seed else epoch))
        scores = predict(model, val_chunks)
        f1 = micro_f1(scores, val_truth, [0.5] * len(labels))
        print(f"epoch {epoch}: loss {loss:.4f} validation micro-F1@0.5 {f1:.3f} "
              f"{len(train_rows) / (time.time() - began):.0f} snippets/s", flush=True)
        if epoch >= args.epochs - args.average_last:
            add_to_average(args.work / "average.pt", model, epoch - (args.epochs - args.average_last))
        save_checkpoint(model, optimizer, epoch, ckpt_path)
    if args.average_last > 1:
        model.load_state_dict(torch.load(args.work / "average.pt", weights_only=False)["weights"])

    scores = predict(model, val_chunks)
    # Evidence windows were picked for holding their tag; calibrating on them would set thresholds
    # for a world where every snippet carries rule evidence.
    natural = np.array([row.get("source") != "evidence" for row in val_rows])
    thresholds = fit_thresholds(scores[natural], val_truth[natural], args.threshold_beta)
    print(f"validation micro-F1 with fitted thresholds {micro_f1(scores, val_truth, thresholds):.3f} "
          f"(windows and functions: {micro_f1(scores[natural], val_truth[natural], thresholds):.3f})", flush=True)
    for source in sorted({row["source"] for row in val_rows}):
        rows = np.array([row["source"] == source for row in val_rows])
        print(f"  {source}: {rows.sum()} rows, micro-F1 {micro_f1(scores[rows], val_truth[rows], thresholds):.3f}, "
              f"P@1 {precision_at_1(scores[rows], val_truth[rows], thresholds):.3f}", flush=True)
    np.savez(args.work / "validation_scores.npz", scores=scores, truth=val_truth, natural=natural)
    save_weights(args.work / "weights.npz", model,
             temperature=np.float32(1.0), labels=np.array(labels), thresholds=np.array(thresholds, dtype=np.float32),
             features=json.dumps(spec.to_json()), pool=args.pool)
    print(f"weights written to {args.work / 'weights.npz'}", flush=True)


if __name__ == "__main__":
    main()
