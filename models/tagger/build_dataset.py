"""Weakly labeled training snippets for the concept tagger, from the language-id corpus and the
describer's documented functions.

Three kinds of rows, each marked in ``source``, all split by package exactly as the language-id model
splits its corpus: random windows of corpus files labeled by ``rules.weak_labels`` (most carry no
concept; a share of those is kept so the model learns to say nothing); documented functions labeled
by the code rules and ``doc_rules`` on their documentation (``--functions``); and windows cut around
each alternative of each rule (``--evidence-per-pattern``), so rare evidence is seen at all.

    python models/tagger/build_dataset.py --corpus /work/data/langid --out /work/data/tagger \
        --files-per-language 1500 --window-lines 4 30 \
        --functions /work/data/describer/pairs.jsonl --evidence-per-pattern 60
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE.parent / "langid"))
sys.path.insert(0, str(HERE))
from dataset import SourceFile, load_corpus, split_by_package  # noqa: E402
from doc_rules import doc_labels  # noqa: E402
from rules import RULES, alternatives, prefilter, weak_labels  # noqa: E402

DATA_LANGUAGES = {"json", "yaml", "toml", "ini", "xml", "markdown"}
WINDOWS_PER_FILE = 2
WINDOW_LINES = (8, 40)
KEEP_UNTAGGED = 0.25
FILES_PER_LANGUAGE = 500  # the rules cost ~9 ms a window; 500 keeps a build near five minutes on 2 cores
EVIDENCE_CHUNK = 2048




def windows(source: SourceFile, rng: np.random.Generator, low: int, high: int) -> list[str]:
    try:
        lines = source.lines()
    except OSError:
        return []
    if len(lines) <= high:
        return ["\n".join(lines)] if len(lines) >= low else []
    out = []
    for _ in range(WINDOWS_PER_FILE):
        size = int(rng.integers(low, high + 1))
        start = int(rng.integers(0, len(lines) - size + 1))
        out.append("\n".join(lines[start:start + size]))
    return out


def sample_files(files: list[SourceFile], per_language: int) -> list[SourceFile]:
    """At most ``per_language`` files per language, the same ones on every run."""
    rng = np.random.default_rng(0)
    by_language: dict[str, list[SourceFile]] = {}
    for f in files:
        by_language.setdefault(f.language, []).append(f)
    picked = []
    for language in sorted(by_language):
        group = by_language[language]
        picked.extend(group[i] for i in sorted(rng.permutation(len(group))[:per_language]))
    return picked


def label_file(job: tuple[SourceFile, int, tuple[int, int]]) -> list[dict]:
    source, seed, (low, high) = job
    rng = np.random.default_rng(seed)
    rows = []
    for text in windows(source, rng, low, high):
        if len("".join(text.split())) < 40:
            continue
        tags = sorted(weak_labels(text, source.language))
        if tags or rng.random() < KEEP_UNTAGGED:
            rows.append({"language": source.language, "package": source.package, "text": text, "tags": tags,
                         "source": "window"})
    return rows


def label_function(job: tuple[int, str]) -> dict | None:
    """A documented function from the describer's pairs: code rules on the code (documentation already
    removed) plus the tags its documentation names."""
    seed, line = job
    pair = json.loads(line)
    tags = sorted(weak_labels(pair["code"], pair["language"]) | doc_labels(pair["summary"]))
    if not tags and np.random.default_rng(seed).random() >= KEEP_UNTAGGED:
        return None
    return {"language": pair["language"], "package": pair["package"], "text": pair["code"], "tags": tags,
            "source": "function"}


def function_rows(pairs: Path, splits: dict[str, str]) -> list[tuple[str, dict]]:
    """(split, row) for the pairs whose package trains or validates the language-id model."""
    with pairs.open(encoding="utf-8") as handle:
        lines = [line for line in handle if splits.get(json.loads(line)["package"], "test") != "test"]
    with Pool(2) as pool:
        rows = [row for row in pool.imap(label_function, enumerate(lines), chunksize=256) if row]
    return [(splits[row["package"]], row) for row in rows]


EVIDENCE = [(tag, re.compile(branch, re.MULTILINE), languages, prefilter(branch))
            for tag, pattern, languages in RULES for branch in alternatives(pattern)]


def evidence_windows(job: tuple[SourceFile, int, tuple[int, int], frozenset[int]]) -> list[tuple[int, dict]]:
    """(evidence index, window) around the first match of each wanted piece of rule evidence in one file."""
    source, seed, (low, high), wanted = job
    try:
        lines = source.lines()
    except OSError:
        return []
    text, rng, rows = "\n".join(lines), np.random.default_rng(seed), []
    for index in sorted(wanted):
        tag, pattern, languages, literals = EVIDENCE[index]
        if languages is not None and source.language not in languages:
            continue
        if literals is not None and not any(literal in text for literal in literals):
            continue
        match = pattern.search(text)
        if match is None:
            continue
        at, size = text.count("\n", 0, match.start()), int(rng.integers(low, high + 1))
        start = max(0, min(at - int(rng.integers(0, size)), len(lines) - size))
        window = "\n".join(lines[start:start + size])
        tags = sorted(weak_labels(window, source.language))
        if tag in tags:
            row = {"language": source.language, "package": source.package, "text": window, "tags": tags,
                   "source": "evidence"}
            rows.append((index, row))
    return rows


def evidence_rows(files: list[SourceFile], splits: dict[str, str], per_pattern: int,
                  lines: tuple[int, int]) -> list[tuple[str, dict]]:
    """(split, row) for windows cut around each alternative of each rule (``\\bfetch\\(`` as well as
    ``\\baxios\\b``), up to ``per_pattern`` training windows apiece, from files taken in a seeded order,
    so the model meets every piece of evidence the rules know, in real code."""
    need = dict.fromkeys(range(len(EVIDENCE)), per_pattern)
    order = np.random.default_rng(1).permutation(len(files))
    rows: list[tuple[str, dict]] = []
    with Pool(2) as pool:
        for begin in range(0, len(order), EVIDENCE_CHUNK):
            wanted = frozenset(index for index, left in need.items() if left > 0)
            if not wanted:
                break
            jobs = [(files[i], int(i), lines, wanted) for i in order[begin:begin + EVIDENCE_CHUNK]]
            for found in pool.imap(evidence_windows, jobs, chunksize=64):
                for index, row in found:
                    split = splits[row["package"]]
                    if need[index] > 0:
                        rows.append((split, row))
                        need[index] -= split == "train"
    return rows


def write_row(handles: dict, counts: Counter, split: str, row: dict) -> None:
    handles[split].write(json.dumps(row, ensure_ascii=False) + "\n")
    counts[split] += 1
    counts.update(f"{split}:{tag}" for tag in row["tags"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path("/work/data/langid"))
    parser.add_argument("--out", type=Path, default=Path("/work/data/tagger"))
    parser.add_argument("--files-per-language", type=int, default=FILES_PER_LANGUAGE)
    parser.add_argument("--window-lines", type=int, nargs=2, default=WINDOW_LINES, metavar=("MIN", "MAX"))
    parser.add_argument("--evidence-per-pattern", type=int, default=0, metavar="N",
                        help="also cut up to N training windows around each alternative of each rule")
    parser.add_argument("--functions", type=Path, metavar="PAIRS",
                        help="also label the documented functions of models/describer's pairs.jsonl")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    corpus = load_corpus(args.corpus)
    splits = split_by_package(corpus)
    code_files = [f for f in corpus if f.language not in DATA_LANGUAGES and splits[f.package] != "test"]
    files = sample_files(code_files, args.files_per_language)
    jobs = [(f, i, tuple(args.window_lines)) for i, f in enumerate(files)]
    counts: Counter = Counter()
    handles = {name: (args.out / f"{name}.jsonl").open("w", encoding="utf-8") for name in ("train", "validation")}
    with Pool(2) as pool:
        for (source, _, _), rows in zip(jobs, pool.imap(label_file, jobs, chunksize=64), strict=True):
            split = splits[source.package]
            for row in rows:
                write_row(handles, counts, split, row)
    for split, row in function_rows(args.functions, splits) if args.functions else []:
        write_row(handles, counts, split, row)
        counts[f"{split}:functions"] += 1
    if args.evidence_per_pattern:
        for split, row in evidence_rows(code_files, splits, args.evidence_per_pattern, tuple(args.window_lines)):
            write_row(handles, counts, split, row)
            counts[f"{split}:evidence windows"] += 1
    for handle in handles.values():
        handle.close()
    (args.out / "stats.json").write_text(json.dumps(dict(sorted(counts.items())), indent=1))
    print(f"train {counts['train']} snippets, validation {counts['validation']}; "
          f"tags seen in train: {sum(1 for k in counts if k.startswith('train:'))}")


if __name__ == "__main__":
    main()
