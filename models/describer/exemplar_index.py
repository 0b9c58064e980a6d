"""Build the exemplar index shipped beside the describer: documented functions of the training split.

Only ``split == "train"`` pairs are read, so no held-out package can guide its own descriptions. A
package gives at most ``--per-package`` functions (evenly over its pairs, in file order), so a few big
packages do not fill the index; words in more than ``--max-share`` of the functions are left out.

    python models/describer/exemplar_index.py --pairs /work/data/describer-v12/pairs.jsonl \\
        --out models/describer/exemplars.npz
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from lsp_server.engine.describer.exemplars import ExemplarIndex  # noqa: E402


def training_functions(pairs: Path, per_package: int) -> list[tuple[str, str, str]]:
    return [(row["code"], row["summary"], row["name"]) for row in training_rows(pairs, per_package)]


def training_rows(pairs: Path, per_package: int) -> list[dict]:
    """At most ``per_package`` training pairs of each package, evenly over its pairs."""
    by_package: dict[str, list[dict]] = defaultdict(list)
    with pairs.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["split"] == "train":
                by_package[row["package"]].append(row)
    chosen = []
    for package in sorted(by_package):
        rows = by_package[package]
        step = max(1.0, len(rows) / per_package)
        chosen += [rows[int(i * step)] for i in range(min(per_package, len(rows)))]
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=HERE / "exemplars.npz")
    parser.add_argument("--per-package", type=int, default=800)
    parser.add_argument("--max-share", type=float, default=0.01)
    args = parser.parse_args()
    functions = training_functions(args.pairs, args.per_package)
    index = ExemplarIndex.build(functions, max_share=args.max_share)
    index.save(args.out)
    size = args.out.stat().st_size / 1e6
    print(f"{len(index)} functions, {len(index.words)} words, {len(index.postings)} postings, {size:.1f} MB")


if __name__ == "__main__":
    main()
