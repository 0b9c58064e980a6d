"""Token arrays with an exemplar beside the code: the summary of the most similar documented function
of another package, for fine-tuning the describer to use it (retrieval-augmented, as Rencos and
REDCODER do).

Reads the arrays ``prepare.py`` wrote and the pairs they came from, and writes the same arrays with
each source rebuilt as ``<language> code </s> exemplar </s>``: the code cut to ``--code-tokens``, the
exemplar ("load config: load the config file from the given path.", its name as words, then its
summary in the model's lowercase opening) to ``--exemplar-tokens``. Exemplars come from the index of
documented training functions (``exemplar_index.py``'s selection) and never from the row's own
package, so the model learns to use code it has not seen, as on held-out packages. A share of
training rows (``--without-share``) keeps the plain source, so the model still describes alone.

    python models/describer/exemplar_arrays.py --pairs /work/data/describer-v12/pairs.jsonl \\
        --data /work/data/describer-v12-lower --out /work/data/describer-v12-exemplars
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import numpy as np
from exemplar_index import training_rows
from prepare import split_rows
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
from lsp_server.engine.describer.describer import exemplar_text  # noqa: E402
from lsp_server.engine.describer.exemplars import ExemplarIndex  # noqa: E402

CANDIDATES = 8
"""Nearest functions looked at to find one from another package."""


class OtherPackages:
    """The index of documented training functions, searched for a function of another package."""

    def __init__(self, pairs: Path, per_package: int, max_share: float) -> None:
        rows = training_rows(pairs, per_package)
        self.packages = [row["package"] for row in rows]
        self.index = ExemplarIndex.build(
            ((row["code"], row["summary"], row["name"]) for row in rows), max_share=max_share
        )

    def nearest(self, code: str, package: str) -> tuple[str, str, float] | None:
        for i, score in self.index.ranked(code, CANDIDATES):
            if self.packages[i] != package:
                return self.index.names[i], self.index.summaries[i], score
        return None


def with_exemplars(
    data: dict[str, np.ndarray],
    tokenizer: Tokenizer,
    exemplars: list[tuple[str, str, float] | None],
    code_tokens: int,
    exemplar_tokens: int,
) -> dict[str, np.ndarray]:
    eos = tokenizer.token_to_id("</s>")
    offsets = data["source_offsets"]
    texts = [exemplar_text(e[0], e[1]) if e else "" for e in exemplars]
    encoded = tokenizer.encode_batch(texts, add_special_tokens=False)
    sources = []
    for i, (exemplar, extra) in enumerate(zip(exemplars, encoded, strict=True)):
        own = data["source"][offsets[i] : offsets[i + 1]]
        source = [*own[: min(len(own) - 1, code_tokens + 1)], eos]
        if exemplar is not None:
            source += [*extra.ids[: exemplar_tokens - 1], eos]
        sources.append(source)
    out = dict(data)
    out["source"] = np.fromiter((t for s in sources for t in s), dtype=np.int32)
    out["source_offsets"] = np.concatenate([[0], np.cumsum([len(s) for s in sources])]).astype(np.int64)
    out["exemplar_similarity"] = np.array([e[2] if e else -1.0 for e in exemplars], dtype=np.float32)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True, help="prepare.py's output for these pairs")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-per-package", type=int, default=3000, help="as given to prepare.py")
    parser.add_argument("--per-package", type=int, default=800, help="indexed functions per package")
    parser.add_argument("--max-share", type=float, default=0.01)
    parser.add_argument("--code-tokens", type=int, default=126)
    parser.add_argument("--exemplar-tokens", type=int, default=32)
    parser.add_argument("--without-share", type=float, default=0.2, help="training rows left without exemplar")
    args = parser.parse_args()
    started = time.time()
    index = OtherPackages(args.pairs, args.per_package, args.max_share)
    print(f"index of {len(index.index)} functions in {time.time() - started:.0f} s", flush=True)
    tokenizer = Tokenizer.from_file(str(args.data / "tokenizer.json"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("tokenizer.json", "preprocessing.json"):
        shutil.copy(args.data / name, args.out / name)
    rng = np.random.default_rng(0)
    for split, rows in split_rows(args.pairs, args.max_per_package).items():
        data = dict(np.load(args.data / f"{split}.npz"))
        if len(data["source_offsets"]) - 1 != len(rows):
            raise SystemExit(f"{split}: {len(rows)} pairs but {len(data['source_offsets']) - 1} prepared rows")
        exemplars = [index.nearest(row["code"], row["package"]) for row in rows]
        if split == "train":
            exemplars = [None if rng.random() < args.without_share else e for e in exemplars]
        out = with_exemplars(data, tokenizer, exemplars, args.code_tokens, args.exemplar_tokens)
        np.savez(args.out / f"{split}.npz", **out)
        found = out["exemplar_similarity"] >= 0
        print(
            f"{split}: {len(rows)} rows, {found.mean():.1%} with an exemplar, median similarity "
            f"{np.median(out['exemplar_similarity'][found]):.3f} ({time.time() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
