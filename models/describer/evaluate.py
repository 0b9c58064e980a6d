"""Evaluate the describer on the held-out test packages and record the results.

In one run, on the same sample of test pairs (up to ``--per-language`` per language): the shipped
int8 model greedy and with beam search, the fp32 graphs greedy, and two baselines (the function
name split into words; the first line of code). Scores are CodeXGLUE's smoothed BLEU-4 and
ROUGE-L (``metrics.py``), per language and overall, with the mean time per description.
Writes the table into README.md and the headline numbers into the manifest.

    python models/describer/evaluate.py --pairs /work/data/describer/pairs.jsonl --fp32 /work/data/describer-fp32
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from metrics import bleu, rouge_l  # noqa: E402
from onnx_export import update_metrics, write_results  # noqa: E402

from lsp_server.engine.describer.describer import DECODER, DECODER_WITH_PAST, ENCODER, Describer  # noqa: E402
from lsp_server.engine.manifest import load_manifest  # noqa: E402
from lsp_server.engine.runtime import OnnxModel, RuntimeOptions  # noqa: E402

MODELS = HERE.parent
FILES = {
    ENCODER: "encoder_model.onnx",
    DECODER: "decoder_model.onnx",
    DECODER_WITH_PAST: "decoder_with_past_model.onnx",
}


def name_words(name: str) -> str:
    """``getUserName`` / ``get_user_name`` → ``get user name``."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", name))
    return " ".join(spaced.replace("_", " ").split()).lower()


def first_line(code: str) -> str:
    return next((line.strip() for line in code.split("\n") if line.strip()), "")


def sample(pairs: Path, per_language: int) -> list[dict]:
    by_language: dict[str, list[dict]] = defaultdict(list)
    for line in pairs.open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] == "test":
            by_language[row["language"]].append(row)
    rng = np.random.default_rng(0)
    chosen = []
    for language in sorted(by_language):
        rows = by_language[language]
        chosen += [rows[i] for i in sorted(rng.choice(len(rows), min(per_language, len(rows)), replace=False))]
    return chosen


def describer_from(folder: Path | None) -> Describer:
    """The shipped describer, or (``folder`` given) the same manifest entries over the graphs in ``folder``."""
    specs = {spec.name: spec for spec in load_manifest(MODELS)}
    options = RuntimeOptions(intra_op_threads=1)
    graphs = []
    for name, file in FILES.items():
        spec = specs[name] if folder is None else replace(specs[name], file=str(folder / file))
        graphs.append(OnnxModel(spec, spec.path_in(MODELS), options))
    return Describer(*graphs, MODELS)


def run(describer: Describer, rows: list[dict], beams: int) -> tuple[list[str], float]:
    out, started = [], time.perf_counter()
    for row in rows:
        out.append(describer.describe(row["code"], row["language"], beams=beams))
    return out, 1000 * (time.perf_counter() - started) / max(1, len(rows))


def table(rows: list[dict], systems: dict[str, list[str]], timings: dict[str, float]) -> tuple[str, dict]:
    languages = sorted({r["language"] for r in rows})
    names = list(systems)
    head = "| language | n | " + " | ".join(f"{n} BLEU-4 / ROUGE-L" for n in names) + " |"
    lines = [head, "|" + "---|" * (len(names) + 2)]
    summary = {}
    for language in [*languages, "all"]:
        picked = [i for i, r in enumerate(rows) if language in ("all", r["language"])]
        refs = [rows[i]["summary"] for i in picked]
        cells = []
        for name in names:
            hyps = [systems[name][i] for i in picked]
            b, r = bleu(refs, hyps), rouge_l(refs, hyps)
            cells.append(f"{b:.2f} / {r:.2f}")
            if language == "all":
                summary[name] = {"bleu4": round(b, 2), "rouge_l": round(r, 2)}
        label = "**all**" if language == "all" else language
        lines.append(f"| {label} | {len(picked)} | " + " | ".join(cells) + " |")
    lines.append(
        "| ms per description (1 thread) | | "
        + " | ".join(f"{timings[n]:.1f}" if n in timings else "-" for n in names)
        + " |"
    )
    return "\n".join(lines), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--fp32", type=Path, required=True, help="folder with the fp32 graphs export.py kept")
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--beams", type=int, default=4)
    parser.add_argument("--examples", type=Path, help="write every prediction here (JSON Lines)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README and manifest alone")
    args = parser.parse_args()
    rows = sample(args.pairs, args.per_language)
    models = {"int8": describer_from(None), "fp32": describer_from(args.fp32)}
    systems: dict[str, list[str]] = {}
    timings: dict[str, float] = {}
    systems["int8 greedy"], timings["int8 greedy"] = run(models["int8"], rows, 1)
    systems[f"int8 beam {args.beams}"], timings[f"int8 beam {args.beams}"] = run(models["int8"], rows, args.beams)
    systems["fp32 greedy"], timings["fp32 greedy"] = run(models["fp32"], rows, 1)
    systems["baseline: name words"] = [name_words(r["name"]) for r in rows]
    systems["baseline: first line"] = [first_line(r["code"]) for r in rows]
    text, summary = table(rows, systems, timings)
    print(text)
    if args.examples:
        with args.examples.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                out.write(
                    json.dumps(
                        {
                            "language": row["language"],
                            "package": row["package"],
                            "name": row["name"],
                            "reference": row["summary"],
                            **{k: v[i] for k, v in systems.items()},
                        }
                    )
                    + "\n"
                )
    if not args.no_write:
        write_results(HERE / "README.md", text)
        update_metrics(
            MODELS / "manifest.json",
            ENCODER,
            {
                "test_pairs": len(rows),
                "test_packages": len({r["package"] for r in rows}),
                **{name.replace(" ", "_").replace(":", ""): values for name, values in summary.items()},
                "ms_per_description_int8_greedy": round(timings["int8 greedy"], 1),
            },
        )


if __name__ == "__main__":
    main()
