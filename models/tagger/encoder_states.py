"""The describer's T5 encoder read as a code reader for the tagger: pooled encoder states of every row.

For each row of a tagger dataset (and of the hand-labeled set), the describer's shipped encoder reads
the snippet exactly as it does before describing it (same tokenizer, language prefix and length cap),
and the mean and the max of its last hidden states over the tokens are stored (float16). The encoder
head (``encoder_head.py``) is trained on them. Resumable: the states are written in chunks, and a
rerun skips the chunks already there.

    python models/tagger/encoder_states.py --data /work/data/tagger-about2 --out /work/data/tagger-states
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from lsp_server.engine import Engine, EngineSettings  # noqa: E402
from lsp_server.engine.describer.describer import Describer  # noqa: E402
from lsp_server.engine.manifest import default_models_dir  # noqa: E402

CHUNK = 4096
BATCH = 32
EVAL_PARTS = {"eval": [HERE / "eval" / "snippets.jsonl", HERE / "eval" / "algorithms_and_apps.jsonl"]}


def load_describer(models_dir: Path) -> tuple[Engine, Describer]:
    engine = Engine.load(models_dir, settings=EngineSettings(describe=True))
    describer = engine._describer([])
    if describer is None:
        raise SystemExit(f"no describer in {models_dir}")
    return engine, describer


def pooled_states(describer: Describer, texts: list[str], languages: list[str]) -> np.ndarray:
    """[len(texts), 2 * d_model]: mean and max of the encoder's last hidden states over each text's tokens."""
    sources = [describer.source_ids(text, language)[0] for text, language in zip(texts, languages, strict=True)]
    order = np.argsort([len(s) for s in sources], kind="stable")  # similar lengths share a batch
    pooled: dict[int, np.ndarray] = {}
    for start in range(0, len(order), BATCH):
        batch = [int(i) for i in order[start : start + BATCH]]
        width = max(len(sources[i]) for i in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, i in enumerate(batch):
            ids[row, : len(sources[i])] = sources[i]
            mask[row, : len(sources[i])] = 1
        hidden = describer.encoder.run({"input_ids": ids, "attention_mask": mask})[0].astype(np.float32)
        weights = mask[:, :, None].astype(np.float32)
        mean = (hidden * weights).sum(1) / weights.sum(1)
        largest = np.where(weights > 0, hidden, -np.inf).max(1)
        for row, i in enumerate(batch):
            pooled[i] = np.concatenate([mean[row], largest[row]])
    out = [pooled[i] for i in range(len(texts))]
    return np.stack(out).astype(np.float16)


def embed_file(describer: Describer, path: Path, out: Path, languages_of=None) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    for number, start in enumerate(range(0, len(rows), CHUNK)):
        target = out / f"{number:04d}.npy"
        if target.exists():
            continue
        chunk = rows[start : start + CHUNK]
        languages = languages_of(chunk) if languages_of else [row["language"] for row in chunk]
        np.save(target, pooled_states(describer, [row["text"] for row in chunk], languages))
        done = start + len(chunk)
        print(f"{path.name}: {done}/{len(rows)} rows, {done / (time.time() - started):.0f} rows/s", flush=True)


def load_states(folder: Path) -> np.ndarray:
    return np.concatenate([np.load(path) for path in sorted(folder.glob("*.npy"))])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="tagger dataset (train.jsonl, validation.jsonl)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--models-dir", type=Path, default=default_models_dir())
    args = parser.parse_args()
    _, describer = load_describer(args.models_dir)
    identifier = Engine.load(args.models_dir, settings=EngineSettings(describe=False, tags=False))

    def detected(chunk: list[dict]) -> list[str]:  # the hand-labeled set: the language as the engine sees it
        return [identifier.analyze(row["text"]).language.language for row in chunk]

    for part, paths in EVAL_PARTS.items():
        for path in paths:
            embed_file(describer, path, args.out / part / path.stem, detected)
    for split in ("validation", "train"):
        embed_file(describer, args.data / f"{split}.jsonl", args.out / split)


if __name__ == "__main__":
    main()
