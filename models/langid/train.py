"""Train the language-identification model: mean of hashed byte n-gram embeddings -> LayerNorm -> MLP.

Resumable: a checkpoint is written after every epoch to --work; rerunning continues from it.

    python models/langid/train.py --corpus /work/data/langid --work /work/data/langid-train
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dataset import (
    BUCKETS,
    SourceFile,
    cut_snippet,
    function_snippets,
    has_typescript_syntax,
    load_corpus,
    split_by_package,
)
from ngram_mlp import (
    EmbeddingMLP,
    Features,
    load_checkpoint,
    pack,
    run_batch,
    save_checkpoint,
    save_weights,
    unique_shares,
)
from noise import has_markdown_syntax, noise_snippets, prose_paragraphs

from lsp_server.engine.langid.features import FeatureSpec, ngram_ids
from lsp_server.engine.langid.names import LANGUAGES
from lsp_server.engine.types import UNKNOWN

BUCKET_MIX = {"short": 0.4, "medium": 0.35, "long": 0.25}
FUNCTION_SHARE = 0.2
"""Share of a language's snippets that are whole functions, where the extractor finds them."""
CHUNK = 8192


def featurize(batch: tuple[list[str], FeatureSpec]) -> Features:
    texts, spec = batch
    return pack([unique_shares(ngram_ids(text, spec)) for text in texts])


def sample_snippets(files_by_label: dict[int, list[SourceFile]], per_label: int, rng: np.random.Generator,
                    functions_by_label: dict[int, list[str]], relabel) -> list[tuple[str, int]]:
    buckets, weights = list(BUCKET_MIX), list(BUCKET_MIX.values())
    out: list[tuple[str, int]] = []
    for label, files in files_by_label.items():
        found = functions_by_label.get(label, [])
        wanted = int(FUNCTION_SHARE * per_label) if found else 0
        if wanted:
            out.extend((found[int(i)], label) for i in rng.integers(len(found), size=wanted))
        got, tries = wanted, 0
        while got < per_label and tries < per_label * 4:
            tries += 1
            source = files[int(rng.integers(len(files)))]
            text = cut_snippet(source.lines(), str(rng.choice(buckets, p=weights)), rng)
            if text is not None:
                out.append((text, label))
                got += 1
    order = rng.permutation(len(out))
    return [pair for pair in (relabel(*out[i]) for i in order) if pair is not None]


def relabeler(labels: list[str], plain_typescript: str):
    """Labels follow the evidence in the snippet. TypeScript without TypeScript syntax is kept
    (``keep``), taught as JavaScript (``javascript``) or left out (``drop``); Markdown without
    Markdown syntax is prose, the ``unknown`` class."""
    ts, js, md, unknown = (labels.index(name) for name in ("typescript", "javascript", "markdown", UNKNOWN))

    def relabel(text: str, label: int) -> tuple[str, int] | None:
        if label == md and not has_markdown_syntax(text):
            return text, unknown
        if label != ts or plain_typescript == "keep" or has_typescript_syntax(text):
            return text, label
        return (text, js) if plain_typescript == "javascript" else None
    return relabel


def with_noise(files_by_label: dict[int, list[SourceFile]], labels: list[str], count: int,
               rng: np.random.Generator) -> list[tuple[str, int]]:
    """``count`` snippets of the ``unknown`` class, its prose from the split's Markdown files."""
    markdown = files_by_label.get(labels.index("markdown"), [])
    paragraphs = prose_paragraphs(["\n".join(f.lines()) for f in markdown[:3000]])
    return [(text, labels.index(UNKNOWN)) for text in noise_snippets(paragraphs, count, rng)]


def validation_set(files_by_label: dict[int, list[SourceFile]], per_bucket: int, relabel) -> list[tuple[str, int]]:
    rng = np.random.default_rng(1234)
    out = []
    for label, files in files_by_label.items():
        for bucket in BUCKETS:
            picks = rng.permutation(len(files))[:per_bucket * 2]
            texts = [t for t in (cut_snippet(files[i].lines(), bucket, rng) for i in picks) if t][:per_bucket]
            out.extend((t, label) for t in texts)
    return [pair for pair in (relabel(*p) for p in out) if pair is not None]


def functions_by_label(files_by_label: dict[int, list[SourceFile]], labels: list[str], per_language: int,
                       per_package: int, seed: int) -> dict[int, list[str]]:
    files = [f for group in files_by_label.values() for f in group]
    rows = function_snippets(files, per_language, per_package, np.random.default_rng(seed))
    out: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        out[labels.index(row["language"])].append(row["text"])
    return out


def chunks_of(pairs: list[tuple[str, int]], spec: FeatureSpec) -> list[tuple[list[str], FeatureSpec]]:
    return [([t for t, _ in pairs[i:i + CHUNK]], spec) for i in range(0, len(pairs), CHUNK)]


def predict_logits(model: EmbeddingMLP, chunks: list[Features]) -> torch.Tensor:
    model.eval()
    outs = []
    with torch.no_grad():
        for features in chunks:
            size = features[1].size
            outs.extend(run_batch(model, features, start, min(start + 1024, size)) for start in range(0, size, 1024))
    model.train()
    return torch.cat(outs)


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    best = min(np.arange(0.3, 4.01, 0.05),
               key=lambda t: float(nn.functional.cross_entropy(logits / float(t), labels)))
    return float(best)


