"""Structural evidence no single name carries: a function that calls itself, a hand-written sort.

Shared by the tagger's features (serving and training) and the evidence rules (``rules.py``).
Where the language has a grammar the facts come from the syntax tree (``lsp_server.engine.syntax.facts``);
the regular expressions below answer for the languages without one.
"""

from __future__ import annotations

import re

from lsp_server.engine import syntax
from lsp_server.engine.syntax.facts import STRIDE_ANYWHERE, Facts, facts, stepped_by

FUNCTION_DEF = re.compile(
    r"^[ \t]*(?:def|fn|func|function|fun|sub|proc)\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)\s*[(<\[]"
    r"|^[ \t]*(?:[\w:<>,\*&\[\]]+[ \t]+)+\**([A-Za-z_]\w*)\s*\([^;{}]*\)\s*(?:const\s*)?\{?\s*$"
    r"|^[ \t]*(?:const|let|var)\s+([A-Za-z_]\w*)\s*=\s*(?:async\s*)?(?:\([^)]*\)|\w+)\s*=>"
    r"|^[ \t]*([A-Za-z_][\w.]*)\s*(?:<-|=)\s*function\s*\(",  # R
    re.MULTILINE,
)
KEYWORDS = {"if", "for", "while", "switch", "return", "catch", "sizeof", "elif", "else", "main", "new", "with"}
# Each pattern starting with a run of word characters begins at a word boundary: without it a long
# run of them (minified code, a base64 blob) is rescanned from every position, quadratic in its length.
SWAP = re.compile(r"\b(\w+)\[(\w+)\]\s*,\s*\1\[(\w+)\]\s*=\s*\1\[\3\]\s*,\s*\1\[\2\]|\bswap\s*\(|std::swap\(|\.swap\(")
NESTED_LOOP = re.compile(r"\b(for|while)\b[^\n]*\n(?:[^\n]*\n){0,3}?[^\n]*\b(for|while)\b")
LOOP_HEAD = re.compile(r"\bfor\b[ \t(]*(?:(?:int|long|var|let|my|auto)\s+)?\$?(\w+)")
LOOP_STEPS = tuple(
    re.compile(pattern)
    for pattern in (
        r"(?:\+=|-=)\s*\$?(?P<step>\w+)\s*[){]",  # for (j = i * i; j <= n; j += i) / Go's j += i {
        r"\brange\((?:[^,()\n]|\([^()\n]*\))*,(?:[^,()\n]|\([^()\n]*\))*,\s*(?P<step>\w+)\s*\)",  # range(i * i, n, i)
        r"\bstep\s+(?P<step>\w+)\b",  # Kotlin: i * i..n step i
        r",\s*(?P<step>\w+)\s+do\b",  # Lua: for j = i * i, n, i do
    )
)
"""What a ``for`` line steps by; on any line, what :data:`STRIDE_ANYWHERE` finds (Python's
``flags[i * i :: i]``, Rust's ``step_by(i)``, Ruby's ``a.step(n, i)``)."""
MULTIPLES_WITHIN = 4
"""How many lines below a loop's header a loop stepping by its variable is looked for."""
COMPARE_INDEXED = re.compile(r"\b\w+\[\s*\w+\s*\]\s*[<>]=?\s*\w+\[\s*\w+\s*(\+\s*1\s*)?\]")


