"""Labels that say what a snippet is about: a second pass over ``build_dataset.py``'s rows.

- **Incidental syntax**: the rules fire on one ``try`` around a call, one ``printf``, one ``sizeof``;
  a model trained on those labels tags every snippet that touches the syntax. Each incidental tag
  (``INCIDENTAL``) stays on a row when its evidence occurs at least ``--min-evidence`` times in the
  text, or, for a documented function, when its documentation names it (``doc_rules``, on the summary
  in ``--pairs``).
- **Recursion from the syntax tree**: the rules' line patterns take ``for i < len(x) {`` or
  ``super.init(frame)`` for a function calling itself, and miss recursion in a list comprehension. In a
  language with a grammar, ``recursion`` is on a row exactly when a function in it calls itself
  (``own_recursive_functions``: by its bare name or on the object itself), or its documentation says so;
  in one without, when the patterns of ``structure.recursive_functions`` find one as serving does.
- **Multiples from the syntax tree**: ``math`` is added where a loop inside a loop steps by the outer
  loop's variable (``for j in range(i * i, n, i)`` inside ``for i``): a sieve of primes or a sum of
  divisors never says "math", and the rules cannot see it.

Rows left without a tag stay, as snippets that should get none.

    python models/tagger/relabel.py --data /work/data/tagger --pairs /work/data/describer/pairs.jsonl \
        --out /work/data/tagger-about
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from doc_rules import doc_labels  # noqa: E402
from guarded import guarded_map  # noqa: E402
from rules import COMPILED  # noqa: E402

from lsp_server.engine import syntax  # noqa: E402
from lsp_server.engine.syntax.facts import facts  # noqa: E402
from lsp_server.engine.tagger.structure import recursive_functions  # noqa: E402

INCIDENTAL = frozenset({"error-handling", "iterators", "pointers-memory", "string-formatting", "classes",
                        "optionals", "higher-order-functions", "metaprogramming"})
"""Language-feature tags whose evidence is often incidental to what the code does: the five the 1.0.0
model predicted far more often than they apply, and since 1.3.0 the three 1.2.0 did (a ``?? 0`` or an
``Option<T>`` return in a graph search, one ``.map(x => ...)``, one decorator)."""


def evidence_count(text: str, language: str, tag: str) -> int:
    """How many times the rules' evidence for ``tag`` occurs in ``text``."""
    return sum(
        sum(1 for _ in pattern.finditer(text))
        for rule_tag, pattern, languages, _ in COMPILED
        if rule_tag == tag and (languages is None or language in languages)
    )


def about(row: dict, documented: set[str], least: int, structure: frozenset[str] | None) -> list[str]:
    """The row's tags less each incidental one with fewer than ``least`` pieces of evidence that its
    documentation (``documented``) does not name either; ``recursion`` as the structure says
    (``structure``, from ``structural_tags``; None: the snippet never parsed, the rules' label stays) or
    the documentation; ``math`` added where the structure walks multiples."""
    tags = [
        tag for tag in row["tags"]
        if tag not in INCIDENTAL or tag in documented or evidence_count(row["text"], row["language"], tag) >= least
    ]
    if structure is None:
        return tags
    tags = [tag for tag in tags if tag != "recursion"]
    if "recursion" in structure or "recursion" in documented:
        tags.append("recursion")
    if "math" in structure and "math" not in tags:
        tags.append("math")
    return sorted(tags)


def structural_tags(pair: tuple[str, str]) -> frozenset[str]:
    """``recursion`` when a function in the snippet calls itself (from its syntax tree, or from the line
    patterns where the language has no grammar); ``math`` when a loop inside a loop steps by the outer
    loop's variable, walking the multiples of each number (a sieve, sums of divisors; tree only)."""
    text, language = pair
    tree = syntax.parse(text, language) if syntax.has_grammar(language) else None
    if tree is None:
        return frozenset({"recursion"} if recursive_functions(text) else ())
    found = facts(tree)
    return frozenset(tag for tag, holds in (("recursion", found.calls_itself), ("math", found.multiples)) if holds)


def key(package: str, code: str) -> bytes:
    return hashlib.blake2b(f"{package}\0{code}".encode(), digest_size=12).digest()


def summaries(pairs: Path) -> dict[bytes, str]:
    """Documentation sentence by (package, code) of every documented function."""
    out = {}
    with pairs.open(encoding="utf-8") as handle:
        for line in handle:
            pair = json.loads(line)
            out[key(pair["package"], pair["code"])] = pair["summary"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/data/tagger"))
    parser.add_argument("--pairs", type=Path, default=Path("/work/data/describer/pairs.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("/work/data/tagger-about"))
    parser.add_argument("--min-evidence", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    docs = summaries(args.pairs)
    counts: Counter = Counter()
    for split in ("train", "validation"):
        with (args.data / f"{split}.jsonl").open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle]
        structure = guarded_map(structural_tags, [(row["text"], row["language"]) for row in rows])
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as out:
            for row, found in zip(rows, structure, strict=True):
                summary = docs.get(key(row["package"], row["text"])) if row["source"] == "function" else None
                kept = about(row, doc_labels(summary) if summary else set(), args.min_evidence, found)
                counts.update(f"{split}:added:{tag}" for tag in set(kept) - set(row["tags"]))
                counts.update(f"{split}:dropped:{tag}" for tag in set(row["tags"]) - set(kept))
                counts.update(f"{split}:{tag}" for tag in kept)
                counts[split] += 1
                out.write(json.dumps(row | {"tags": kept}, ensure_ascii=False) + "\n")
    (args.out / "stats.json").write_text(json.dumps(dict(sorted(counts.items())), indent=1))
    print({k: v for k, v in sorted(counts.items()) if "dropped" in k or "added" in k or ":" not in k})


if __name__ == "__main__":
    main()
