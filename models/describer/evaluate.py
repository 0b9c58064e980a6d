"""Evaluate the describer on the held-out test packages and record the results.

In one run, on the same sample of test pairs (up to ``--per-language`` per language): the shipped
int8 model greedy on its own; with exemplars from the function's "open project" (``projects.py``: a
similar enough documented function of the same package and directory lends its summary, as the
server's workspace exemplars do); with exemplars from other packages (``--index``, built by
``exemplar_index.py`` from the training split, borrowing from ``--index-borrow``); with beam search
(``--beams``); the fp32 graphs greedy when ``--fp32`` is given; the previous model's int8 graphs
(``--previous``); a model fine-tuned on ``exemplar_arrays.py``'s arrays given the nearest function of
``--guide-index`` beside the code; and two baselines (the function name split into words; the first
line of code). Scores are CodeXGLUE's smoothed BLEU-4 and ROUGE-L (``metrics.py``), per language and
overall, with the mean time per description. Then the coverage/quality curve of
``description_confidence`` on the same pairs, and, with ``--corpus``, how often documentation-first
applies: the share of functions in the test packages' files that have a docstring or doc comment.
Writes the tables into README.md and the headline numbers into the manifest.

    python models/describer/evaluate.py --pairs /work/data/describer-v12/pairs.jsonl --corpus /work/data/langid
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
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
from projects import Projects  # noqa: E402

from lsp_server.engine import syntax  # noqa: E402
from lsp_server.engine.describer.describer import (  # noqa: E402
    DECODER,
    DECODER_WITH_PAST,
    ENCODER,
    Describer,
    Description,
)
from lsp_server.engine.describer.exemplars import Exemplar, ExemplarIndex  # noqa: E402
from lsp_server.engine.manifest import load_manifest  # noqa: E402
from lsp_server.engine.runtime import OnnxModel, RuntimeOptions  # noqa: E402

MODELS = HERE.parent
PROJECT = "+ project exemplars"
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


def sample(pairs: Path, per_language: int, split: str = "test") -> list[dict]:
    """At most ``per_language`` pairs of each language of ``split``, drawn with a fixed seed."""
    rows = every_pair(pairs, split)
    return [rows[i] for i in balanced(rows, per_language)]


def every_pair(pairs: Path, split: str) -> list[dict]:
    """The pairs of ``split``, grouped by language (languages in order, each in file order)."""
    by_language: dict[str, list[dict]] = defaultdict(list)
    for line in pairs.open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] == split:
            by_language[row["language"]].append(row)
    return [row for language in sorted(by_language) for row in by_language[language]]


def balanced(rows: list[dict], per_language: int) -> list[int]:
    """Indices of at most ``per_language`` of ``every_pair``'s rows per language, drawn with a fixed seed."""
    by_language: dict[str, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        by_language[row["language"]].append(i)
    rng = np.random.default_rng(0)
    chosen = []
    for language in sorted(by_language):
        indices = by_language[language]
        chosen += [indices[i] for i in sorted(rng.choice(len(indices), min(per_language, len(indices)), replace=False))]
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


def run(
    describer: Describer,
    rows: list[dict],
    beams: int,
    exemplars: Callable[[dict], Exemplar | None] | None = None,
    guided: bool = True,
) -> tuple[list[Description], float]:
    """Each row described as the engine would, with its nearest exemplar when ``exemplars`` finds one
    (``guided=False``: a model that reads exemplars is given none)."""
    out, started = [], time.perf_counter()
    for row in rows:
        exemplar = exemplars(row) if exemplars is not None else None
        out.append(
            describer.describe(
                row["code"], row["language"], beams=beams, exemplar=exemplar, name=row["name"], guided=guided
            )
        )
    return out, 1000 * (time.perf_counter() - started) / max(1, len(rows))


def coverage_curve(rows: list[dict], described: list[Description], recommended: float) -> str:
    """Answered share and quality on the answered, per confidence threshold."""
    thresholds = sorted({0.0, 0.1, 0.15, 0.2, recommended, 0.25, 0.3, 0.35})
    lines = ["| minimum confidence | answered | BLEU-4 | ROUGE-L |", "|---:|---:|---:|---:|"]
    for t in thresholds:
        kept = [i for i, d in enumerate(described) if d.sentence and (d.confidence or 0.0) >= t]
        refs, hyps = [rows[i]["summary"] for i in kept], [described[i].sentence for i in kept]
        mark = " (default)" if t == recommended else ""
        lines.append(f"| {t:.3f}{mark} | {100 * len(kept) / len(rows):.1f} % | {bleu(refs, hyps):.2f} | "
                     f"{rouge_l(refs, hyps):.2f} |")
    return "\n".join(lines)


def documentation_coverage(corpus: Path, packages: set[str], languages: set[str]) -> str:
    """Per language: functions in the files of ``packages`` and the share with documentation."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with (corpus / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            entry = json.loads(line)
            key = f"{entry['registry']}/{entry['package']}"
            if key not in packages or entry["language"] not in languages or not syntax.has_grammar(entry["language"]):
                continue
            tree = syntax.parse((corpus / entry["file"]).read_text(encoding="utf-8", errors="replace"), entry["language"])
            if tree is not None:
                counts[entry["language"]][0] += len(syntax.functions(tree))
                counts[entry["language"]][1] += len(syntax.documented_functions(tree))
    lines = ["| language | functions | with documentation |", "|---|---:|---:|"]
    for language, (total, documented) in sorted(counts.items()):
        lines.append(f"| {language} | {total} | {100 * documented / max(1, total):.1f} % |")
    total, documented = (sum(c[i] for c in counts.values()) for i in (0, 1))
    lines.append(f"| **all** | {total} | {100 * documented / max(1, total):.1f} % |")
    return "\n".join(lines)


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
    parser.add_argument("--fp32", type=Path, help="folder with the fp32 graphs export.py kept")
    parser.add_argument("--corpus", type=Path, help="the language-id corpus, for documentation coverage")
    parser.add_argument("--index", type=Path, help="an exemplar index of other packages (exemplar_index.py)")
    parser.add_argument("--index-borrow", type=float, default=0.25, help="borrowing threshold for --index")
    parser.add_argument("--documented-share", type=float, default=0.18,
                        help="share of a project's neighbours kept documented in the sparse project case")
    parser.add_argument("--per-language", type=int, default=150)
    parser.add_argument("--split", default="test", help="validation: to choose between models without the test")
    parser.add_argument("--beams", type=int, default=0, help="also with beam search of this width")
    parser.add_argument("--examples", type=Path, help="write every prediction here (JSON Lines)")
    parser.add_argument("--previous", type=Path, help="the previous model's int8 graphs, which read no exemplar")
    parser.add_argument("--previous-name", default="previous model")
    parser.add_argument(
        "--guide-index",
        type=Path,
        help="for a model fine-tuned with exemplar_arrays.py but shipped without an index: this index's nearest "
        "function beside the code",
    )
    parser.add_argument("--guide-tokens", type=int, default=32)
    parser.add_argument("--no-write", action="store_true", help="print only; leave README and manifest alone")
    args = parser.parse_args()
    rows = sample(args.pairs, args.per_language, args.split)
    args.no_write = args.no_write or args.split != "test"  # README and manifest hold test numbers only
    shipped = describer_from(None)
    projects = Projects(args.pairs, args.split)
    described: dict[str, list[Description]] = {}
    timings: dict[str, float] = {}
    if args.previous:
        previous = describer_from(args.previous)
        previous.config, previous.index = replace(previous.config, exemplar_tokens=0), None
        name = f"{args.previous_name} int8 greedy"
        described[name], timings[name] = run(previous, rows, 1)
    described["int8 greedy"], timings["int8 greedy"] = run(shipped, rows, 1)
    if shipped.config.exemplar_tokens:
        name = "int8 greedy, no exemplar"
        described[name], timings[name] = run(shipped, rows, 1, guided=False)
    described[PROJECT], timings[PROJECT] = run(shipped, rows, 1, projects.exemplar)
    sparse = Projects(args.pairs, args.split, documented_share=args.documented_share)
    name = f"+ project exemplars, {round(100 * args.documented_share)} % documented"
    described[name], timings[name] = run(shipped, rows, 1, sparse.exemplar)
    if args.index:
        index = ExemplarIndex.load(args.index)
        other = describer_from(None)
        other.config = replace(other.config, borrow_similarity=args.index_borrow)
        name = f"+ other packages' exemplars (from {args.index_borrow})"
        described[name], timings[name] = run(other, rows, 1, lambda row: index.nearest(row["code"]))
    if args.guide_index:
        guided = describer_from(None)
        guided.config = replace(guided.config, exemplar_tokens=args.guide_tokens)
        guided.index = ExemplarIndex.load(args.guide_index)
        name = "+ other packages' exemplars beside the code"
        described[name], timings[name] = run(guided, rows, 1)
    if args.beams:
        name = f"{PROJECT}, beam {args.beams}"
        described[name], timings[name] = run(shipped, rows, args.beams, projects.exemplar)
    if args.fp32:
        described["fp32 greedy"], timings["fp32 greedy"] = run(describer_from(args.fp32), rows, 1)
    systems = {name: [d.sentence for d in found] for name, found in described.items()}
    systems["baseline: name words"] = [name_words(r["name"]) for r in rows]
    systems["baseline: first line"] = [first_line(r["code"]) for r in rows]
    text, summary = table(rows, systems, timings)
    recommended = shipped.config.recommended_min_confidence
    curve = coverage_curve(rows, described[PROJECT], recommended)
    borrowed = {name: sum(d.exemplar is not None for d in found) for name, found in described.items()}
    sections = [text, "", "Borrowed from an exemplar: " + "; ".join(f"{name}: {n} of {len(rows)}"
                                                            for name, n in borrowed.items() if n), "",
                "Coverage and quality by `description_confidence`, the model alone (the command line, a "
                "lone file):", "", coverage_curve(rows, described["int8 greedy"], recommended), "",
                f"The same {PROJECT} (documented code of the project open):", "", curve]
    if args.corpus:
        packages = {r["package"] for r in rows}
        sections += ["", "Documentation-first: functions in the files of the same test packages that have a "
                     "docstring or doc comment (their description is its first sentence):", "",
                     documentation_coverage(args.corpus, packages, {r["language"] for r in rows})]
    report = "\n".join(sections)
    print(report)
    if args.examples:
        with args.examples.open("w", encoding="utf-8") as out:
            for i, row in enumerate(rows):
                record = {"language": row["language"], "package": row["package"], "name": row["name"],
                          "reference": row["summary"], **{k: v[i] for k, v in systems.items()},
                          "confidence": described["int8 greedy"][i].confidence,
                          f"confidence {PROJECT}": described[PROJECT][i].confidence}
                out.write(json.dumps(record) + "\n")
    if not args.no_write:
        write_results(HERE / "README.md", report)
        update_metrics(
            MODELS / "manifest.json",
            ENCODER,
            {
                "test_pairs": len(rows),
                "test_packages": len({r["package"] for r in rows}),
                **{name.replace(" ", "_").replace(":", "").replace(",", ""): values for name, values in summary.items()},
                "ms_per_description_int8_greedy": round(timings["int8 greedy"], 1),
            },
        )


if __name__ == "__main__":
    main()
