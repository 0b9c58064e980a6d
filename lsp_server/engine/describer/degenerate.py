"""Sentences a description must not be: ones that repeat their object ("Get the table for a given
table."), stop on an article or preposition ("Returns the value of the."), or only restate the
function's name ("Unblock project." for ``unblockProject``). The describer asks for other candidates
instead of editing such a sentence into a different claim."""

from __future__ import annotations

import re

from lsp_server.engine.describer.identifiers import split_identifiers

WORD = re.compile(r"[A-Za-z][A-Za-z0-9']*")
DANGLING = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "from",
        "by",
        "at",
        "and",
        "or",
        "into",
        "as",
        "is",
        "its",
        "their",
        "this",
        "that",
        "given",
        "specified",
        "new",
    }
)
FILLER = frozenset(
    {
        *DANGLING,
        "given",
        "new",
        "specified",
        "get",
        "gets",
        "return",
        "returns",
        "set",
        "sets",
        "create",
        "creates",
        "make",
        "makes",
        "value",
        "values",
        "function",
        "method",
        "instance",
        "object",
        "current",
        "all",
        "if",
        "be",
        "will",
        "are",
        "it",
        "an",
    }
)
DEFINITION = re.compile(
    r"^\s*(?:(?:async\s+)?def|func|fn|function|fun|sub|public|private|protected|static)\b"
    r"[^\n(]*?\b([A-Za-z_]\w*)\s*[(<]",
    re.MULTILINE,
)


def is_degenerate(sentence: str, code: str) -> bool:
    """Whether ``sentence`` says nothing about ``code`` beyond its name, or is malformed."""
    words = _words(sentence)
    if not words:
        return False  # no English words to judge
    if words[-1] in DANGLING:
        return True
    content = _content(words)
    stems = [stem(word) for word in content]
    if len(stems) != len(set(stems)):
        return True  # "the query for a given query", "a node in a list of nodes"
    return bool(content) and _only_the_name(content, code)


def unfinished(sentence: str, code: str) -> bool:
    """Whether more words could still make ``sentence`` acceptable: it stops on an article or
    preposition, or so far only restates the function's name ("Writes a long" for ``writeLong``)."""
    words = _words(sentence)
    return not words or words[-1] in DANGLING or _only_the_name(_content(words), code)


def _words(sentence: str) -> list[str]:
    return [word.lower() for word in WORD.findall(sentence)]


def _content(words: list[str]) -> list[str]:
    return [word for word in words if word not in FILLER and len(word) > 2]


def _only_the_name(content: list[str], code: str) -> bool:
    name = function_name(code)
    return name is not None and set(content) <= name_words(name)


def repeats_content(sentence: str, word: str) -> bool:
    """Whether ``word``, written next, would repeat a content word ``sentence`` already has."""
    word = word.lower()
    if word in FILLER or len(word) <= 2 or not word.isalpha():
        return False
    return stem(word) in {stem(w) for w in _words(sentence)}


def stem(word: str) -> str:
    """A plural and its singular count as one word."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def function_name(code: str) -> str | None:
    match = DEFINITION.search(code)
    return match.group(1) if match else None


def name_words(name: str) -> set[str]:
    words = {word.lower() for word in split_identifiers(name).split()}
    return words | {word + "s" for word in words} | {word.rstrip("s") for word in words}
