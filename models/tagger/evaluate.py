"""Evaluate the shipped concept tagger on the hand-labeled set, against the rules alone, in one run.

The model runs through the engine as users get it (language detected from the text, tags thresholded
and capped). The rules baseline (``rules.weak_labels``, the labeler the training data came from) is
given the true language. Writes the tables into README.md and the metrics into the manifest.

    python models/tagger/evaluate.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
sys.path.insert(0, str(HERE))
from onnx_export import update_metrics, write_results  # noqa: E402
from rules import taxonomy_ids, weak_labels  # noqa: E402

from lsp_server.engine import Engine, EngineSettings  # noqa: E402

README = HERE / "README.md"




def scores(rows: list[dict], system: str) -> dict:
    """Micro/macro F1, precision@1 and per-tag F1 of ``row[system]`` (a ranked list) against ``row['tags']``."""
    tp = fp = fn = 0
    per_tag: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        gold, predicted = set(row["tags"]), set(row[system])
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
        for tag in gold | predicted:
            per_tag[tag][0] += tag in gold and tag in predicted
            per_tag[tag][1] += tag in predicted and tag not in gold
            per_tag[tag][2] += tag in gold and tag not in predicted
    tag_f1 = {tag: f1(*counts) for tag, counts in per_tag.items()}
    gold_tags = {tag for row in rows for tag in row["tags"]}
    labeled = [row for row in rows if row["tags"]]
    return {
        "micro_precision": tp / max(tp + fp, 1), "micro_recall": tp / max(tp + fn, 1), "micro_f1": f1(tp, fp, fn),
        "macro_f1": float(np.mean([tag_f1.get(tag, 0.0) for tag in gold_tags])),
        "precision_at_1": float(np.mean([bool(r[system]) and r[system][0] in r["tags"] for r in labeled])),
        "silent_when_no_concept": float(np.mean([not r[system] for r in rows if not r["tags"]])),
        "per_tag_f1": tag_f1,
    }


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / max(2 * tp + fp + fn, 1)


def render(rows: list[dict], model: dict, rules: dict, per_language: dict) -> str:
    languages = sorted({r["language"] for r in rows})
    out = [f"Hand-labeled set: {len(rows)} snippets, {len(languages)} languages, "
           f"{sum(len(r['tags']) for r in rows)} gold tags.", "",
           "| metric | model (engine) | rules alone |", "|---|---:|---:|"]
    for key in ("micro_f1", "micro_precision", "micro_recall", "macro_f1", "precision_at_1", "silent_when_no_concept"):
        out.append(f"| {key.replace('_', ' ')} | {model[key]:.3f} | {rules[key]:.3f} |")
    out += ["", "Micro-F1 per language (model / rules):", "", "| language | snippets | model | rules |",
            "|---|---:|---:|---:|"]
    for language, (n, m, r) in sorted(per_language.items()):
        out.append(f"| {language} | {n} | {m:.2f} | {r:.2f} |")
    out += ["", "F1 per tag (model / rules), tags present in the gold labels:", "", "| tag | model | rules |",
            "|---|---:|---:|"]
    gold_tags = sorted({tag for row in rows for tag in row["tags"]})
    for tag in gold_tags:
        out.append(f"| {tag} | {model['per_tag_f1'].get(tag, 0.0):.2f} | {rules['per_tag_f1'].get(tag, 0.0):.2f} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=HERE / "eval" / "snippets.jsonl")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README and manifest alone")
    args = parser.parse_args()
    order = {tag: i for i, tag in enumerate(taxonomy_ids())}
    rows = [json.loads(line) for line in args.eval.open(encoding="utf-8")]
    engine = Engine.load(settings=EngineSettings(describe=False))
    for row in rows:
        row["model"] = [tag.id for tag in engine.analyze(row["text"]).tags]
        row["rules"] = sorted(weak_labels(row["text"], row["language"]), key=order.__getitem__)
    model, rules = scores(rows, "model"), scores(rows, "rules")
    per_language = {}
    for language in sorted({r["language"] for r in rows}):
        subset = [r for r in rows if r["language"] == language]
        per_language[language] = (len(subset), scores(subset, "model")["micro_f1"], scores(subset, "rules")["micro_f1"])
    summary = {k: round(v, 3) for k, v in model.items() if k != "per_tag_f1"}
    print("model", summary)
    print("rules", {k: round(v, 3) for k, v in rules.items() if k != "per_tag_f1"})
    if not args.no_write:
        write_results(README, render(rows, model, rules, per_language))
        update_metrics(ROOT / "models" / "manifest.json", "tagger", {"eval_" + k: v for k, v in summary.items()} |
                                {"rules_micro_f1": round(rules["micro_f1"], 3), "eval_snippets": len(rows)})


if __name__ == "__main__":
    main()
