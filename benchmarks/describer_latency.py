"""Description latency end to end through ``Engine.analyze``, and describer load time.

Input: the mined pairs (``models/describer/mine_pairs.py`` writes them); the functions of the
held-out test packages with at least 30 lines, cut to their first 40 lines. Every call describes new
text (the engine's description cache never hits). Runs on the thread count given (default 1). The
"open project" case gives every call an exemplar index of 300 other documented functions (what the
server builds from the open documents), so retrieval, and borrowing where one is similar enough, are
included; building that index is timed too.

    python benchmarks/describer_latency.py /work/data/describer/pairs.jsonl
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lsp_server.engine import Engine, EngineSettings, RuntimeOptions
from lsp_server.engine.describer.exemplars import WORKSPACE, ExemplarIndex


def functions_of_40_lines(pairs: Path, limit: int) -> list[str]:
    texts = []
    for line in pairs.open(encoding="utf-8"):
        row = json.loads(line)
        lines = row["code"].split("\n")
        if row["split"] == "test" and len(lines) >= 30:
            texts.append("\n".join(lines[:40]))
    rng = np.random.default_rng(0)
    return [texts[i] for i in rng.permutation(len(texts))[:limit]]


def documented_functions(pairs: Path, count: int) -> list[tuple[str, str, str]]:
    found = []
    for line in pairs.open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] == "validation":
            found.append((row["code"], row["summary"], row["name"]))
    rng = np.random.default_rng(1)
    return [found[i] for i in rng.permutation(len(found))[:count]]


def latency_ms(engine: Engine, texts: list[str], workspace: ExemplarIndex | None = None) -> np.ndarray:
    times = []
    for text in texts:
        started = time.perf_counter()
        engine.analyze(text, describe=True, workspace_exemplars=workspace)
        times.append(1000 * (time.perf_counter() - started))
    return np.array(times)


def load_ms(settings: EngineSettings, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        Engine.load(settings=settings)
        times.append(1000 * (time.perf_counter() - started))
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    texts = functions_of_40_lines(args.pairs, args.limit)
    print(f"{platform.processor() or platform.machine()}, {len(texts)} functions of 40 lines, {args.threads} thread(s)")
    for beams in (1, 4):
        settings = EngineSettings(
            tags=False, description_beams=beams, runtime=RuntimeOptions(intra_op_threads=args.threads)
        )
        engine = Engine.load(settings=settings)
        engine.analyze(texts[0], describe=True)  # warm-up
        ms = latency_ms(engine, texts[1:])
        print(
            f"beams {beams}: p50 {np.median(ms):.1f} ms, p95 {np.percentile(ms, 95):.1f} ms, "
            f"mean {ms.mean():.1f} ms (language id included)"
        )
    functions = documented_functions(args.pairs, 300)
    started = time.perf_counter()
    workspace = ExemplarIndex.build(functions, WORKSPACE)
    build_ms = 1000 * (time.perf_counter() - started)
    engine = Engine.load(settings=EngineSettings(tags=False, runtime=RuntimeOptions(intra_op_threads=args.threads)))
    ms = latency_ms(engine, texts[1:], workspace)
    print(
        f"greedy with an open project of {len(functions)} documented functions: p50 {np.median(ms):.1f} ms, "
        f"p95 {np.percentile(ms, 95):.1f} ms (retrieval included); building its index {build_ms:.1f} ms"
    )
    print(f"engine load with the describer: {load_ms(EngineSettings()):.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
