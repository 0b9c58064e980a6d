"""Evaluate the concept tagger on the hand-labeled set, part by part and combined, against the rules.

Each model runs through the engine as users get it from the command line (language detected from the
text, tags thresholded and capped), and the first one also as in an editor, which sends the document's
language; ``--models-dir`` evaluates a candidate exported into another models folder, ``--compare
LABEL=DIR`` adds another one (an older release) as a column. The rules baseline (``rules.weak_labels``,
the labeler the training data came from) is given the true language and ranks its tags in taxonomy
order. Writes the tables into README.md and the metrics into the manifest's tagger entry.

A gold tag is *named* in a snippet when every word of its id (``http-client``: ``http`` and
``client``; words under three letters dropped, each cut to a stem by ``stem``) occurs in the
snippet's lowercased words (identifiers, keywords, words of comments and strings) or their
camelCase/snake_case pieces: a stem of four letters or more anywhere inside one, a shorter stem at the
start of one. So ``quickSort`` names ``sorting``, ``HttpClient`` names ``http-client`` and ``logger``
names ``logging``; the recall of concepts not named is the recall over the gold tags that are not.

    python models/tagger/evaluate.py
    python models/tagger/evaluate.py --models-dir /work/data/candidate --compare v2=/work/data/tagger-v2 --no-write
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
sys.path.insert(0, str(HERE))
from onnx_export import write_results  # noqa: E402
from rules import taxonomy_ids, weak_labels  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402
from lsp_server.engine.manifest import MANIFEST_NAME, default_models_dir, load_manifest  # noqa: E402
from lsp_server.engine.tagger.features import PIECE  # noqa: E402

README = HERE / "README.md"
PARTS = {"part one": HERE / "eval" / "snippets.jsonl", "part two": HERE / "eval" / "algorithms_and_apps.jsonl"}
ALL = "both parts"
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SUMMARY = ("micro_f1", "macro_f1", "precision_at_1", "recall_named", "recall_not_named", "coverage",
           "micro_precision", "micro_recall", "silent_when_no_concept")
HEADINGS = {"micro_f1": "micro-F1", "macro_f1": "macro-F1", "precision_at_1": "P@1",
            "recall_named": "recall, named", "recall_not_named": "recall, not named", "coverage": "coverage",
            "micro_precision": "precision", "micro_recall": "recall", "silent_when_no_concept": "silent, no concept"}
RULES = "rules"


def stem(word: str) -> str:
    """``sorting`` -> ``sort``, ``logging`` -> ``log``, ``recursion`` -> ``recurs``, ``classes`` -> ``class``,
    ``graphs`` -> ``graph``: enough to find a tag's word inside identifiers."""
    if word.endswith("ing") and len(word) >= 7:
        word = word[:-3]
        return word[:-1] if len(word) > 3 and word[-1] == word[-2] else word
    if word.endswith("ion") and len(word) > 6:
        return word[:-3]
    if word.endswith(("sses", "xes", "shes", "ches")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def tag_stems(tag: str) -> list[str]:
    return [stem(word) for word in tag.split("-") if len(word) >= 3]


def named(tag: str, words: set[str]) -> bool:
    """Whether ``tag`` is named in a snippet whose lowercased words and word pieces are ``words``: every
    stem of four letters or more inside one of them, every shorter stem (``log``, ``dom``, ``sql``) at
    the start of one."""
    stems = tag_stems(tag)
    return bool(stems) and all(
        any(word.startswith(s) if len(s) < 4 else s in word for word in words) for s in stems
    )


def snippet_words(text: str) -> set[str]:
    """Lowercased words of ``text`` and their camelCase/snake_case pieces."""
    words = set()
    for word in WORD.findall(text):
        words.add(word.lower())
        words.update(piece.lower() for piece in PIECE.findall(word))
    return words


def scores(rows: list[dict], system: str) -> dict:
    """Micro/macro F1, precision@1, recall of named and not named concepts, coverage and per-tag F1 of
    ``row[system]`` (a ranked list) against ``row['tags']``."""
    tp = fp = fn = 0
    per_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    found = {True: [0, 0], False: [0, 0]}  # named -> [found, gold]
    for row in rows:
        gold, predicted = set(row["tags"]), set(row[system])
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
        for tag in gold | predicted:
            per_tag[tag][0] += tag in gold and tag in predicted
            per_tag[tag][1] += tag in predicted and tag not in gold
            per_tag[tag][2] += tag in gold and tag not in predicted
        for tag in gold:
            found[tag in row["named"]][0] += tag in predicted
            found[tag in row["named"]][1] += 1
    tag_f1 = {tag: f1(*counts) for tag, counts in per_tag.items()}
    gold_tags = {tag for row in rows for tag in row["tags"]}
    labeled = [row for row in rows if row["tags"]]
    empty = [row for row in rows if not row["tags"]]
    return {
        "micro_precision": tp / max(tp + fp, 1), "micro_recall": tp / max(tp + fn, 1), "micro_f1": f1(tp, fp, fn),
        "macro_f1": mean([tag_f1.get(tag, 0.0) for tag in gold_tags]),
        "precision_at_1": mean([bool(r[system]) and r[system][0] in r["tags"] for r in labeled]),
        "recall_named": found[True][0] / max(found[True][1], 1),
        "recall_not_named": found[False][0] / max(found[False][1], 1),
        "coverage": mean([bool(set(r[system]) & set(r["tags"])) for r in labeled]),
        "silent_when_no_concept": mean([not r[system] for r in empty]),
        "per_tag_f1": tag_f1,
    }


def mean(values: list) -> float:
    return float(np.mean(values)) if values else 0.0


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1)