def recursive_functions(text: str) -> list[str]:
    """Names of functions defined in ``text`` that call themselves."""
    found = []
    matches = list(FUNCTION_DEF.finditer(text))
    for i, match in enumerate(matches):
        name = next((g for g in match.groups() if g), None)
        if not name or name in KEYWORDS:
            continue
        body = text[match.end() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        if match.group(4):
            body = _indented_part(body)
        if re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", body) or re.search(rf"\bself\.{re.escape(name)}\s*\(", body):
            found.append(name)
    return found


def _indented_part(body: str) -> str:
    """The rest of a function's first line and the lines after it up to the first one written at the
    margin (a closing ``}`` aside): R's ``g <- function(a, b) ...`` ends where the script goes on."""
    first, _, rest = body.partition("\n")
    kept = [first]
    for line in rest.split("\n"):
        if line.strip() and not line[0].isspace() and not line.startswith("}"):
            break
        kept.append(line)
    return "\n".join(kept)


def walks_multiples(text: str) -> bool:
    """A loop within a few lines of another one's header that steps by the other's variable (``for i
    ...`` then ``for j in range(i * i, n, i)`` or ``j += i``): the multiples of each number, as a sieve
    of primes walks them. Line by line, so that no pattern backtracks across lines."""
    if "for" not in text:
        return False
    lines = text.split("\n")
    steps = [_stepped_by(line) if "for" in line or "::" in line or ".step" in line else set() for line in lines]
    for number, line in enumerate(lines):
        head = LOOP_HEAD.search(line) if "for" in line else None
        below = steps[number + 1 : number + 1 + MULTIPLES_WITHIN]
        if head is not None and any(head.group(1) in found for found in below):
            return True
    return False


def _stepped_by(line: str) -> set[str]:
    return stepped_by(line, (*LOOP_STEPS, *STRIDE_ANYWHERE) if LOOP_HEAD.search(line) else STRIDE_ANYWHERE)


def looks_like_hand_sort(text: str) -> bool:
    """Swaps of indexed elements inside nested loops that compare neighbours: a hand-written sort."""
    return bool(SWAP.search(text) and NESTED_LOOP.search(text) and COMPARE_INDEXED.search(text))


TAGGER_V2_FACTS = ("s:self-call", "s:swap", "s:nested-loop", "s:compare-indexed")
"""The facts version 2 of the tagger's features was trained on."""

CONJUNCTIONS = (
    ("s:self-call", "s:compare-indexed"),  # merge sort, recursive binary search
    ("s:self-call", "s:swap"),  # quicksort, heapify, permutations by swapping
    ("s:self-call", "s:halving"),  # divide and conquer: merge sort, binary search, fast power
    ("s:self-call", "s:modulo"),  # gcd, digit sums, base conversion
    ("s:nested-loop", "s:modulo"),  # trial division, primes, number puzzles
    ("s:nested-loop", "s:compare-indexed"),  # bubble, insertion and selection sort
    ("s:nested-loop", "s:swap"),  # sorting in place
    ("s:nested-loop", "s:nested-index"),  # dynamic-programming tables, matrix products, grids
    ("s:loop", "s:bitwise"),  # counting bits, checksums, bit sets
    ("s:loop", "s:halving"),  # iterative binary search, binary exponentiation
    ("s:nested-loop", "s:stride"),  # a sieve marking multiples (version 5: only then is there a stride)
)
"""Pairs of facts that together say more than apart: each pair that holds is a feature of its own
in version 3 (``c:self-call+compare-indexed``)."""


def structure_features(
    text: str, language: str | None = None, every_fact: bool = False, stride: bool = False
) -> list[str]:
    """Feature strings for the structural evidence found in ``text``: from its syntax tree when
    ``language`` has a grammar (only the version 2 facts unless ``every_fact``), else from patterns.
    With ``every_fact`` (version 3) also ``s:loop`` and the :data:`CONJUNCTIONS` that hold; with
    ``stride`` (version 5) also ``s:stride`` and ``s:multiples``."""
    tree = syntax.parse_snippet(text, language) if syntax.has_grammar(language) else None
    if tree is not None:
        found = tree_facts(facts(tree), stride) if every_fact else facts(tree).feature_strings()
        return with_conjunctions(found) if every_fact else [fact for fact in found if fact in TAGGER_V2_FACTS]
    out = []
    if recursive_functions(text):
        out.append("s:self-call")
    if SWAP.search(text):
        out.append("s:swap")
    if NESTED_LOOP.search(text):
        out.append("s:nested-loop")
    if COMPARE_INDEXED.search(text):
        out.append("s:compare-indexed")
    return with_conjunctions(out) if every_fact else out


def tree_facts(found: Facts, stride: bool = False) -> list[str]:
    """Every fact of the tree (``s:stride`` and ``s:multiples`` only with ``stride``), and ``s:loop`` for a
    loop at any depth.
    ``s:self-call`` is the strict fact (``calls_itself``, as the weak labeler's patterns see recursion):
    counting a ``close`` that calls ``self.file.close()`` would teach the model that calling itself says little."""
    left_out = {"s:self-call", "s:calls-itself"} | (set() if stride else {"s:stride", "s:multiples"})
    strings = [s for s in found.feature_strings() if s not in left_out]
    return [*(["s:self-call"] if found.calls_itself else []), *strings, *(["s:loop"] if found.loop_depth else [])]


def with_conjunctions(found: list[str]) -> list[str]:
    """``found`` and a ``c:a+b`` feature for each of the :data:`CONJUNCTIONS` it holds (a nested loop is a loop)."""
    present = set(found) | ({"s:loop"} if "s:nested-loop" in found else set())
    pairs = [f"c:{a[2:]}+{b[2:]}" for a, b in CONJUNCTIONS if a in present and b in present]
    return [*found, *pairs]
