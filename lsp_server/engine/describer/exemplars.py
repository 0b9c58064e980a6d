"""Similar documented code as a guide for descriptions.

An :class:`ExemplarIndex` holds documented functions as bags of identifier words (``getUserName`` ->
``get``, ``user``, ``name``) with their summaries. :meth:`ExemplarIndex.nearest` finds the function
whose words are closest to a snippet's (cosine of idf-weighted word sets); the describer
gives its summary to a snippet that is similar enough, with the names' words swapped
(:func:`borrowed_sentence`). The server keeps one, in memory, of the documented
functions in the documents the editor has open (``server/workspace_exemplars.py``), so descriptions
use the project's own words; ``models/describer/exemplar_index.py`` builds one from the training
split for the evaluation of exemplars from other packages.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
MIN_WORD = 2
MAX_QUERY_WORDS = 32
"""The query keeps its rarest words: they decide the nearest function, and each costs a postings list."""
WORKSPACE, SHIPPED = "workspace", "index"
"""Where an exemplar comes from: the user's open documents, or the index shipped with the model."""


@dataclass(frozen=True)
class Exemplar:
    summary: str
    name: str
    similarity: float
    """Cosine of the idf-weighted word sets, 0 to 1."""
    origin: str


def code_words(code: str) -> set[str]:
    """The distinct lowercased pieces of the identifiers in ``code`` (two letters or more)."""
    return {w.lower() for w in WORD.findall(code) if len(w) >= MIN_WORD}


def word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


@dataclass(frozen=True)
class ExemplarIndex:
    """Documented functions as an inverted index of word hashes; read-only, so thread-safe."""

    words: np.ndarray
    """Sorted uint32 word hashes."""
    starts: np.ndarray
    """Where each word's postings begin in ``postings`` (one more entry than ``words``)."""
    postings: np.ndarray
    """uint32 function numbers, grouped by word."""
    idf: np.ndarray
    """float32 per word."""
    norms: np.ndarray
    """float32 per function: the length of its idf-weighted word vector."""
    summaries: tuple[str, ...]
    names: tuple[str, ...]
    origin: str = SHIPPED

    def __len__(self) -> int:
        return len(self.summaries)

    @classmethod
    def build(
        cls, functions: Iterable[tuple[str, str, str]], origin: str = SHIPPED, max_share: float = 1.0
    ) -> ExemplarIndex:
        """From ``(code, summary, name)`` triples. Words in more than ``max_share`` of the functions are
        left out (they say little and take most of the space)."""
        bags, summaries, names = [], [], []
        for code, summary, name in functions:
            bags.append(sorted({word_hash(w) for w in code_words(code)}))
            summaries.append(summary)
            names.append(name)
        count = len(bags)
        if count == 0:
            return cls.empty(origin)
        pairs = np.array([(h, i) for i, bag in enumerate(bags) for h in bag], dtype=np.uint64).reshape(-1, 2)
        pairs = pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]
        words, df = np.unique(pairs[:, 0], return_counts=True)
        keep = df <= max(1, max_share * count)
        idf = np.log((1 + count) / (1 + df)).astype(np.float32) + 1.0
        rows = np.repeat(keep, df)
        postings = pairs[rows, 1].astype(np.uint32)
        starts = np.concatenate([[0], np.cumsum(df[keep])]).astype(np.int64)
        weights = np.repeat(idf[keep] ** 2, df[keep])
        norms = np.sqrt(np.bincount(postings, weights=weights, minlength=count)).astype(np.float32)
        return cls(
            words[keep].astype(np.uint32), starts, postings, idf[keep], norms, tuple(summaries), tuple(names), origin
        )

    @classmethod
    def empty(cls, origin: str = SHIPPED) -> ExemplarIndex:
        nothing = np.zeros(0, dtype=np.uint32)
        return cls(nothing, np.zeros(1, dtype=np.int64), nothing, np.zeros(0, np.float32), np.zeros(0, np.float32),
                   (), (), origin)  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> ExemplarIndex:
        with np.load(path, allow_pickle=False) as data:
            text = bytes(data["text"]).decode("utf-8").split("\n")
            half = len(text) // 2
            return cls(
                data["words"], data["starts"], data["postings"], data["idf"], data["norms"],
                tuple(text[:half]), tuple(text[half:]),
            )  # fmt: skip

    def save(self, path: Path) -> None:
        lines = [line.replace("\n", " ") for line in (*self.summaries, *self.names)]
        text = "\n".join(lines).encode("utf-8")
        np.savez(  # uncompressed: loading is a copy, not a decompression
            path, words=self.words, starts=self.starts, postings=self.postings, idf=self.idf, norms=self.norms,
            text=np.frombuffer(text, dtype=np.uint8),
        )  # fmt: skip

    def nearest(self, code: str, exclude_name: str | None = None) -> Exemplar | None:
        """The most similar documented function, or None when no word is shared."""
        for best, score in self.ranked(code, 4):
            if exclude_name is None or self.names[best] != exclude_name:
                return Exemplar(self.summaries[best], self.names[best], min(1.0, score), self.origin)
        return None

    def ranked(self, code: str, count: int) -> list[tuple[int, float]]:
        """The ``count`` most similar functions sharing a word with ``code``, best first, with their
        similarity."""
        if not len(self) or not len(self.words):
            return []
        hashes = np.array(sorted({word_hash(w) for w in code_words(code)}), dtype=np.uint32)
        at = np.searchsorted(self.words, hashes)
        known = (at < len(self.words)) & (self.words[np.minimum(at, len(self.words) - 1)] == hashes)
        found = at[known]
        if not len(found):
            return []
        unknown = int((~known).sum())
        query_norm = np.sqrt(float((self.idf[found] ** 2).sum()) + unknown * float(self.idf.max()) ** 2)
        found = found[np.argsort(-self.idf[found], kind="stable")[:MAX_QUERY_WORDS]]
        documents = np.concatenate([self.postings[self.starts[i] : self.starts[i + 1]] for i in found])
        weights = np.repeat(self.idf[found] ** 2, self.starts[found + 1] - self.starts[found])
        dots = np.bincount(documents, weights=weights, minlength=len(self))
        scores = dots / np.maximum(self.norms * query_norm, 1e-9)
        best = np.argsort(scores)[::-1][:count]
        return [(int(i), float(scores[i])) for i in best if scores[i] > 0]


def borrowed_sentence(exemplar: Exemplar, name: str | None) -> str:
    """The exemplar's summary about this function: where the two names have as many words and share
    one in the same place, the words that differ are swapped (``load_config`` "Load the config file."
    -> ``load_settings`` "Load the settings file."); names with nothing in common swap nothing."""
    summary = exemplar.summary
    theirs, ours = name_words(exemplar.name), name_words(name or "")
    if len(theirs) != len(ours) or not any(a == b for a, b in zip(theirs, ours, strict=True)):
        return summary
    for their, our in zip(theirs, ours, strict=True):
        if their != our and len(their) > 2:
            summary = re.sub(rf"\b{re.escape(their)}\b", our, summary, flags=re.IGNORECASE)
    return summary


def name_words(name: str) -> list[str]:
    """``getUserName`` / ``get_user_name`` -> ``["get", "user", "name"]``."""
    return [w.lower() for w in WORD.findall(name)]