def load_parts(paths: dict[str, Path]) -> dict[str, list[dict]]:
    parts = {}
    for name, path in paths.items():
        if not path.exists():
            print(f"{name}: {path} not found, left out", file=sys.stderr)
            continue
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        for row in rows:
            row["named"] = {tag for tag in row["tags"] if named(tag, snippet_words(row["text"]))}
        parts[name] = rows
    return parts


def system_name(models_dir: Path) -> str:
    """``model 1.1.0 (crc32-words-v3)``: the tagger's version and feature version in ``models_dir``."""
    spec = next(s for s in load_manifest(models_dir) if s.name == "tagger")
    return f"model {spec.version} ({spec.preprocessing['features'].get('hash', '?')})"


def tag_with(systems: dict[str, Path], rows: list[dict], editor: str | None = None) -> None:
    """Each system's tags on each row, language detected from the text; with ``editor``, also the first
    system's tags when the editor says the document's language, stored as ``editor``."""
    order = {tag: i for i, tag in enumerate(taxonomy_ids())}
    for name, models_dir in systems.items():
        engine = Engine.load(models_dir, settings=EngineSettings(describe=False))
        for row in rows:
            row[name] = [tag.id for tag in engine.analyze(row["text"]).tags]
            if editor and name == next(iter(systems)):
                found = engine.analyze(row["text"], document_language=row["language"]).tags
                row[editor] = [tag.id for tag in found]
    for row in rows:
        row[RULES] = sorted(weak_labels(row["text"], row["language"]), key=order.__getitem__)


def render(parts: dict[str, list[dict]], names: list[str], results: dict) -> str:
    everything = [row for rows in parts.values() for row in rows]
    languages = sorted({r["language"] for r in everything})
    out = [f"Hand-labeled set: {len(everything)} snippets, {len(languages)} languages, "
           f"{sum(len(r['tags']) for r in everything)} gold tags ("
           + ", ".join(f"{part}: {len(rows)} snippets, {sum(len(r['tags']) for r in rows)} tags"
                       for part, rows in parts.items() if part != ALL) + ").", "",
           "| part | system | " + " | ".join(HEADINGS[k] for k in SUMMARY) + " |",
           "|---|---|" + "---:|" * len(SUMMARY)]
    for part in results:
        for name in names:
            out.append(f"| {part} | {name} | " + " | ".join(f"{results[part][name][k]:.3f}" for k in SUMMARY) + " |")
    out += ["", "Micro-F1 per language, both parts:", "",
            "| language | snippets | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for language in languages:
        subset = [r for r in everything if r["language"] == language]
        out.append(f"| {language} | {len(subset)} | "
                   + " | ".join(f"{scores(subset, name)['micro_f1']:.2f}" for name in names) + " |")
    gold = defaultdict(int)
    for row in everything:
        for tag in row["tags"]:
            gold[tag] += 1
    out += ["", "F1 per tag, both parts (gold: snippets carrying the tag):", "",
            "| tag | gold | " + " | ".join(names) + " |", "|---|---:|" + "---:|" * len(names)]
    for tag in sorted(gold):
        out.append(f"| {tag} | {gold[tag]} | "
                   + " | ".join(f"{results[ALL][name]['per_tag_f1'].get(tag, 0.0):.2f}" for name in names) + " |")
    return "\n".join(out)


def write_metrics(manifest: Path, results: dict, main: str, editor: str, snippets: int) -> None:
    """Replace the metrics of the manifest's tagger entry (the other entries and their order untouched):
    ``main``'s, the rules' and, as ``editor_*``, ``main``'s with the editor's language."""
    data = json.loads(manifest.read_text())
    metrics: dict[str, float | int] = {"eval_snippets": snippets}
    for part, by_system in results.items():
        prefix = "eval_" if part == ALL else f"eval_{part.replace(' ', '_')}_"
        metrics |= {prefix + k: round(by_system[main][k], 3) for k in SUMMARY}
        metrics |= {prefix.replace("eval_", "rules_") + k: round(by_system[RULES][k], 3)
                    for k in ("micro_f1", "precision_at_1", "recall_not_named")}
        metrics |= {prefix.replace("eval_", "editor_") + k: round(by_system[editor][k], 3)
                    for k in ("micro_f1", "precision_at_1")}
    for entry in data["models"]:
        if entry["name"] == "tagger":
            entry["metrics"] = metrics
    manifest.write_text(json.dumps(data, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models-dir", type=Path, default=default_models_dir(), help="the model to evaluate")
    parser.add_argument("--compare", action="append", default=[], metavar="LABEL=DIR",
                        help="another models folder to report beside it (repeatable)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README and manifest alone")
    args = parser.parse_args()
    systems = {system_name(args.models_dir): args.models_dir}
    for item in args.compare:
        label, _, folder = item.partition("=")
        systems[f"{label} {system_name(Path(folder))}"] = Path(folder)
    parts = load_parts(PARTS)
    everything = [row for rows in parts.values() for row in rows]
    editor = f"{next(iter(systems))}, editor's language"
    tag_with(systems, everything, editor)
    names = [*systems, editor, RULES]
    results = {part: {name: scores(rows, name) for name in names} for part, rows in [*parts.items(), (ALL, everything)]}
    for part, by_system in results.items():
        for name, result in by_system.items():
            print(f"{part:10} {name:40}", " ".join(f"{k} {result[k]:.3f}" for k in SUMMARY))
    if not args.no_write:
        main_name = next(iter(systems))
        write_results(README, render(parts, names, results))
        write_metrics(args.models_dir / MANIFEST_NAME, results, main_name, editor, len(everything))


if __name__ == "__main__":
    main()
