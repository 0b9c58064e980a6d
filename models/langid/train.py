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
from dataset import BUCKETS, SourceFile, cut_snippet, load_corpus, split_by_package
from ngram_mlp import (  # noqa: E402
    EmbeddingMLP,
    Features,
    load_checkpoint,
    pack,
    run_batch,
    save_checkpoint,
    save_weights,
    unique_shares,
)

from lsp_server.engine.langid.features import FeatureSpec, ngram_ids
from lsp_server.engine.langid.names import LANGUAGES

BUCKET_MIX = {"short": 0.4, "medium": 0.35, "long": 0.25}
CHUNK = 8192


def featurize(batch: tuple[list[str], FeatureSpec]) -> Features:
    texts, spec = batch
    return pack([unique_shares(ngram_ids(text, spec)) for text in texts])


def sample_snippets(files_by_label: dict[int, list[SourceFile]], per_label: int,
                    rng: np.random.Generator) -> list[tuple[str, int]]:
    buckets, weights = list(BUCKET_MIX), list(BUCKET_MIX.values())
    out: list[tuple[str, int]] = []
    for label, files in files_by_label.items():
        got, tries = 0, 0
        while got < per_label and tries < per_label * 4:
            tries += 1
            source = files[int(rng.integers(len(files)))]
            text = cut_snippet(source.lines(), str(rng.choice(buckets, p=weights)), rng)
            if text is not None:
                out.append((text, label))
                got += 1
    order = rng.permutation(len(out))
    return [out[i] for i in order]


def validation_set(files_by_label: dict[int, list[SourceFile]], per_bucket: int) -> list[tuple[str, int]]:
    rng = np.random.default_rng(1234)
    out = []
    for label, files in files_by_label.items():
        for bucket in BUCKETS:
            picks = rng.permutation(len(files))[:per_bucket * 2]
            texts = [t for t in (cut_snippet(files[i].lines(), bucket, rng) for i in picks) if t][:per_bucket]
            out.extend((t, label) for t in texts)
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
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    args.work.mkdir(parents=True, exist_ok=True)

    files = load_corpus(args.corpus)
    splits = split_by_package(files)
    labels = [lang for lang in LANGUAGES if any(f.language == lang for f in files)]
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

    val_pairs = validation_set(by_split["validation"], per_bucket=60)
    with Pool(2) as pool:
        val_features = pool.map(featurize, chunks_of(val_pairs, spec))
    val_labels = torch.tensor([label for _, label in val_pairs])

    for epoch in range(start_epoch, args.epochs):
        for group in optimizer.param_groups:
            group["lr"] = args.lr * (0.7 ** epoch)
        began = time.time()
        pairs = sample_snippets(by_split["train"], args.per_label, np.random.default_rng(epoch))
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
    temperature = fit_temperature(logits, val_labels)
    save_weights(args.work / "weights.npz", model,
             temperature=np.float32(temperature), labels=np.array(labels), features=json.dumps(spec.to_json()))
    print(f"temperature {temperature:.2f}; weights written to {args.work / 'weights.npz'}", flush=True)


if __name__ == "__main__":
    main()
