"""Training rows from algorithm collections, labeled by where each file sits in its package.

Library code seldom says in words what an algorithm does: a sieve never says ``prime``, a knapsack
never says ``dynamic programming``. Packages that collect algorithms file them by concept
(``algorithms/math/primes_sieve_of_eratosthenes.py``, ``src/algorithms/sorting/quick-sort/``), so the
path names the concept its code implements. Each pinned package below is fetched from its registry;
every function in its code files (tests, examples and build output left out) becomes a row labeled
with the concepts its path names (``PATH_TAGS``) plus what the rules see in it, with the incidental
tags and ``recursion`` decided as ``relabel.py`` decides them. Short files count as one row as well.

Rows are marked ``source`` "task"; those of ``VALIDATION`` go to ``validation.jsonl``, the rest to
``train.jsonl``, appended to the data ``relabel.py`` wrote (none of these packages is in the
language-id corpus). Texts of the hand-labeled evaluation set (``--eval``) are left out.

    python models/tagger/task_code.py --cache /work/data/task-code --out /work/data/tagger-about4
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
import textwrap
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
from relabel import about, structural_tags  # noqa: E402
from rules import weak_labels  # noqa: E402

from lsp_server.engine import syntax  # noqa: E402
from lsp_server.engine.syntax import function_name, functions  # noqa: E402
from lsp_server.engine.syntax.units import CLASSES  # noqa: E402

PACKAGES = (
    ("pypi", "algorithms", "1.0.1"),
    ("pypi", "pygorithm", "1.0.4"),
    ("pypi", "algorithms3", "0.1.9"),
    ("pypi", "algorithmselector", "1.1.0"),
    ("pypi", "andz", "0.1.1"),
    ("pypi", "algocraft", "0.2.6"),
    ("pypi", "algosinpy", "0.1.0"),
    ("npm", "javascript-algorithms-and-data-structures", "0.0.4"),
    ("npm", "algorithms", "0.10.0"),
    ("npm", "js-algorithms", "1.9.2"),
)
"""(registry, package, version): algorithm collections whose directories and files name concepts."""

VALIDATION = frozenset({"pypi:pygorithm", "pypi:algosinpy", "npm:js-algorithms"})
"""Packages whose rows validate (thresholds, choices) instead of training."""
EXTENSIONS = {".py": "python", ".js": "javascript", ".ts": "typescript"}
SKIPPED = re.compile(r"(^|/)(tests?|spec|__tests?__|docs?|dist|examples?|playground|utils?|util|common)(/|$)"
                     r"|(^|/)(setup|conftest|__init__|index)\.\w+$|\.(test|spec)\.\w+$|\.min\.js$|\.d\.ts$")
PATH_TAGS = {
    "sort": "sorting", "sorting": "sorting",
    "math": "math", "maths": "math", "mathematical": "math", "numerical": "math",
    "prime": "math", "primes": "math", "sieve": "math", "gcd": "math",
    "lcm": "math", "factorial": "math", "totient": "math", "modular": "math",
    "tree": "trees", "trees": "trees", "trie": "trees", "bst": "trees", "avl": "trees",
    "graph": "graphs", "graphs": "graphs", "pathfinding": "graphs", "dijkstra": "graphs", "bfs": "graphs",
    "dfs": "graphs", "topological": "graphs", "kruskal": "graphs", "prim": "graphs",
    "floyd": "graphs", "warshall": "graphs",
    "dynamic": "dynamic-programming", "dp": "dynamic-programming", "knapsack": "dynamic-programming",
    "bit": "bit-manipulation", "bits": "bit-manipulation",
    "search": "searching", "searching": "searching", "binarysearch": "searching",
    "matrix": "linear-algebra",
    "linked": "linked-lists", "linkedlist": "linked-lists",
    "recursion": "recursion", "hanoi": "recursion", "queens": "backtracking",
    "backtracking": "backtracking", "backtrack": "backtracking", "permutations": "backtracking",
    "stack": "stacks-queues", "stacks": "stacks-queues", "queue": "stacks-queues", "queues": "stacks-queues",
    "deque": "stacks-queues",
    "heap": "heaps", "heaps": "heaps", "priority": "heaps",
    "hash": "hashing", "hashtable": "hashing", "hashtables": "hashing", "bloom": "hashing",
    "compression": "compression", "huffman": "compression",
    "string": "string-manipulation", "strings": "string-manipulation",
    "cryptography": "cryptography", "cryptographic": "cryptography", "crypto": "cryptography",
    "cipher": "cryptography", "rsa": "cryptography", "caesar": "cryptography",
    "statistics": "statistics", "randomized": "random", "ml": "machine-learning", "vision": "image-processing",
    "lru": "caching", "cache": "caching",
}
"""Words of a path (directory and file names split at ``_``, ``-``, ``.``, case changes and digits)
that name a concept of the taxonomy."""
WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
MIN_LINES, WHOLE_FILE_LINES, MAX_LINES = 3, 40, 120


def path_tags(path: str) -> set[str]:
    """The concepts the words of ``path`` name: ``algorithms/dynamic_programming/knapsack.py`` ->
    ``{"dynamic-programming"}``."""
    return {PATH_TAGS[word.lower()] for word in WORD.findall(path) if word.lower() in PATH_TAGS}


def fetch(registry: str, package: str, version: str, cache: Path) -> Path:
    """The unpacked package under ``cache`` (downloaded once)."""
    folder = cache / f"{registry}-{package}-{version}"
    if folder.exists():
        return folder
    download = cache / "downloads" / f"{registry}-{package}-{version}"
    download.mkdir(parents=True, exist_ok=True)
    if registry == "pypi":
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "--no-binary", ":all:",
                        "-d", str(download), f"{package}=={version}"], check=True)
    else:
        subprocess.run(["npm", "pack", "--silent", "--pack-destination", str(download), f"{package}@{version}"],
                       check=True, cwd=download)
    archive = next(p for p in download.iterdir() if p.name.endswith((".tar.gz", ".tgz")))
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder


def code_files(root: Path) -> list[tuple[str, str, str]]:
    """(path inside the package, language, text) of each code file worth learning from."""
    out = []
    for path in sorted(root.rglob("*")):
        relative = "/".join(path.relative_to(root).parts[1:])  # below the archive's top folder
        if path.suffix in EXTENSIONS and path.is_file() and not SKIPPED.search(relative):
            out.append((relative, EXTENSIONS[path.suffix], path.read_text(encoding="utf-8", errors="replace")))
    return out


def snippets(text: str, language: str) -> list[str]:
    """The file when it is short, and each outermost function of ``MIN_LINES`` to ``MAX_LINES`` lines."""
    lines = text.splitlines()
    out = ["\n".join(lines)] if MIN_LINES <= len(lines) <= WHOLE_FILE_LINES else []
    tree = syntax.parse(text, language)
    if tree is None:
        return out
    found = functions(tree)
    spans = [(node.start_point[0], node.end_point[0]) for node in found]
    for first, last in spans:
        inside_another = any(a <= first and last <= b and (a, b) != (first, last) for a, b in spans)
        if not inside_another and MIN_LINES <= last - first + 1 <= MAX_LINES:
            out.append(textwrap.dedent("\n".join(lines[first:last + 1])))
    return out


def label(text: str, language: str, concepts: set[str]) -> list[str]:
    """The path's concepts and the rules' tags, incidental ones, recursion and multiples decided as
    ``relabel`` does."""
    row = {"text": text, "language": language, "tags": sorted(weak_labels(text, language))}
    return sorted(set(about(row, set(), 2, structural_tags((text, language)))) | concepts)


NEUTRAL_FUNCTIONS = ("f", "g", "h", "run", "step", "go", "solve", "work")
NEUTRAL_CLASSES = ("Thing", "Item", "Box", "Holder")


def without_names(text: str, language: str) -> str | None:
    """``text`` with its comments and docstrings removed and the functions and classes it defines
    renamed to names that say nothing (``f``, ``g``, ``Thing``; methods keep theirs: ``push`` and
    ``pop`` are what a stack is, in any code), or None when nothing changes: the
    same algorithm as users select it from their own code, where a sieve is ``marks(n)``. Rows
    written this way teach the model the structure and the words inside the code, not the name."""
    tree = syntax.parse(text, language)
    if tree is None:
        return None
    cuts = sorted((node.start_byte, node.end_byte) for node in tree.walk() if _commentary(node))
    data, kept, last = tree.data, [], 0
    for start, end in cuts:
        if start >= last:
            kept.append(data[last:start])
            last = end
    plain = (b"".join(kept) + data[last:]).decode("utf-8", errors="replace")
    plain = "\n".join(line for line in plain.splitlines() if line.strip())
    classes = CLASSES.get(language, frozenset())
    defined = {
        name for unit in functions(tree) if not _in_class(unit, classes) and (name := function_name(tree, unit))
    }
    declared = {
        tree.node_text(name)
        for node in tree.walk()
        if node.type in classes and (name := node.child_by_field_name("name")) is not None
    }
    words = set(re.findall(r"\w+", plain))
    for names, neutral in ((sorted(defined, key=len, reverse=True), NEUTRAL_FUNCTIONS),
                           (sorted(declared, key=len, reverse=True), NEUTRAL_CLASSES)):
        free = [candidate for candidate in neutral if candidate not in words]
        for name, replacement in zip(names, free, strict=False):
            if name.isidentifier() and len(name) > 1:
                plain = re.sub(rf"(?<![\w$]){re.escape(name)}(?!\w)", replacement, plain)
    return plain if normalized(plain) != normalized(text) else None


def _in_class(node, classes: frozenset[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in classes:
            return True
        parent = parent.parent
    return False


def _commentary(node) -> bool:
    """A comment, or a string that is a statement of its own (a docstring)."""
    if "comment" in node.type:
        return True
    parent = node.parent
    return node.type == "string" and parent is not None and parent.type == "expression_statement" and (
        parent.named_child_count == 1
    )


def normalized(text: str) -> str:
    return " ".join(text.split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/work/data/task-code"))
    parser.add_argument("--out", type=Path, required=True, help="the data folder to append the rows to")
    parser.add_argument("--eval", type=Path, nargs="*", default=sorted((HERE / "eval").glob("*.jsonl")),
                        help="hand-labeled snippets no row may repeat")
    parser.add_argument("--hide-names", action="store_true",
                        help="also write each row without comments and with its functions and classes renamed")
    args = parser.parse_args()
    held_out = {normalized(json.loads(line)["text"]) for path in args.eval for line in path.open(encoding="utf-8")}
    seen: set[str] = set()
    counts: Counter = Counter()
    handles = {split: (args.out / f"{split}.jsonl").open("a", encoding="utf-8") for split in ("train", "validation")}
    for registry, package, version in PACKAGES:
        name = f"{registry}:{package}"
        split = "validation" if name in VALIDATION else "train"
        for relative, language, text in code_files(fetch(registry, package, version, args.cache)):
            concepts = path_tags(relative)
            for snippet in snippets(text, language):
                key = normalized(snippet)
                if key in seen or key in held_out:
                    counts["shared with the evaluation set" if key in held_out else "repeated"] += 1
                    continue
                seen.add(key)
                tags = label(snippet, language, concepts)
                counts[f"{split}: rows from {name}"] += 1
                counts.update(f"{split}: {tag}" for tag in tags)
                row = {"language": language, "package": name, "text": snippet, "tags": tags, "source": "task",
                       "path": relative}
                handles[split].write(json.dumps(row, ensure_ascii=False) + "\n")
                hidden = without_names(snippet, language) if args.hide_names else None
                if hidden and normalized(hidden) not in held_out and len(hidden.splitlines()) >= MIN_LINES:
                    counts[f"{split}: rows with names hidden"] += 1
                    handles[split].write(json.dumps(row | {"text": hidden, "source": "task-hidden"},
                                                    ensure_ascii=False) + "\n")
    for handle in handles.values():
        handle.close()
    print(json.dumps(dict(sorted(counts.items())), indent=1))


if __name__ == "__main__":
    main()
