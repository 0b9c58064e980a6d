"""Hashed word features for the concept tagger: the one preprocessing step shared by training and serving.

Concepts live in names (``requests.get``, ``http.ListenAndServe``, ``quickSort``), so the tagger reads
words, not bytes: every identifier (lowercased), its camelCase/snake_case pieces, every pair of
neighbouring tokens (punctuation included, so ``json . loads`` and ``fs :: read`` count), and the
snippet's language. Each feature string is hashed with CRC-32 into ``2 ** bucket_bits`` buckets.
Version 2 adds structural features no name carries (``structure.py``: a function calling itself, swaps
of indexed elements, nested loops), and the first and last four letters of long one-piece identifiers
(``quicksort``, ``urlopen``, ``tojson``), whose parts neither case nor underscores reveal. Version 3
reads every structural fact of the syntax tree (``%`` and bit operators, ``yield``, ``try``, closures,
a call to itself inside a loop, ``grid[i][j]``, halving, ...) and the pairs of facts that point at an
algorithm (a function calling itself that swaps elements), each counted in the mean of the embeddings
as ``structure_share`` of the word features (at least ``structure_weight`` times), so a few facts weigh
the same in a five-line function as in a forty-line one instead of being drowned by the words.
Version 4 adds the verdicts of the evidence rules (``rules.py``: ``import heapq``, ``@Entity``,
``DbContext``, ...) as features weighed like the facts: the rules know application libraries that
library code, the training corpus, seldom uses, and the model learns how far to trust each of them.
Version 5 adds a loop stepping by a variable (``j += i``, ``range(i * i, n, i)``), its pair with
nested loops, and a loop stepping by its outer loop's variable (a sieve marking multiples).
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from lsp_server.engine.tagger.rules import weak_labels
from lsp_server.engine.tagger.structure import structure_features

HASH_V1 = "crc32-words-v1"
HASH_V2 = "crc32-words-v2"
HASH_V3 = "crc32-words-v3"
HASH_V4 = "crc32-words-v4"
HASH_NAME = "crc32-words-v5"
HASH_NAMES = (HASH_V1, HASH_V2, HASH_V3, HASH_V4, HASH_NAME)
TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[^\sA-Za-z0-9_]")
PIECE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
AFFIX, AFFIX_FROM = 4, 7  # "quicksort" -> "quic", "sort": compounds that case and underscores do not split


@dataclass(frozen=True)
class TagFeatureSpec:
    """Preprocessing parameters; stored in the manifest so serving matches training."""

    bucket_bits: int = 18
    max_chars: int = 8192
    hash: str = HASH_NAME
    structure_weight: int = 1
    """How many times each structural feature counts at least (version 3)."""
    structure_share: float = 0.0
    """How many times each structural feature counts, as a share of the snippet's other features (version 3)."""

    @property
    def extended(self) -> bool:
        """Version 2 features and later: structure and name affixes on top of version 1's words and pairs."""
        return self.hash != HASH_V1

    @property
    def every_fact(self) -> bool:
        """Version 3 features and later: every structural fact and the conjunctions of facts."""
        return self.hash in (HASH_V3, HASH_V4, HASH_NAME)

    @property
    def reads_rules(self) -> bool:
        """Version 4 features and later: the evidence rules' verdicts."""
        return self.hash in (HASH_V4, HASH_NAME)

    @property
    def reads_strides(self) -> bool:
        """Version 5 features: loops that step by a variable, and by an outer loop's variable."""
        return self.hash == HASH_NAME

    @property
    def buckets(self) -> int:
        return 1 << self.bucket_bits

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TagFeatureSpec:
        spec = cls(
            bucket_bits=int(data["bucket_bits"]),
            max_chars=int(data["max_chars"]),
            hash=str(data.get("hash", HASH_V2)),
            structure_weight=int(data.get("structure_weight", 1)),
            structure_share=float(data.get("structure_share", 0.0)),
        )
        if spec.hash not in HASH_NAMES:
            raise ValueError(f"unsupported feature hash {spec.hash!r}; expected one of {HASH_NAMES}")
        if spec.structure_weight < 1 or not 0.0 <= spec.structure_share < 1.0:
            raise ValueError(f"structure_weight {spec.structure_weight}, structure_share {spec.structure_share}")
        return spec


def feature_strings(text: str, language: str, spec: TagFeatureSpec) -> list[str]:
    """The feature strings of a snippet, before hashing (kept separate so tests can read them)."""
    text = text[: spec.max_chars]
    tokens = TOKEN.findall(text)
    out = [f"lang:{language}"]
    for token in tokens:
        if token[0].isalpha() or token[0] == "_":
            lowered = token.lower()
            out.append(f"w:{lowered}")
            pieces = PIECE.findall(token)
            if len(pieces) > 1:
                out.extend(f"p:{piece.lower()}" for piece in pieces)
            elif spec.extended and len(lowered) >= AFFIX_FROM:
                out.extend((f"a:{lowered[:AFFIX]}", f"z:{lowered[-AFFIX:]}"))
    lowered_tokens = [t.lower() for t in tokens]
    out.extend(f"b:{a} {b}" for a, b in itertools.pairwise(lowered_tokens))
    if spec.extended:
        repeats = max(spec.structure_weight, round(spec.structure_share * len(out)))
        evidence = structure_features(text, language, every_fact=spec.every_fact, stride=spec.reads_strides)
        if spec.reads_rules:
            evidence += [f"r:{tag}" for tag in sorted(weak_labels(text, language))]
        out.extend(evidence * repeats)
    return out


def word_ids(text: str, language: str, spec: TagFeatureSpec) -> np.ndarray:
    """Bucket ids (int64) of the snippet's features; never empty (the language feature is always there)."""
    mask = spec.buckets - 1
    strings = feature_strings(text, language, spec)
    return np.fromiter((zlib.crc32(s.encode("utf-8")) & mask for s in strings), dtype=np.int64, count=len(strings))
