"""Held-out functions with the documented code around them, as in an editor with the project open.

For a function of a validation or test package, its "open project" is the other documented functions
of the same package in the same directory (at most ``MAX_FUNCTIONS``, the function itself and others
of the same name left out): what the server's workspace exemplars would hold with a few of the
package's files open. Every held-out function is documented (that is how pairs are mined), while in
the packages' files about one function in five is (``evaluate.py --corpus``); ``documented_share``
keeps only that share of the neighbours, chosen by a hash, to see what a sparsely documented
project gives.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections import defaultdict
from pathlib import Path

from lsp_server.engine.describer.exemplars import WORKSPACE, Exemplar, ExemplarIndex

MAX_FUNCTIONS = 300


class Projects:
    def __init__(self, pairs: Path, split: str, documented_share: float = 1.0) -> None:
        self._rows: dict[tuple[str, str], list[dict]] = defaultdict(list)
        with pairs.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["split"] == split and kept(row, documented_share):
                    self._rows[key(row)].append(row)
        self._indexes: dict[tuple[str, str], ExemplarIndex] = {}

    def exemplar(self, row: dict) -> Exemplar | None:
        """The function's nearest documented neighbour in its project, itself excluded."""
        where = key(row)
        if where not in self._indexes:
            rows = self._rows[where][:MAX_FUNCTIONS]
            self._indexes[where] = ExemplarIndex.build(((r["code"], r["summary"], r["name"]) for r in rows), WORKSPACE)
        return self._indexes[where].nearest(row["code"], exclude_name=row["name"])


def kept(row: dict, share: float) -> bool:
    if share >= 1.0:
        return True
    digest = hashlib.sha1(f"{row['package']}:{row['path']}:{row['line']}".encode()).digest()
    return int.from_bytes(digest[:4], "big") < share * 2**32


def key(row: dict) -> tuple[str, str]:
    return row["package"], posixpath.dirname(row["path"])
