"""The mined corpus as train/validation/test snippets, split by package.

Shared by training and evaluation so both cut snippets the same way:
short (3-10 contiguous lines), medium (11-40), long (the whole file, up to 200 lines).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
