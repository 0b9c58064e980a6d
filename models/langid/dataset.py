"""The mined corpus as train/validation/test snippets, split by package.

Shared by training and evaluation so both cut snippets the same way:
short (3-10 contiguous lines), medium (11-40), long (the whole file, up to 200 lines).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "describer"))
from extract import functions

BUCKETS = {"short": (3, 10), "medium": (11, 40), "long": (1, 200)}
MIN_CONTENT_CHARS = 20
SPLIT_SHARES = {"test": 0.15, "validation": 0.10}
TRAIN_FIRST = 0.5  # share of a language's files that training takes before anything is held out
MAX_HELD_OUT = 0.45  # no held-out split may take more than this share of a language


@dataclass(frozen=True)
class SourceFile:
    language: str
    package: str
    path: Path

    def lines(self) -> list[str]:
        return self.path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").split("\n")


def load_corpus(root: Path) -> list[SourceFile]:
    files = []
    with (root / "corpus.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            files.append(SourceFile(row["language"], f"{row['registry']}/{row['package']}", root / row["file"]))
    return files


def _stable_rank(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def split_by_package(files: list[SourceFile]) -> dict[str, str]:
    """Package → split. Every package lands wholly in one split, decided by the language it holds most
    of. Languages are served scarcest first; within a language, the biggest packages go to training
    until it holds half the files, so a language with one dominant package still trains on it and
    is tested on the others."""
    per_language: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in files:
        per_language[f.language][f.package] += 1
    primary: dict[str, str] = {}
    for language, counts in sorted(per_language.items()):
        for package, n in counts.items():
            if n > per_language[primary[package]][package] if package in primary else True:
                primary[package] = language
    assignment: dict[str, str] = {}
    for language in sorted(per_language, key=lambda lang: (sum(per_language[lang].values()), lang)):
        counts = per_language[language]
        total = sum(counts.values())
        have: dict[str, int] = defaultdict(int)
        for package, n in counts.items():
            if package in assignment:
                have[assignment[package]] += n
        own = [p for p in counts if primary[p] == language]
        for package in sorted(own, key=lambda p: (-counts[p], _stable_rank(p))):
            assignment[package] = _choose_split(have, counts[package], total, len(counts))
            have[assignment[package]] += counts[package]
    return assignment


def _choose_split(have: dict[str, int], size: int, total: int, packages: int) -> str:
    if packages < 2 or have["train"] < TRAIN_FIRST * total:
        return "train"
    for split, share in SPLIT_SHARES.items():
        if packages < 3 and split == "validation":
            continue
        if have[split] < share * total and have[split] + size <= MAX_HELD_OUT * total:
            return split
    return "train"


def cut_snippet(lines: list[str], bucket: str, rng: np.random.Generator) -> str | None:
    """A random window of ``lines`` of the bucket's size, or None if the file is too short or empty."""
    low, high = BUCKETS[bucket]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if bucket == "long":
        text = "\n".join(lines[:high])
    else:
        if len(lines) < low:
            return None
        size = int(rng.integers(low, min(high, len(lines)) + 1))
        start = int(rng.integers(0, len(lines) - size + 1))
        text = "\n".join(lines[start:start + size])
    return text if len("".join(text.split())) >= MIN_CONTENT_CHARS else None


FUNCTION_LANGUAGES = ("python", "javascript", "typescript", "go", "java", "ruby", "php", "rust", "c", "cpp",
                      "csharp", "kotlin", "scala", "swift")
"""Languages the describer's extractor (``models/describer/extract.py``) finds whole functions in."""
FUNCTION_LINES = (3, 200)


def function_snippets(files: list[SourceFile], per_language: int, per_package: int,
                      rng: np.random.Generator) -> list[dict]:
    """Whole functions and methods (their code, doc comment removed) from ``files``: up to
    ``per_language`` per language, at most ``per_package`` from any one package, so no package
    dominates a language."""
    by_package: dict[tuple[str, str], list[SourceFile]] = defaultdict(list)
    for f in files:
        if f.language in FUNCTION_LANGUAGES:
            by_package[(f.language, f.package)].append(f)
    pools: dict[str, list[list[dict]]] = defaultdict(list)
    for (language, package), group in sorted(by_package.items()):
        found: list[dict] = []
        for i in rng.permutation(len(group)):
            for function in functions("\n".join(group[i].lines()), language):
                size, content = function.code.count("\n") + 1, len("".join(function.code.split()))
                if FUNCTION_LINES[0] <= size <= FUNCTION_LINES[1] and content >= MIN_CONTENT_CHARS:
                    found.append({"language": language, "bucket": "function", "text": function.code,
                                  "package": package})
            if len(found) >= 4 * per_package:
                break
        pools[language].append([found[j] for j in rng.permutation(len(found))[:per_package]])
    rows = []
    for _, groups in sorted(pools.items()):
        taken = [group[rank] for rank in range(per_package) for group in groups if rank < len(group)]
        rows.extend(taken[:per_language])
    return rows


_TS_EVIDENCE = re.compile("|".join([
    r"\b(?:interface|type)\s+[A-Z]\w*\s*(?:<[^>\n]*>)?\s*(?:=|\{|extends\b)",
    r"\b(?:public|private|protected|readonly)\s+[\w$#\[]",
    r"\b(?:implements|keyof|satisfies|namespace)\s+\w",
    r"\b(?:abstract\s+class|declare\s+\w+|import\s+type|export\s+type|enum\s+\w+\s*\{)",
    r"(?<![\w$])[\w$\])]\s+as\s+(?:const|any|unknown|string|number|boolean|never|[A-Z][\w.]*)\b(?!\s*(?:from|,|\}))",
    r"\(\s*(?:\.\.\.)?[\w$]+\??\s*:\s*[\w$\[{(\'\"]",
    r",\s*[\w$]+\??\s*:\s*(?:string|number|boolean|any|unknown|void|never|[A-Z][\w.]*<)",
    r"\)\s*:\s*(?:[\w$.]+(?:<[^\n]*>)?(?:\[\])*|\{[^}\n]*\})\s*(?:\{|=>)",
    r"\b(?:const|let|var)\s+[\w$]+\s*:\s*[\w$\[{(]",
    r"[\w$]\s*<\s*(?:[A-Z][\w.]*|string|number|boolean|any|unknown)(?:\[\])?\s*(?:,\s*[\w.]+\s*)*>\s*\(",
    r"^\s*[\w$]+[?!]?\s*:\s*(?:string|number|boolean|any|unknown|[A-Z][\w.]*(?:<[^\n]*>)?(?:\[\])?)\s*[;=]",
    r"[\w$)\]]!\.",
]), re.MULTILINE)


def has_typescript_syntax(text: str) -> bool:
    """Whether ``text`` shows something only TypeScript writes (annotations, ``interface``, generics,
    ``as`` casts, access modifiers, ``implements``...): plain ECMAScript is JavaScript, whatever the
    file was called."""
    return _TS_EVIDENCE.search(text) is not None