def train_chunk(model: EmbeddingMLP, optimizer: torch.optim.Optimizer, features: Features,
                labels: np.ndarray, batch: int, dropout: float) -> float:
    loss_sum, size = 0.0, features[1].size
    for start in range(0, size, batch):
        stop = min(start + batch, size)
        logits = run_batch(model, features, start, stop, dropout)
        loss = nn.functional.cross_entropy(logits, torch.from_numpy(labels[start:stop]), label_smoothing=0.02)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * (stop - start)
    return loss_sum / size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/data/langid"))
    parser.add_argument("--work", type=Path, default=Path("/work/data/langid-train"))
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--per-label", type=int, default=3000, help="snippets per language per epoch")
    parser.add_argument("--dim", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--bucket-bits", type=int, default=18)
    parser.add_argument("--max-bytes", type=int, default=4096)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--ngram-dropout", type=float, default=0.25, help="share of n-grams dropped per snippet")
    parser.add_argument("--plain-typescript", choices=("keep", "javascript", "drop"), default="drop",
                        help="TypeScript snippets without TypeScript syntax: keep, teach as JavaScript, or drop")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    args.work.mkdir(parents=True, exist_ok=True)

    files = load_corpus(args.corpus)
    splits = split_by_package(files)
    labels = [lang for lang in LANGUAGES if any(f.language == lang for f in files)] + [UNKNOWN]
    index = {lang: i for i, lang in enumerate(labels)}
    by_split: dict[str, dict[int, list[SourceFile]]] = defaultdict(lambda: defaultdict(list))
    for f in files:
        if f.language in index:
            by_split[splits[f.package]][index[f.language]].append(f)
    (args.work / "splits.json").write_text(json.dumps(splits, indent=0, sort_keys=True))
    spec = FeatureSpec(bucket_bits=args.bucket_bits, max_bytes=args.max_bytes)
    print(f"{len(files)} files, {len(labels)} labels; train files {sum(map(len, by_split['train'].values()))}",
          flush=True)

    model = EmbeddingMLP(spec.buckets, args.dim, args.hidden, len(labels))
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    ckpt_path = args.work / "checkpoint.pt"
    start_epoch = load_checkpoint(model, optimizer, ckpt_path)

    relabel = relabeler(labels, args.plain_typescript)
    train_functions = functions_by_label(by_split["train"], labels, 6000, 400, seed=7)
    val_functions = functions_by_label(by_split["validation"], labels, 300, 100, seed=8)
    print("functions: train " + ", ".join(f"{labels[k]} {len(v)}" for k, v in sorted(train_functions.items())),
          flush=True)
    val_pairs = validation_set(by_split["validation"], per_bucket=60, relabel=relabel)
    function_pairs = [pair for pair in (relabel(t, k) for k, texts in val_functions.items() for t in texts) if pair]
    functions_at = slice(len(val_pairs), len(val_pairs) + len(function_pairs))
    val_pairs += function_pairs + with_noise(by_split["validation"], labels, 180, np.random.default_rng(9))
    with Pool(2) as pool:
        val_features = pool.map(featurize, chunks_of(val_pairs, spec))
    val_labels = torch.tensor([label for _, label in val_pairs])

    for epoch in range(start_epoch, args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = args.lr * (0.7 ** epoch)
        began = time.time()
        rng = np.random.default_rng(epoch)
        pairs = sample_snippets(by_split["train"], args.per_label, rng, train_functions, relabel)
        pairs += with_noise(by_split["train"], labels, args.per_label, rng)
        pairs = [pairs[i] for i in rng.permutation(len(pairs))]
        chunk_labels = [np.array([lbl for _, lbl in pairs[i:i + CHUNK]]) for i in range(0, len(pairs), CHUNK)]
        losses = []
        with Pool(1) as pool:
            for features, lbls in zip(pool.imap(featurize, chunks_of(pairs, spec)), chunk_labels, strict=False):
                losses.append(train_chunk(model, optimizer, features, lbls, args.batch, args.ngram_dropout))
        logits = predict_logits(model, val_features)
        accuracy = float((logits.argmax(1) == val_labels).float().mean())
        elapsed = time.time() - began
        print(f"epoch {epoch}: loss {np.mean(losses):.4f} val top-1 {accuracy:.4f} "
              f"{len(pairs) / elapsed:.0f} snippets/s ({elapsed:.0f}s)", flush=True)
        save_checkpoint(model, optimizer, epoch, ckpt_path)

    logits = predict_logits(model, val_features)
    # Calibrated on whole functions, the shape of what people select: windows cut mid-statement are
    # less sure of themselves and would flatten every answer.
    temperature = fit_temperature(logits[functions_at], val_labels[functions_at])
    save_weights(args.work / "weights.npz", model,
             temperature=np.float32(temperature), labels=np.array(labels), features=json.dumps(spec.to_json()))
    print(f"temperature {temperature:.2f}; weights written to {args.work / 'weights.npz'}", flush=True)


if __name__ == "__main__":
    main()
