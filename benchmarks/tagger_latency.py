"""Concept-tagger latency: what tagging adds to ``analyze`` for a 40-line snippet, on one thread.

Input: JSON Lines with a "text" field (``models/langid/evaluate.py --dump`` writes held-out
snippets); each text is cut to its first 40 lines, and texts shorter than 20 lines are skipped.

    python benchmarks/tagger_latency.py /work/data/langid-eval/snippets.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models" / "tagger"))
from rules import weak_labels  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402


def per_call_ms(fn, texts: list) -> np.ndarray:
    times = []
    for text in texts:
        began = time.perf_counter()
        fn(text)
        times.append(1000 * (time.perf_counter() - began))
    return np.array(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("snippets", type=Path)
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    texts = []
    for line in args.snippets.open(encoding="utf-8"):
        lines = json.loads(line)["text"].split("\n")
        if len(lines) >= 20:
            texts.append("\n".join(lines[:40]))
    texts = texts[:: max(1, len(texts) // args.limit)][: args.limit]
    with_tags = Engine.load(settings=EngineSettings(describe=False))
    without_tags = Engine.load(settings=EngineSettings(tags=False, describe=False))
    for engine in (with_tags, without_tags):
        engine.analyze(texts[0])
    base = per_call_ms(without_tags.analyze, texts)
    full = per_call_ms(with_tags.analyze, texts)
    print(f"{len(texts)} snippets of 20-40 lines, one intra-op thread")
    print(f"analyze without tags: median {np.median(base):.3f} ms, p95 {np.percentile(base, 95):.3f} ms")
    print(f"analyze with tags:    median {np.median(full):.3f} ms, p95 {np.percentile(full, 95):.3f} ms")
    added = full - base
    print(f"tagging adds:         median {np.median(added):.3f} ms, p95 {np.percentile(added, 95):.3f} ms")
    languages = [without_tags.analyze(text).language.language for text in texts]
    rules = per_call_ms(lambda pair: weak_labels(*pair), list(zip(texts, languages, strict=True)))
    print(f"rules (weak labeler): median {np.median(rules):.3f} ms, p95 {np.percentile(rules, 95):.3f} ms")


if __name__ == "__main__":
    main()
