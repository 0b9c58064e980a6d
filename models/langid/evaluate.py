"""Held-out evaluation of the shipped language-id model, with Magika and pygments on the same snippets.

Two kinds of snippet from the test packages (never seen in training): whole functions and methods
(the describer's extractor, ``models/describer/extract.py``, at most ``--per-package`` from one
package) and short/medium/long windows. Runs the engine (the full cascade, no file name, threshold
0 so it always commits to a label; the share below the shipped threshold is reported as
``unknown``), Magika's raw deep-learning label (both kinds) and pygments' ``guess_lexer``
(windows), and writes the tables into README.md and the metrics into models/manifest.json.

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
import tomllib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
from dataset import BUCKETS, cut_snippet, function_snippets, load_corpus  # noqa: E402
from onnx_export import update_metrics, write_results  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402
from lsp_server.engine.langid.identifier import (  # noqa: E402
    EMBEDDED_LANGUAGES,
    OVERRIDE_PROBABILITY,
    LanguageIdentifier,
    overrules_document,
)
from lsp_server.engine.langid.names import normalize  # noqa: E402
from lsp_server.engine.types import UNKNOWN  # noqa: E402

MAGIKA_LABELS = {"cs": "csharp", "shell": "shellscript", "batch": "bat", "objectivec": "objective-c",
                 "vba": "vb", "gradle": "groovy", "gemfile": "ruby", "gemspec": "ruby", "jsonl": "json",
                 "svg": "xml", "erb": "ruby", "scss": "css"}
README = Path(__file__).with_name("README.md")
EMBEDDED = Path(__file__).with_name("embedded.toml")
RULE_PROBABILITIES = (0.5, 0.7, 0.8, 0.9, 0.95)


def test_functions(corpus: Path, splits: dict[str, str], per_language: int, per_package: int) -> list[dict]:
    held_out = [f for f in load_corpus(corpus) if splits.get(f.package) == "test"]
    return function_snippets(held_out, per_language, per_package, np.random.default_rng(2025))


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


def function_table(rows: list[dict], threshold: float) -> dict:
    """Top-1 per language and overall (the mean over functions), the share below ``threshold``
    (what the engine would call ``unknown``), and JavaScript/TypeScript confusion both ways."""
    languages = sorted({r["language"] for r in rows})
    table: dict = {"languages": {}, "overall": {s: _acc(rows, s) for s in ("snippet_lens", "magika")}}
    for language in languages:
        subset = [r for r in rows if r["language"] == language]
        table["languages"][language] = {s: _acc(subset, s) for s in ("snippet_lens", "magika")} | {
            "n": len(subset), "packages": len({r["package"] for r in subset}),
            "unknown": _share(subset, lambda r: r["unknown"])}
    table["unknown"] = _share(rows, lambda r: r["unknown"])
    for truth, wrong in (("javascript", "typescript"), ("typescript", "javascript")):
        subset = [r for r in rows if r["language"] == truth]
        table[f"{truth}->{wrong}"] = {system: _share(subset, lambda r, s=system, w=wrong: r[s] == w)
                                     for system in ("snippet_lens", "magika")}
    return table


def _share(rows: list[dict], test) -> float:
    return round(100 * sum(1 for r in rows if test(r)) / len(rows), 1) if rows else float("nan")


def render_functions(table: dict, rows: list[dict], threshold: float, command: str) -> str:
    out = [f"Whole functions and methods from the held-out test packages: {len(rows)} functions, "
           f"{len({r['package'] for r in rows})} packages. Top-1 % of Snippet Lens (best label) and "
           f"Magika (raw dl label) on the same functions, in one run of:", "", "```bash", command, "```", "",
           "| language | test packages | functions | Snippet Lens | Magika (raw dl label) | unknown at "
           f"{threshold:g} % |", "|---|---:|---:|---:|---:|---:|"]
    for language, cells in table["languages"].items():
        out.append(f"| {language} | {cells['packages']} | {cells['n']} | {cells['snippet_lens']:.1f} | "
                   f"{cells['magika']:.1f} | {cells['unknown']:.1f} |")
    overall = table["overall"]
    out.append(f"| **overall** | | **{len(rows)}** | **{overall['snippet_lens']:.1f}** | **{overall['magika']:.1f}** | "
               f"**{table['unknown']:.1f}** |")
    js_ts, ts_js = table["javascript->typescript"], table["typescript->javascript"]
    out += ["", f"JavaScript functions called TypeScript: {js_ts['snippet_lens']:.1f} % (Magika "
            f"{js_ts['magika']:.1f} %); TypeScript functions called JavaScript: {ts_js['snippet_lens']:.1f} % "
            f"(Magika {ts_js['magika']:.1f} %). Answered `unknown` by the engine (the model's `unknown` class, "
            f"or the best language below the default threshold {threshold:g}): {table['unknown']:.1f} % of all "
            "functions; the table's Snippet Lens column counts the best language even then."]
    confusions = Counter((r["language"], r["snippet_lens"]) for r in rows
                         if r["snippet_lens"] != r["language"]).most_common(10)
    out += ["", "Main confusions on functions (true → predicted, count): " +
            "; ".join(f"{t} → {p} {n}" for (t, p), n in confusions) + "."]
    return "\n".join(out)


def document_rule(identifier: LanguageIdentifier, function_rows: list[dict]) -> dict:
    """The document-language rule measured both ways, for the shipped rule and its variants:
    functions selected in their own file (the document's language is right, so an overrule is a
    mistake) and foreign snippets selected inside a host file (``embedded.toml``: an overrule to
    the right language is a hit)."""
    embedded = tomllib.loads(EMBEDDED.read_text())["snippet"]
    own = [(r["text"], identifier.probabilities(r["text"]), r["language"]) for r in function_rows]
    foreign = [(e["text"], identifier.probabilities(e["text"]), e["host"], e["language"]) for e in embedded]
    labels = identifier.labels
    variants = {}
    for name, languages in (("embedded languages", EMBEDDED_LANGUAGES), ("any language", None)):
        for probability in RULE_PROBABILITIES:
            kept = np.mean([not overrules_document(t, p, labels, lang, languages, probability) for t, p, lang in own])
            hits = np.mean([overrules_document(t, p, labels, host, languages, probability)
                            and labels[int(np.argmax(p))] == truth for t, p, host, truth in foreign])
            variants[f"{name}, p >= {probability:g}"] = {"own_file": round(100 * float(kept), 2),
                                                        "embedded_recall": round(100 * float(hits), 1)}
    shipped = f"embedded languages, p >= {OVERRIDE_PROBABILITY:g}"
    per_language = Counter(truth for _, _, _, truth in foreign)
    found = Counter(truth for t, p, host, truth in foreign
                    if overrules_document(t, p, labels, host) and labels[int(np.argmax(p))] == truth)
    return {"shipped": shipped, "variants": variants, "embedded": len(foreign),
            "embedded_by_language": {k: f"{found[k]}/{n}" for k, n in sorted(per_language.items())}}


def render_document_rule(rule: dict, functions: int) -> str:
    out = [f"Document language (`document_language`): the functions above, each selected in its own file "
           f"({functions}), and {rule['embedded']} foreign snippets selected inside host files of other languages "
           "(`embedded.toml`: SQL, shell, HTML, JSON, CSS, YAML, XML in Python, JavaScript, TypeScript, Java, Go, "
           "PHP, Ruby, Rust and C# documents). The shipped rule is marked.", "",
           "| rule: the model overrules the document with | own file right % | embedded recall % |",
           "|---|---:|---:|"]
    for name, cells in rule["variants"].items():
        mark = " **(shipped)**" if name == rule["shipped"] else ""
        out.append(f"| {name}{mark} | {cells['own_file']:.2f} | {cells['embedded_recall']:.1f} |")
    out += ["", "Embedded snippets found with the shipped rule, per language: " +
            ", ".join(f"{k} {v}" for k, v in rule["embedded_by_language"].items()) + "."]
    return "\n".join(out)


def run_engine(engine: Engine, rows: list[dict], threshold: float) -> float:
    """Label ``rows`` in place with the engine's best language (the first alternative when the
    model's answer is its ``unknown`` class) and whether the engine at ``threshold`` would answer
    ``unknown``; returns the median time per snippet in ms."""
    times = []
    for r in rows:
        t0 = time.perf_counter()
        guess = engine.analyze(r["text"]).language
        times.append(1000 * (time.perf_counter() - t0))
        best = guess.alternatives[0][0] if guess.language == UNKNOWN and guess.alternatives else guess.language
        r["snippet_lens"], r["unknown"] = best, guess.language == UNKNOWN or guess.confidence < threshold
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/data/langid"))
    parser.add_argument("--splits", type=Path, default=Path("/work/data/langid-train/splits.json"))
    parser.add_argument("--per-language", type=int, default=60, help="test files per language (windows)")
    parser.add_argument("--functions", type=int, default=300, help="functions per language")
    parser.add_argument("--per-package", type=int, default=100, help="functions per test package")
    parser.add_argument("--no-peers", action="store_true", help="skip Magika and pygments (and write nothing)")
    parser.add_argument("--models-dir", type=Path, default=None, help="another models folder (a baseline)")
    parser.add_argument("--dump", type=Path, help="also write the snippets as JSON Lines (for benchmarks/)")
    args = parser.parse_args()
    splits = json.loads(args.splits.read_text())
    rows = test_snippets(args.corpus, splits, args.per_language)
    function_rows = test_functions(args.corpus, splits, args.functions, args.per_package)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as out:
            for i, r in enumerate(rows + function_rows):
                row = {"id": i, "text": r["text"], "language": r["language"], "bucket": r["bucket"]}
                out.write(json.dumps(row) + "\n")
    threshold = EngineSettings().unknown_threshold
    engine = Engine.load(args.models_dir, EngineSettings(unknown_threshold=0.0, tags=False, describe=False))
    latency = {"Snippet Lens": run_engine(engine, rows, threshold)}
    run_engine(engine, function_rows, threshold)
    systems = ["snippet_lens"]
    if not args.no_peers:
        began = time.perf_counter()
        everything = rows + function_rows
        for r, label in zip(everything, magika_labels([r["text"] for r in everything]), strict=True):
            r["magika"] = label
        latency["Magika"] = 1000 * (time.perf_counter() - began) / len(rows + function_rows)
        began = time.perf_counter()
        with Pool(2) as pool:
            for r, label in zip(rows, pool.map(pygments_label, [r["text"] for r in rows], chunksize=64), strict=True):
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
    if args.no_peers:
        for r in function_rows:
            r["magika"] = "-"
    functions = function_table(function_rows, threshold)
    print(json.dumps(functions, indent=1))
    rule = document_rule(LanguageIdentifier(engine.registry.get("langid")), function_rows)  # type: ignore[union-attr]
    print(json.dumps(rule, indent=1))
    if not args.no_peers:
        command = "python models/langid/evaluate.py " + " ".join(sys.argv[1:])
        text = render_functions(functions, function_rows, threshold, command) + "\n\n" + render_document_rule(
            rule, len(function_rows))
        write_results(README, text, "<!-- functions:start -->", "<!-- functions:end -->")
        write_results(README, render(table, rows, confusions, latency, packages))
        update_metrics(ROOT / "models" / "manifest.json", "langid", {"heldout_top1": table["overall"]["snippet_lens"],
                                 "heldout_top1_by_bucket": {b: table["buckets"][b]["snippet_lens"] for b in BUCKETS},
                                 "heldout_snippets": len(rows),
                                 "peers_top1": {s: table["overall"][s] for s in systems[1:]},
                                 "heldout_functions_top1": functions["overall"]["snippet_lens"],
                                 "heldout_functions_top1_by_language": {
                                     k: v["snippet_lens"] for k, v in functions["languages"].items()},
                                 "heldout_functions": len(function_rows),
                                 "heldout_functions_unknown": functions["unknown"]})


if __name__ == "__main__":
    main()
