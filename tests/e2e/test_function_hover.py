"""Hover without a selection takes the function around the cursor, whole, blank lines included."""

import pytest
from lsp_session import open_document
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_hover import hover_params, state

# Each document: some code, then a function with blank lines inside (between the markers), then more code.
FUNCTIONS = {
    "python": (
        "import os\n\n",
        "@cache\ndef load(path):\n    with open(path) as f:\n\n        data = f.read()\n\n    return data\n",
        "\n\nprint(load('x'))\n",
    ),
    "javascript": (
        "const fs = require('fs');\n\n",
        "export const sum = (xs) => {\n  let total = 0;\n\n  for (const x of xs) total += x;\n\n  return total;\n};\n",
        "\nconsole.log(sum([1]));\n",
    ),
    "typescript": (
        "export class Greeter {\n  private name: string;\n\n",
        "  greet(who: string): string {\n    const x = who as string;\n\n    return `hi ${x}`;\n  }\n",
        "}\n",
    ),
    "go": (
        'package main\n\nimport "fmt"\n\n',
        "func Add(a, b int) int {\n\tc := a + b\n\n\tfmt.Println(c)\n\n\treturn c\n}\n",
        "\nfunc main() {}\n",
    ),
    "java": (
        "public class Util {\n",
        "    @Override\n    public static int max(int a, int b) {\n"
        "        int m = a;\n\n        return m > b ? m : b;\n    }\n",
        "\n    int y;\n}\n",
    ),
    "rust": (
        "use std::io;\n\n",
        "#[inline]\npub fn fact(n: u64) -> u64 {\n"
        "    if n == 0 {\n\n        return 1;\n    }\n\n    n * fact(n - 1)\n}\n",
        "\nfn main() {}\n",
    ),
}
EXTENSIONS = {"python": "py", "javascript": "js", "typescript": "ts", "go": "go", "java": "java", "rust": "rs"}


def function_range(before: str, function: str) -> types.Range:
    first = before.count("\n")
    lines = function.rstrip("\n").split("\n")
    return types.Range(
        start=types.Position(line=first, character=len(lines[0]) - len(lines[0].lstrip())),
        end=types.Position(line=first + len(lines) - 1, character=len(lines[-1])),
    )


@pytest.mark.parametrize("language", sorted(FUNCTIONS))
async def test_hover_on_any_line_of_a_function_covers_the_whole_function(fake_client: LanguageClient, language):
    before, function, after = FUNCTIONS[language]
    uri = f"file:///src/sample.{EXTENSIONS[language]}"
    open_document(fake_client, uri, before + function + after, language)
    expected = function_range(before, function)
    for line in range(expected.start.line, expected.end.line + 1):
        hover = await fake_client.text_document_hover_async(hover_params(uri, line, 0))
        assert hover is not None and hover.range == expected, f"line {line}"


async def test_the_function_is_what_the_engine_reads(fake_client: LanguageClient):
    before, function, after = FUNCTIONS["python"]
    uri = "file:///src/load.py"
    open_document(fake_client, uri, before + function + after, "python")
    await fake_client.text_document_hover_async(hover_params(uri, 6, 8))
    [call] = (await state(fake_client))["calls"]
    assert call["text"] == function.rstrip("\n")


async def test_hover_inside_a_markdown_fence_takes_the_function_parsed_with_the_fence_language(
    fake_client: LanguageClient,
):
    before, function, after = FUNCTIONS["go"]
    fence_body = before + function + after
    uri = "file:///notes/add.md"
    open_document(fake_client, uri, "# Adding\n\n```go\n" + fence_body + "```\n", "markdown")
    expected = function_range("# Adding\n\n```go\n" + before, function)
    for line in (expected.start.line, expected.start.line + 2, expected.end.line):
        hover = await fake_client.text_document_hover_async(hover_params(uri, line, 0))
        assert hover.range == expected, f"line {line}"
    [call, *_] = (await state(fake_client))["calls"]
    assert (call["text"], call["language_hint"]) == (function.rstrip("\n"), "go")


async def test_hover_on_a_doc_comment_takes_the_function_it_documents(fake_client: LanguageClient):
    text = "package main\n\n// Add adds two numbers.\n// It is simple.\nfunc Add(a, b int) int {\n\n\treturn a + b\n}\n"
    uri = "file:///src/add.go"
    open_document(fake_client, uri, text, "go")
    hover = await fake_client.text_document_hover_async(hover_params(uri, 3, 3))
    assert hover.range == types.Range(
        start=types.Position(line=2, character=0), end=types.Position(line=7, character=1)
    )


async def test_a_language_without_a_grammar_keeps_the_block_of_lines(fake_client: LanguageClient):
    text = "program demo\n  x = 1\n\n  print *, x\nend program demo\n"
    uri = "file:///src/demo.f90"
    open_document(fake_client, uri, text, "fortran")
    hover = await fake_client.text_document_hover_async(hover_params(uri, 3, 2))
    assert hover.range == types.Range(
        start=types.Position(line=3, character=0), end=types.Position(line=4, character=16)
    )
