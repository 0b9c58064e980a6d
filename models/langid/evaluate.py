"""Held-out evaluation of the shipped language-id model, with Magika and pygments on the same snippets.

Cuts short/medium/long snippets from the test packages (never seen in training), runs the
engine (the full cascade, no file name, threshold 0 so it always commits to a label), Magika's raw
deep-learning label and pygments' ``guess_lexer``, and writes the tables into README.md and the
metrics into models/manifest.json.

    python models/langid/evaluate.py --corpus /work/data/langid --splits /work/data/langid-train/splits.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
from dataset import BUCKETS, cut_snippet, load_corpus  # noqa: E402
from onnx_export import update_metrics, write_results  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402
from lsp_server.engine.langid.names import normalize  # noqa: E402

MAGIKA_LABELS = {"cs": "csharp", "shell": "shellscript", "batch": "bat", "objectivec": "objective-c",
                 "vba": "vb", "gradle": "groovy", "gemfile": "ruby", "gemspec": "ruby", "jsonl": "json",
                 "svg": "xml", "erb": "ruby", "scss": "css"}
README = Path(__file__).with_name("README.md")


def test_snippets(corpus: Path, splits: dict[str, str], per_language: int) -> list[dict]:
    rng = np.random.default_rng(2024)
    by_language = defaultdict(list)
    for f in load_corpus(corpus):
        if splits.get(f.package) == "test":
            by_language[f.language].append(f)
    rows = []
    for language, files in sorted(by_language.items()):
        for i in rng.permutation(len(files))[:per_language]:
            lines = files[i].lines()
            for bucket in BUCKETS:
                text = cut_snippet(lines, bucket, rng)
                if text:
                    rows.append({"language": language, "bucket": bucket, "text": text, "package": files[i].package})
    return rows


def magika_labels(texts: list[str]) -> list[str]:
    from magika import Magika

    magika = Magika()
    out = []
    for text in texts:
        label = str(magika.identify_bytes(text.encode("utf-8")).prediction.dl.label)
        out.append(MAGIKA_LABELS.get(label) or normalize(label) or label)
    return out


def pygments_label(text: str) -> str:
    from pygments.lexers import guess_lexer
    from pygments.util import ClassNotFound

    try:
        lexer = guess_lexer(text)
    except ClassNotFound:
        return "unknown"
    for alias in [*lexer.aliases, lexer.name]:
        if normalize(alias):
            return normalize(alias)  # type: ignore[return-value]
    return lexer.aliases[0] if lexer.aliases else lexer.name


def accuracy_table(rows: list[dict], systems: list[str]) -> dict:
    table: dict = {"overall": {}, "buckets": defaultdict(dict), "languages": defaultdict(dict)}
    for system in systems:
        table["overall"][system] = _acc(rows, system)
        for bucket in BUCKETS:
            table["buckets"][bucket][system] = _acc([r for r in rows if r["bucket"] == bucket], system)
    for language in sorted({r["language"] for r in rows}):
        for bucket in BUCKETS:
            subset = [r for r in rows if r["language"] == language and r["bucket"] == bucket]
            table["languages"][language][bucket] = {s: _acc(subset, s) for s in systems} | {"n": len(subset)}
    return table


def _acc(rows: list[dict], system: str) -> float:
    return round(100 * float(np.mean([r[system] == r["language"] for r in rows])), 1) if rows else float("nan")


def render(table: dict, rows: list[dict], confusions: list, latency: dict, packages: dict) -> str:
    systems = ["snippet_lens", "magika", "pygments"]
    counts = ", ".join(f"{b}: {sum(r['bucket'] == b for r in rows)}" for b in BUCKETS)
    out = [f"Held-out test packages: {sum(len(v) for v in packages.values())} packages, {len(rows)} snippets "
           f"({counts}).", "",
           "| bucket | Snippet Lens | Magika (raw dl label) | pygments guess_lexer |", "|---|---|---|---|"]
    for bucket in BUCKETS:
        out.append(f"| {bucket} | " + " | ".join(f"{table['buckets'][bucket][s]:.1f}" for s in systems) + " |")
    out.append("| **overall** | " + " | ".join(f"**{table['overall'][s]:.1f}**" for s in systems) + " |")
    out += ["", "Median time per snippet in this run (one thread): " +
            ", ".join(f"{k} {v:.3f} ms" for k, v in latency.items()), "",
            "Per language, top-1 % (Snippet Lens / Magika / pygments) per bucket:", "",
            "| language | test packages | short | medium | long |", "|---|---|---|---|---|"]
    for language, buckets in table["languages"].items():
        cells = [" / ".join(f"{buckets[b][s]:.0f}" for s in systems) + f" (n={buckets[b]['n']})" for b in BUCKETS]
        out.append(f"| {language} | {len(packages.get(language, ()))} | " + " | ".join(cells) + " |")
    out += ["", "Main confusions of Snippet Lens (true → predicted, count):", ""]
    out += [f"- {truth} → {pred}: {n}" for (truth, pred), n in confusions]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/data/langid"))
    parser.add_argument("--splits", type=Path, default=Path("/work/data/langid-train/splits.json"))
    parser.add_argument("--per-language", type=int, default=60, help="test files per language")
    parser.add_argument("--no-peers", action="store_true", help="skip Magika and pygments")
    parser.add_argument("--dump", type=Path, help="also write the snippets as JSON Lines (for benchmarks/)")
    args = parser.parse_args()
    splits = json.loads(args.splits.read_text())
    rows = test_snippets(args.corpus, splits, args.per_language)
    texts = [r["text"] for r in rows]
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for i, r in enumerate(rows):
                out.write(json.dumps({"id": i, "text": r["text"], "language": r["language"], "bucket": r["bucket"]}) + "\n")
    engine = Engine.load(settings=EngineSettings(unknown_threshold=0.0, describe=False))
    latency = {}
    began = time.perf_counter()
    for r in rows:
        t0 = time.perf_counter()
        r["snippet_lens"] = engine.analyze(r["text"]).language.language
        r["_ms"] = 1000 * (time.perf_counter() - t0)
    latency["Snippet Lens"] = float(np.median([r.pop("_ms") for r in rows]))
    print(f"engine: {len(rows)} snippets in {time.perf_counter() - began:.1f}s", flush=True)
    systems = ["snippet_lens"]
    if not args.no_peers:
        began = time.perf_counter()
        for r, label in zip(rows, magika_labels(texts), strict=False):
            r["magika"] = label
        latency["Magika"] = 1000 * (time.perf_counter() - began) / len(rows)
        began = time.perf_counter()
        with Pool(2) as pool:
            for r, label in zip(rows, pool.map(pygments_label, texts, chunksize=64), strict=False):
                r["pygments"] = label
        latency["pygments (2 processes, mean)"] = 1000 * 2 * (time.perf_counter() - began) / len(rows)
        systems += ["magika", "pygments"]
    table = accuracy_table(rows, systems)
    confusions = Counter((r["language"], r["snippet_lens"]) for r in rows
                        if r["snippet_lens"] != r["language"]).most_common(15)
    packages: dict[str, set] = defaultdict(set)
    for r in rows:
        packages[r["language"]].add(r["package"])
    print(json.dumps({"overall": table["overall"], "buckets": table["buckets"]}, indent=1))
    print("confusions:", ", ".join(f"{t}->{p} {n}" for (t, p), n in confusions))
    if not args.no_peers:
        write_results(README, render(table, rows, confusions, latency, packages))
        update_metrics(ROOT / "models" / "manifest.json", "langid", {"heldout_top1": table["overall"]["snippet_lens"],
                                 "heldout_top1_by_bucket": {b: table["buckets"][b]["snippet_lens"] for b in BUCKETS},
                                 "heldout_snippets": len(rows),
                                 "peers_top1": {s: table["overall"][s] for s in systems[1:]}})


if __name__ == "__main__":
    main()
