"""Validate the hand-labeled tagger evaluation set against the taxonomy and print its counts.

Usage: python models/tagger/check_eval.py [--markdown]

Checks: the taxonomy parses, tag ids are unique kebab-case with a description and 2-4 examples;
every snippet line is a JSON object with id/language/text/tags, ids are unique and shaped
"<language>-NNN", languages are engine language ids, texts are non-empty and unique, tags are
known and not repeated; at least MIN_SNIPPETS snippets across at least MIN_LANGUAGES languages.
Exits 1 with the list of problems if any check fails. Standard library only (Python 3.11+).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent
TAXONOMY = HERE / "taxonomy.toml"
SNIPPETS = HERE / "eval" / "snippets.jsonl"

MIN_SNIPPETS = 400
MIN_LANGUAGES = 12
MIN_PER_TAG = 3

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


def load_snippets(tag_ids: set[str], errors: list[str]) -> list[dict]:
    rows: list[dict] = []
    seen_ids: set[str] = set()
    seen_texts: set[str] = set()
    for n, line in enumerate(SNIPPETS.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(row, dict) or set(row) != {"id", "language", "text", "tags"}:
            errors.append(f"line {n}: expected exactly the keys id, language, text, tags")
            continue
        sid, lang, text, tags = row["id"], row["language"], row["text"], row["tags"]
        if lang not in LANGUAGES:
            errors.append(f"{sid}: unknown language {lang!r}")
        if not re.fullmatch(re.escape(str(lang)) + r"-\d{3,}", str(sid)):
            errors.append(f"line {n}: id {sid!r} is not '<language>-NNN'")
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


def main(argv: list[str]) -> int:
    markdown = "--markdown" in argv
    errors: list[str] = []
    tag_ids = load_taxonomy(errors)
    rows = load_snippets(set(tag_ids), errors)

    per_lang = Counter(r["language"] for r in rows)
    per_tag = Counter({t: 0 for t in tag_ids})
    per_tag.update(t for r in rows for t in r["tags"])
    empty = sum(1 for r in rows if not r["tags"])
    n_labels = sum(len(r["tags"]) for r in rows)

    if len(rows) < MIN_SNIPPETS:
        errors.append(f"only {len(rows)} snippets (need >= {MIN_SNIPPETS})")
    if len(per_lang) < MIN_LANGUAGES:
        errors.append(f"only {len(per_lang)} languages (need >= {MIN_LANGUAGES})")
    for t, c in per_tag.items():
        if c < MIN_PER_TAG:
            errors.append(f"tag {t} has {c} snippets (need >= {MIN_PER_TAG})")

    print(f"taxonomy: {len(tag_ids)} tags")
    print(f"snippets: {len(rows)} in {len(per_lang)} languages; {n_labels} labels "
          f"({n_labels / max(len(rows), 1):.2f} per snippet); {empty} with no tag")
    print("\nPer language:\n" + table(per_lang, ("language", "snippets"), markdown))
    print("\nPer tag:\n" + table(per_tag, ("tag", "snippets"), markdown))
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
