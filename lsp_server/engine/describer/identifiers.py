"""Compound identifiers written as the words of a sentence: ``getUserName`` -> ``get user name``.

A summary says "Returns the user name" where the code says ``getUserName``; split into lowercase
words, the identifier holds the very tokens the summary uses, so the describer can copy them
instead of first learning that ``User`` and `` user`` mean the same. Single-word identifiers
(``self``, ``JSON``, ``__init__``) are left as they are.
"""

from __future__ import annotations

import re

IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
WORD = re.compile(r"(?:[A-Z]+(?![a-z])|[A-Z]?[a-z]+)[0-9]*|[0-9]+")


def split_identifiers(code: str) -> str:
    return IDENTIFIER.sub(_words, code)


def _words(match: re.Match[str]) -> str:
    words = WORD.findall(match.group())
    return " ".join(word.lower() for word in words) if len(words) > 1 else match.group()
