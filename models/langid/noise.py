"""Text that is no programming language, for the model's ``unknown`` class.

Prose (plain paragraphs of the corpus's Markdown files, which carry no Markdown syntax), log lines
in the common formats, and encoded or binary-looking data (base64, hex dumps, UUID and number
lists, random characters). The engine reports this class as ``unknown``.
"""

from __future__ import annotations

import base64
import re
import string

import numpy as np

MARKDOWN_SYNTAX = re.compile(
    r"^\s{0,3}(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||```|~~~|={3,}|-{3,})|\[[^\]\n]*\]\(|!\[|`|\*\*|__|<[a-zA-Z!/]|^\s{4,}\S",
    re.MULTILINE)
LEVELS = ("INFO", "DEBUG", "WARN", "WARNING", "ERROR", "TRACE", "NOTICE", "CRITICAL")


def has_markdown_syntax(text: str) -> bool:
    """Headings, lists, quotes, tables, fences, links, emphasis or inline code: plain paragraphs
    are prose, not Markdown."""
    return MARKDOWN_SYNTAX.search(text) is not None


def prose_paragraphs(markdown_texts: list[str]) -> list[str]:
    """Blocks of two or more lines of plain text, without any Markdown syntax."""
    out = []
    for text in markdown_texts:
        for block in re.split(r"\n\s*\n", text):
            lines = [line for line in block.strip().split("\n") if line.strip()]
            letters = sum(c.isalpha() for c in block)
            if len(lines) >= 2 and not has_markdown_syntax(block) and letters > 0.7 * len(block):
                out.append("\n".join(lines))
    return out


def _words(rng: np.random.Generator, vocabulary: list[str], count: int) -> str:
    return " ".join(vocabulary[int(i)] for i in rng.integers(len(vocabulary), size=count))


def _timestamp(rng: np.random.Generator) -> str:
    month, day, hour, minute, second = (int(x) for x in (rng.integers(1, 13), rng.integers(1, 29), rng.integers(24),
                                                         rng.integers(60), rng.integers(60)))
    forms = (f"2024-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d},{int(rng.integers(1000)):03d}",
             f"2024-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}.{int(rng.integers(1000)):03d}Z",
             f"{['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'][month % 6]} {day:2d} {hour:02d}:{minute:02d}:{second:02d}",
             f"[{day:02d}/Mar/2024:{hour:02d}:{minute:02d}:{second:02d} +0000]")
    return forms[int(rng.integers(len(forms)))]


def log_lines(rng: np.random.Generator, vocabulary: list[str]) -> str:
    style = int(rng.integers(4))
    lines = []
    for _ in range(int(rng.integers(2, 15))):
        level = LEVELS[int(rng.integers(len(LEVELS)))]
        message = _words(rng, vocabulary, int(rng.integers(3, 14)))
        if style == 0:
            lines.append(f"{_timestamp(rng)} {level} [{_words(rng, vocabulary, 1)}-{int(rng.integers(9))}] {message}")
        elif style == 1:
            lines.append(f"{_timestamp(rng)} host {_words(rng, vocabulary, 1)}[{int(rng.integers(99999))}]: {message}")
        elif style == 2:
            ip = ".".join(str(int(x)) for x in rng.integers(1, 255, size=4))
            path = "/" + "/".join(_words(rng, vocabulary, int(rng.integers(1, 4))).split())
            lines.append(f'{ip} - - {_timestamp(rng)} "GET {path} HTTP/1.1" {int(rng.choice([200, 304, 404, 500]))} '
                         f"{int(rng.integers(20000))}")
        else:
            lines.append(f"{level}: {message} ({int(rng.integers(1000))} ms)")
    return "\n".join(lines)


def encoded_data(rng: np.random.Generator) -> str:
    raw = rng.integers(0, 256, size=int(rng.integers(48, 1500)), dtype=np.uint8).tobytes()
    style = int(rng.integers(5))
    if style == 0:
        text = base64.b64encode(raw).decode()
        width = int(rng.choice([60, 64, 76]))
        return "\n".join(text[i:i + width] for i in range(0, len(text), width))
    if style == 1:
        rows = []
        for offset in range(0, len(raw), 16):
            chunk = raw[offset:offset + 16]
            printable = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
            rows.append(f"{offset:08x}  {' '.join(f'{b:02x}' for b in chunk):<47}  |{printable}|")
        return "\n".join(rows)
    if style == 2:
        return "\n".join("-".join(raw[i:i + 16].hex()[j:k] for j, k in ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32)))
                         for i in range(0, len(raw) - 16, 16))
    if style == 3:
        numbers = rng.normal(0, 1000, size=int(rng.integers(20, 300)))
        per_line = int(rng.integers(1, 10))
        return "\n".join(" ".join(f"{x:.{int(rng.integers(0, 5))}f}" for x in numbers[i:i + per_line])
                         for i in range(0, len(numbers), per_line))
    alphabet = string.printable[:94] + "ÿØàéü§±µ"
    chars = [alphabet[int(i)] for i in rng.integers(len(alphabet), size=len(raw))]
    return "\n".join("".join(chars[i:i + 70]) for i in range(0, len(chars), 70))


def noise_snippets(paragraphs: list[str], count: int, rng: np.random.Generator) -> list[str]:
    """``count`` snippets: a third prose, a third logs, a third encoded data."""
    vocabulary = sorted({w.strip(".,;:!?()\"'").lower() for p in paragraphs for w in p.split()} - {""}) or ["text"]
    out = []
    for i in range(count):
        kind = i % 3
        if kind == 0 and paragraphs:
            start = int(rng.integers(len(paragraphs)))
            out.append("\n\n".join(paragraphs[start:start + int(rng.integers(1, 4))]))
        elif kind == 1:
            out.append(log_lines(rng, vocabulary))
        else:
            out.append(encoded_data(rng))
    return out
