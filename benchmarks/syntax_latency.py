"""What the syntax layer costs a hover: parsing a document, choosing the snippet under the cursor, and
the server's import and grammar loading.

    python benchmarks/syntax_latency.py

Documents: real source files of several languages (this repository's own, and the Python standard
library), cut or repeated to 40 and 400 lines. Per document size and language: the time to parse a
new document from scratch (``Document.parse``), to parse it again after one character was typed
(the server keeps the previous version's tree, so an edit is parsed incrementally; it does this once
per version, on the first request after an edit), and to choose the hover snippet at a random line (``for_hover``),
with the syntax tree and, for comparison, with the block-of-lines rule that languages without a
grammar keep. One thread; the medians and 95th percentiles of many repetitions.
"""

from __future__ import annotations

import argparse
import inspect
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lsp_server.engine.syntax import LANGUAGES  # noqa: E402
from lsp_server.server.snippets import Document, for_hover  # noqa: E402

SOURCES = {
    "python": lambda: inspect.getsource(__import__("argparse")).split("\n\n\nclass ", 1)[1],
    "typescript": lambda: (ROOT / "editors/vscode/src/serverController.ts").read_text(),
    "lua": lambda: (ROOT / "editors/neovim/lua/snippet_lens/init.lua").read_text(),
    "rust": lambda: (ROOT / "editors/zed/extension/src/lib.rs").read_text(),
}
SIZES = (40, 400)


def lines_of(text: str, count: int) -> str:
    """About ``count`` lines of whole top-level units: the file repeated, cut after a blank line that
    comes before a line starting at the left margin (so the document parses as it would in an editor)."""
    lines = text.splitlines()
    while len(lines) < count + 1:
        lines += text.splitlines()
    cuts = [i for i in range(1, count + 1) if not lines[i - 1].strip() and lines[i][:1] not in ("", " ", "\t", "}")]
    cut = cuts[-1] if cuts and cuts[-1] >= 0.6 * count else count
    return "\n".join(lines[:cut]) + "\n"


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        out.append((time.perf_counter() - began) * 1000)
    return out


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {"median": statistics.median(ordered), "p95": ordered[int(0.95 * (len(ordered) - 1))]}


def hover_costs(language: str, text: str, repeat: int) -> dict[str, object]:
    path = {"python": "a.py", "typescript": "a.ts", "lua": "a.lua", "rust": "a.rs"}[language]
    with_tree = Document.parse(text, f"/src/{path}", language)
    without = Document(with_tree.index, f"/src/{path}", "plaintext")  # no tree: the block rule
    rng = random.Random(0)
    offsets = [with_tree.index.starts[rng.randrange(with_tree.index.line_count - 1)] + 2 for _ in range(repeat)]
    cursor = iter(offsets * 2)
    word_ends = [i for i in range(1, len(text)) if text[i - 1].isalnum() and not text[i].isalnum()]
    edits = iter([rng.choice(word_ends) for _ in range(repeat)])

    def reparse_after_typing() -> None:  # a letter typed at the end of a word
        at = next(edits)
        Document.parse(text[:at] + "x" + text[at:], f"/src/{path}", language, previous=with_tree)

    return {
        "lines": with_tree.index.line_count - 1,
        "parse": summary(timed(lambda: Document.parse(text, f"/src/{path}", language), max(20, repeat // 10))),
        "reparse after typing a character": summary(timed(reparse_after_typing, max(20, repeat // 10))),
        "index only": summary(timed(lambda: Document.parse(text, None, "plaintext"), max(20, repeat // 10))),
        "select (tree)": summary(timed(lambda: for_hover(with_tree, next(cursor), None, 200), repeat)),
        "select (block rule)": summary(timed(lambda: for_hover(without, next(cursor), None, 200), repeat)),
    }


def import_costs() -> dict[str, float]:
    """Fresh interpreters: importing the server with the syntax layer, and loading every grammar."""
    code = (
        "import time; t = time.perf_counter(); import lsp_server.server; t1 = time.perf_counter();"
        "from lsp_server.engine.syntax import LANGUAGES, parse; parse('x = 1', 'python'); t2 = time.perf_counter();"
        "from lsp_server.engine.syntax.grammars import grammar;"
        "[grammar(name) for name in sorted(LANGUAGES) + ['tsx', 'php-only']]; t3 = time.perf_counter();"
        "import sys; print((t1 - t) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, 'tree_sitter' in sys.modules)"
    )
    tree_sitter_import = (
        "import time; t = time.perf_counter(); import tree_sitter; print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
        for _ in range(5)
    ]
    alone = [
        float(
            subprocess.run(
                [sys.executable, "-c", tree_sitter_import], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return {
        "import lsp_server.server (tree_sitter included)": statistics.median(float(r[0]) for r in runs),
        "of which import tree_sitter alone": statistics.median(alone),
        "first parse (loads the Python grammar)": statistics.median(float(r[1]) for r in runs),
        "load every other grammar": statistics.median(float(r[2]) for r in runs),
    }


def installed_size() -> dict[str, float]:
    import tree_sitter

    packages = Path(tree_sitter.__file__).parents[1]
    total = sum(f.stat().st_size for d in packages.glob("tree_sitter*") if d.is_dir() for f in d.rglob("*"))
    return {"installed MB (tree_sitter and grammar packages)": total / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    results: dict[str, object] = {"grammars": len(LANGUAGES)}
    for language, source in SOURCES.items():
        for size in SIZES:
            results[f"{language} {size} lines"] = hover_costs(language, lines_of(source(), size), args.repeat)
    results["start-up"] = import_costs()
    results["size"] = installed_size()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
