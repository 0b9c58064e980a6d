"""Validate the hand-labeled tagger evaluation set against the taxonomy and print its counts.

Usage: python models/tagger/check_eval.py [--markdown]

The set has two parts, each in its own file and reported separately (see PARTS): part one,
eval/snippets.jsonl (ids "<language>-NNN"), and part two, eval/algorithms_and_apps.jsonl
(ids "<language>-aNNN").

Checks: the taxonomy parses, tag ids are unique kebab-case with a description and 2-4 examples;
every snippet line is a JSON object with id/language/text/tags, ids are unique across both parts
and shaped as the part requires, languages are engine language ids, texts are non-empty and unique
across both parts, tags are known and not repeated; each part has its minimum number of snippets,
languages and (part one) snippets per tag. Exits 1 with the list of problems if any check fails.
Standard library only (Python 3.11+).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent
TAXONOMY = HERE / "taxonomy.toml"
SNIPPETS = HERE / "eval" / "snippets.jsonl"
ALGORITHMS_AND_APPS = HERE / "eval" / "algorithms_and_apps.jsonl"

MIN_SNIPPETS = 400
MIN_LANGUAGES = 12
MIN_PER_TAG = 3


@dataclass(frozen=True)
class Part:
    name: str
    path: Path
    id_suffix: str  # regex for the id after "<language>-"
    id_shape: str  # the same, for messages
    min_snippets: int
    min_languages: int
    min_per_tag: int


PARTS = (
    Part("part one", SNIPPETS, r"\d{3,}", "NNN", MIN_SNIPPETS, MIN_LANGUAGES, MIN_PER_TAG),
    Part("part two", ALGORITHMS_AND_APPS, r"a\d{3,}", "aNNN", 150, 15, 0),
)

# The engine's language ids (VS Code identifiers), as in lsp_server/engine/langid/names.py.
LANGUAGES = frozenset((
    "python", "javascript", "typescript", "java", "c", "cpp", "csharp", "go", "rust", "ruby", "php",
    "swift", "kotlin", "scala", "haskell", "ocaml", "fsharp", "lua", "perl", "r", "julia", "dart",
    "elixir", "erlang", "clojure", "lisp", "scheme", "shellscript", "powershell", "bat", "sql", "html",
    "css", "json", "yaml", "toml", "xml", "ini", "markdown", "dockerfile", "makefile", "fortran",
    "matlab", "objective-c", "groovy", "vb", "pascal", "prolog", "cobol", "zig", "nim", "asm",
))

KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def load_taxonomy(errors: list[str]) -> list[str]:
    data = tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
    ids: list[str] = []
    for i, tag in enumerate(data.get("tag", [])):
        tid = tag.get("id", "")
        if not KEBAB.match(tid):
            errors.append(f"taxonomy tag #{i}: bad id {tid!r}")
        if tid in ids:
            errors.append(f"taxonomy: duplicate id {tid}")
        if not str(tag.get("description", "")).strip():
            errors.append(f"taxonomy {tid}: missing description")
        if not 2 <= len(tag.get("examples", [])) <= 4:
            errors.append(f"taxonomy {tid}: needs 2-4 examples")
        ids.append(tid)
    return ids


def load_snippets(part: Part, tag_ids: set[str], errors: list[str],
                  seen_ids: set[str], seen_texts: set[str]) -> list[dict]:
    """Rows of one part; seen_ids and seen_texts are shared by the parts, so both stay unique overall."""
    rows: list[dict] = []
    if not part.path.is_file():
        errors.append(f"{part.name}: missing file {part.path.name}")
        return rows
    for n, line in enumerate(part.path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{part.path.name} line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict) or set(row) != {"id", "language", "text", "tags"}:
            errors.append(f"{part.path.name} line {n}: expected exactly the keys id, language, text, tags")
            continue
        sid, lang, text, tags = row["id"], row["language"], row["text"], row["tags"]
        if lang not in LANGUAGES:
            errors.append(f"{sid}: unknown language {lang!r}")
        if not re.fullmatch(re.escape(str(lang)) + "-" + part.id_suffix, str(sid)):
            errors.append(f"{part.path.name} line {n}: id {sid!r} is not '<language>-{part.id_shape}'")
        if sid in seen_ids:
            errors.append(f"{sid}: duplicate id")
        seen_ids.add(sid)
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{sid}: empty text")
        elif text in seen_texts:
            errors.append(f"{sid}: duplicate text")
        seen_texts.add(text)
        if not isinstance(tags, list) or len(set(tags)) != len(tags):
            errors.append(f"{sid}: tags must be a list without repeats")
            continue
        for t in tags:
            if t not in tag_ids:
                errors.append(f"{sid}: unknown tag {t!r}")
        rows.append(row)
    return rows


def table(counter: Counter, head: tuple[str, str], markdown: bool) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if markdown:
        lines = [f"| {head[0]} | {head[1]} |", "|---|---:|"]
        lines += [f"| `{k}` | {v} |" for k, v in items]
    else:
        width = max(len(k) for k in counter) if counter else 0
        lines = [f"{k:<{width}}  {v:>4}" for k, v in items]
    return "\n".join(lines)


def report(part: Part, rows: list[dict], tag_ids: list[str], errors: list[str], markdown: bool) -> None:
    """Check the part's minimums and print its counts."""
    per_lang = Counter(r["language"] for r in rows)
    per_tag = Counter({t: 0 for t in tag_ids})
    per_tag.update(t for r in rows for t in r["tags"])
    empty = sum(1 for r in rows if not r["tags"])
    n_labels = sum(len(r["tags"]) for r in rows)

    if len(rows) < part.min_snippets:
        errors.append(f"{part.name}: only {len(rows)} snippets (need >= {part.min_snippets})")
    if len(per_lang) < part.min_languages:
        errors.append(f"{part.name}: only {len(per_lang)} languages (need >= {part.min_languages})")
    for t, c in per_tag.items():
        if c < part.min_per_tag:
            errors.append(f"{part.name}: tag {t} has {c} snippets (need >= {part.min_per_tag})")

    print(f"\n== {part.name}: {part.path.name} ==")
    print(f"snippets: {len(rows)} in {len(per_lang)} languages; {n_labels} labels "
          f"({n_labels / max(len(rows), 1):.2f} per snippet); {empty} with no tag; "
          f"{sum(1 for c in per_tag.values() if c)} tags used")
    print("\nPer language:\n" + table(per_lang, ("language", "snippets"), markdown))
    print("\nPer tag:\n" + table(per_tag, ("tag", "snippets"), markdown))


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    errors: list[str] = []
    tag_ids = load_taxonomy(errors)
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    loaded = [(part, load_snippets(part, set(tag_ids), errors, seen_ids, seen_texts)) for part in PARTS]

    print(f"taxonomy: {len(tag_ids)} tags")
    for part, rows in loaded:
        report(part, rows, tag_ids, errors, markdown)
    total = sum(len(rows) for _, rows in loaded)
    languages = {r["language"] for _, rows in loaded for r in rows}
    print(f"\nboth parts: {total} snippets in {len(languages)} languages "
          f"({' + '.join(str(len(rows)) for _, rows in loaded)})")
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
