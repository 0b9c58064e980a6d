"""Descriptions come from the code's own documentation first: a documented function's hover shows
its own first sentence; the model describes only undocumented code."""

from lsp_session import open_document
from pytest_lsp import LanguageClient
from test_hover import hover_params, state

GO = """package main

// Add adds two numbers.
// It is used by the calculator.
func Add(a, b int) int {
\tsum := a + b

\treturn sum
}
"""
PYTHON = '''def fibonacci(n):
    """Return the n-th Fibonacci number."""
    a, b = 0, 1

    for _ in range(n):
        a, b = b, a + b
    return a
'''


def description_line(hover):
    return next(line for line in hover.contents.value.splitlines() if "Description" in line)


async def test_a_documented_python_function_shows_its_own_first_sentence(client: LanguageClient):
    uri = "file:///src/fib.py"
    open_document(client, uri, PYTHON, "python")
    hover = await client.text_document_hover_async(hover_params(uri, 4, 8))
    assert "Return the n-th Fibonacci number." in description_line(hover)


async def test_a_doc_comment_above_the_function_is_its_description(client: LanguageClient):
    uri = "file:///src/add.go"
    open_document(client, uri, GO, "go")
    hover = await client.text_document_hover_async(hover_params(uri, 5, 2))
    assert "Add adds two numbers." in description_line(hover)
    assert hover.range.start.line == 4


async def test_the_server_passes_the_comment_above_the_function_to_the_engine(fake_client: LanguageClient):
    uri = "file:///src/add.go"
    open_document(fake_client, uri, GO, "go")
    await fake_client.text_document_hover_async(hover_params(uri, 6, 0))
    [call] = (await state(fake_client))["calls"]
    assert call["documentation"] == "Add adds two numbers.\nIt is used by the calculator."
