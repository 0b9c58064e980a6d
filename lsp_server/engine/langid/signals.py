"""Cheap, strong signals that decide a snippet's language before any model runs.

Order follows Linguist and VS Code: what the text says about itself (Markdown fence info string,
shebang, modeline), then the file name when the snippet is the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsp_server.engine.langid.names import normalize

_FENCE_OPEN = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[ \t]*([^`\s{]*)[^\n]*$")
_SHEBANG = re.compile(r"^#![ \t]*(\S+)(.*)$")
_VIM_MODELINE = re.compile(r"(?:^|\s)(?:vi|vim|ex)\d*:.*?\b(?:ft|filetype|syntax)=([\w+#-]+)")
_EMACS_MODE = re.compile(r"-\*-(?:.*?\bmode:\s*([\w+#-]+)|\s*([\w+#-]+))\s*(?:;.*?)?-\*-", re.IGNORECASE)
_VERSION_SUFFIX = re.compile(r"[\d.]+$")


@dataclass(frozen=True)
class Fence:
    """A Markdown fenced block: its info-string language (if any) and its body."""

    info: str
    body: str


def split_fence(text: str) -> Fence | None:
    """If ``text`` starts with a fence line, return its info string and the code inside."""
    lines = text.strip("\n").split("\n")
    opening = _FENCE_OPEN.match(lines[0]) if lines else None
    if opening is None:
        return None
    marker = opening.group(1)
    body = lines[1:]
    if body and body[-1].strip().startswith(marker[0] * len(marker)):
        body = body[:-1]
    return Fence(info=opening.group(2), body="\n".join(body))


def language_from_shebang(text: str) -> str | None:
    """``#!/usr/bin/env python3`` → ``python``."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0].strip()
    match = _SHEBANG.match(first_line)
    if match is None:
        return None
    program = match.group(1).rsplit("/", 1)[-1]
    if program == "env":
        args = [a for a in match.group(2).split() if not a.startswith("-") and "=" not in a]
        if not args:
            return None
        program = args[0].rsplit("/", 1)[-1]
    return normalize(program) or normalize(_VERSION_SUFFIX.sub("", program))


def language_from_modeline(text: str) -> str | None:
    """Vim (``vim: ft=ruby``) or Emacs (``-*- mode: lisp -*-``) modelines in the first or last lines."""
    lines = text.split("\n")
    for line in lines[:5] + lines[-5:]:
        vim = _VIM_MODELINE.search(line)
        if vim:
            return normalize(vim.group(1))
        emacs = _EMACS_MODE.search(line)
        if emacs:
            return normalize((emacs.group(1) or emacs.group(2) or "").removesuffix("-mode").removesuffix("-ts"))
    return None
