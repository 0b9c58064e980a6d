"""Language-id latency and throughput, Snippet Lens vs Magika vs pygments, on the same snippets.

Input: JSON Lines of {"id", "text", "bucket"} (``models/langid/evaluate.py --dump`` writes the
held-out snippets in that form). Snippet Lens runs language identification alone: ``Engine.analyze``
with tags and descriptions off (the cascade, featurization, ONNX Runtime, ranking). Everything runs
on one thread unless said otherwise.

    python benchmarks/langid_latency.py /work/data/langid-eval/snippets.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import contextlib

from lsp_server.engine import Engine, EngineSettings
from lsp_server.engine.runtime import RuntimeOptions

LANGUAGE_ONLY = EngineSettings(tags=False, describe=False, runtime=RuntimeOptions(intra_op_threads=1))


def per_call_ms(fn, texts: list[str]) -> np.ndarray:
    times = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        times.append(1000 * (time.perf_counter() - t0))
    return np.array(times)


def summary(ms: np.ndarray) -> str:
    return f"median {np.median(ms):.3f} ms, p95 {np.percentile(ms, 95):.3f} ms, p99 {np.percentile(ms, 99):.3f} ms"


def cli_throughput(rows: list[dict], count: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        for i in range(count):
            row = rows[i % len(rows)]
            handle.write(json.dumps({"id": i, "text": row["text"]}) + "\n")
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "lsp_server", "analyze", "--no-tags", "--no-description",
                    "--jsonl", handle.name],
                   check=True, stdout=subprocess.DEVNULL)
    os.unlink(handle.name)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("snippets", type=Path)
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--cli-count", type=int, default=10000)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.snippets.open()]
    rows = rows[:: max(1, len(rows) // args.limit)][: args.limit]  # every language, not the first few
    texts = [r["text"] for r in rows]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.platform()}")
    print(f"snippets: {len(rows)}")
    began = time.perf_counter()
    engine = Engine.load(settings=LANGUAGE_ONLY)
    print(f"Snippet Lens model load: {1000 * (time.perf_counter() - began):.0f} ms")
    engine.analyze(texts[0])
    ours = per_call_ms(engine.analyze, texts)
    print(f"Snippet Lens analyze (1 thread): {summary(ours)}")
    for bucket in ("short", "medium", "long", "function"):
        picked = [i for i, r in enumerate(rows) if r.get("bucket") == bucket]
        if picked:
            print(f"  {bucket}: {summary(ours[picked])}")

    from magika import Magika

    magika = Magika()
    magika.identify_bytes(texts[0].encode())
    theirs = per_call_ms(lambda t: magika.identify_bytes(t.encode()), texts)
    print(f"Magika identify_bytes: {summary(theirs)}")
    print(f"Magika / Snippet Lens, median: {np.median(theirs) / np.median(ours):.1f}x")

    from pygments.lexers import guess_lexer
    from pygments.util import ClassNotFound

    def pygments_guess(text: str) -> None:
        with contextlib.suppress(ClassNotFound):
            guess_lexer(text)

    sample = texts[: min(len(texts), 500)]
    print(f"pygments guess_lexer ({len(sample)} snippets): {summary(per_call_ms(pygments_guess, sample))}")
    seconds = cli_throughput(rows, args.cli_count)
    print(f"snippet-lens analyze --jsonl, {args.cli_count} snippets: {seconds:.1f} s "
          f"({args.cli_count / seconds:.0f} snippets/s, including start-up)")


if __name__ == "__main__":
    main()
