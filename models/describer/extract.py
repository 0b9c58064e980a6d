"""Functions and their doc comments, cut out of source files.

Each extractor returns ``Found(name, code, doc, line)``: the function's source with its own doc
removed, and the raw doc text (comment markers stripped, not yet cleaned). Python uses ``ast``;
brace languages find a doc comment directly above a function header and match braces; Ruby ends a
``def`` at the ``end`` on its indentation.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    name: str
    code: str
    doc: str
    line: int


MAX_HEADER_LINES = 6
KEYWORDS = {
    "if",
    "for",
    "while",
    "switch",
    "catch",
    "return",
    "sizeof",
    "elif",
    "foreach",
    "using",
    "lock",
    "new",
    "throw",
}
NOT_FUNCTIONS = re.compile(
    r"^\s*(?:export\s+)?(?:default\s+)?(?:public\s+|private\s+|protected\s+|abstract\s+|final\s+|sealed\s+|static\s+)*"
    r"(?:class|interface|enum|struct|union|namespace|module|trait|impl|record|object|typedef|package|import|#define)\b"
)
NAME_BEFORE_PAREN = re.compile(r"([A-Za-z_$][\w$]*)\s*(?:<[^()]*>)?\s*\(")
HEADERS = {
    "go": re.compile(r"^\s*func\b"),
    "rust": re.compile(r"\bfn\s+\w+"),
    "kotlin": re.compile(r"\bfun\b"),
    "scala": re.compile(r"\bdef\s+\w+"),
    "swift": re.compile(r"\bfunc\s+\w+"),
    "php": re.compile(r"\bfunction\b"),
}
# (block comment opener or None, line comment marker or None) that may carry a function's doc
DOC_STYLES = {
    "go": (None, "//"),
    "rust": (None, "///"),
    "csharp": (None, "///"),
    "c": ("/*", "//"),
    "cpp": ("/*", "//"),
}
DEFAULT_DOC_STYLE = ("/**", None)


def python_functions(source: str) -> list[Found]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    lines = source.split("\n")
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        doc = ast.get_docstring(node, clean=True)
        if not doc or node.end_lineno is None:
            continue
        first = node.body[0]
        if first.end_lineno is None or len(node.body) < 2:
            continue
        kept = lines[node.lineno - 1 : first.lineno - 1] + lines[first.end_lineno : node.end_lineno]
        found.append(Found(node.name, textwrap.dedent("\n".join(kept)), doc, node.lineno))
    return found


def ruby_functions(source: str) -> list[Found]:
    lines = source.split("\n")
    found = []
    for i, line in enumerate(lines):
        match = re.match(r"^(\s*)def\s+(?:self\.)?([\w?!=]+)", line)
        if not match:
            continue
        doc = _line_comment_block(lines, i, "#")
        if not doc:
            continue
        indent = match.group(1)
        end = next((j for j in range(i + 1, len(lines)) if re.match(rf"^{indent}end\b", lines[j])), None)
        if end is None:
            continue
        found.append(Found(match.group(2), textwrap.dedent("\n".join(lines[i : end + 1])), doc, i + 1))
    return found


def brace_functions(source: str, language: str) -> list[Found]:
    """Functions with a doc comment directly above, in C-family syntax (braces delimit the body)."""
    lines = source.split("\n")
    opener, marker = DOC_STYLES.get(language, DEFAULT_DOC_STYLE)
    found = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if opener and stripped.startswith(opener) and not stripped.startswith("/***"):
            end = next((j for j in range(i, len(lines)) if "*/" in lines[j]), None)
            if end is None:
                break
            doc = _block_comment_text(lines[i : end + 1])
            header_at = end + 1
        elif marker and stripped.startswith(marker) and (i == 0 or not lines[i - 1].strip().startswith(marker)):
            end = i
            while end + 1 < len(lines) and lines[end + 1].strip().startswith(marker):
                end += 1
            doc = "\n".join(line.strip()[len(marker) :].removeprefix(" ") for line in lines[i : end + 1])
            header_at = end + 1
        else:
            i += 1
            continue
        i = end + 1
        while header_at < len(lines) and (
            not lines[header_at].strip() or lines[header_at].strip().startswith(("@", "#["))
        ):
            header_at += 1
        function = _function_at(lines, header_at, language)
        if function is not None:
            name, last = function
            code = textwrap.dedent("\n".join(lines[header_at : last + 1]))
            found.append(Found(name, code, doc, header_at + 1))
    return found


def _line_comment_block(lines: list[str], at: int, marker: str) -> str:
    block: list[str] = []
    j = at - 1
    while j >= 0 and lines[j].strip().startswith(marker):
        block.insert(0, lines[j].strip()[len(marker) :].removeprefix(" "))
        j -= 1
    return "\n".join(block).strip()


def _block_comment_text(block: list[str]) -> str:
    text = "\n".join(block).strip()
    text = text.removeprefix("/*").removeprefix("*").removesuffix("*/")
    return "\n".join(re.sub(r"^\s*\*? ?", "", line) for line in text.split("\n")).strip()


def _function_at(lines: list[str], start: int, language: str) -> tuple[str, int] | None:
    """(name, last line) of a function whose header starts at ``start``, or None."""
    if start >= len(lines) or NOT_FUNCTIONS.match(lines[start]):
        return None
    header = ""
    for k in range(start, min(start + MAX_HEADER_LINES, len(lines))):
        line_offset = len(header)
        header += lines[k] + "\n"
        brace = header.find("{")
        semicolon = header.find(";")
        if semicolon != -1 and (brace == -1 or semicolon < brace):
            return None
        if brace == -1:
            continue
        signature = header[:brace]
        pattern = HEADERS.get(language)
        if pattern is not None and not pattern.search(signature):
            return None
        name = _function_name(signature, language)
        if name is None:
            return None
        last = _matching_brace_line(lines, k, brace - line_offset, language)
        return (name, last) if last is not None else None
    return None


def _function_name(signature: str, language: str) -> str | None:
    if "(" not in signature or ("=" in signature.split("(")[0] and language not in {"javascript", "typescript"}):
        return None
    if language == "go":
        match = re.search(r"func\s*(?:\([^)]*\)\s*)?(\w+)", signature)
        return match.group(1) if match else None
    if language in {"javascript", "typescript"}:
        arrow = re.search(r"(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s*)?(?:function\b|\()", signature)
        if arrow:
            return arrow.group(1)
    for match in NAME_BEFORE_PAREN.finditer(signature):
        name = match.group(1)
        if name not in KEYWORDS and name != "function":
            return name
    return None


def _matching_brace_line(lines: list[str], start: int, offset: int, language: str) -> int | None:
    """The line of the brace closing the first ``{`` at or after ``offset`` in line ``start``, skipping
    strings and comments roughly."""
    depth = 0
    quote = ""
    block_comment = False
    quotes = '"`' if language == "rust" else "\"'`"
    for k in range(start, len(lines)):
        line = lines[k]
        j = offset if k == start else 0
        while j < len(line):
            ch = line[j]
            if block_comment:
                if line.startswith("*/", j):
                    block_comment = False
                    j += 1
            elif quote:
                if ch == "\\":
                    j += 1
                elif ch == quote:
                    quote = ""
            elif line.startswith("//", j):
                break
            elif line.startswith("/*", j):
                block_comment = True
                j += 1
            elif ch in quotes:
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return k
            j += 1
        if quote != "`":
            quote = ""
    return None


def functions(source: str, language: str) -> list[Found]:
    if language == "python":
        return python_functions(source)
    if language == "ruby":
        return ruby_functions(source)
    return brace_functions(source, language)
