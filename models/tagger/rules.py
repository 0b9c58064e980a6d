"""The weak labeler of the training data: the evidence rules the engine also reads
(``lsp_server/engine/tagger/rules.py``), and the taxonomy they emit."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from lsp_server.engine.tagger.rules import (  # noqa: F401
    RULES,
    RULES_VERSION,
    alternatives,
    prefilter,
    required_literals,
    weak_labels,
)

COMPILED = [(tag, re.compile(pattern, re.MULTILINE), languages, prefilter(pattern))
            for tag, pattern, languages in RULES]
"""Each rule whole: the relabeling counts its matches (the engine searches the rules split)."""


def taxonomy_ids() -> list[str]:
    with (Path(__file__).with_name("taxonomy.toml")).open("rb") as handle:
        return [tag["id"] for tag in tomllib.load(handle)["tag"]]


_UNKNOWN = {tag for tag, _, _ in RULES} - set(taxonomy_ids())
assert not _UNKNOWN, f"rules emit tags missing from taxonomy.toml: {sorted(_UNKNOWN)}"
