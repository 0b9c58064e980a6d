"""Which snippet a request means, where the document has a syntax tree."""

from lsp_server.server.snippets import Document, for_hover, function_at_docstring, function_below, past_indent

SCRIPT = """import json


@cache
def load(path):
    with open(path) as handle:

        return json.load(handle)


class Store:
    def get(self, key):

        return self.items[key]

    items = {}


for name in ["a", "b"]:

    print(load(name))
"""


def at(text, line, column=0):
    return sum(len(row) + 1 for row in text.split("\n")[:line]) + column


def hovered(text, line, column=0, language_id="python", path="/src/app.py", max_lines=200):
    doc = Document.parse(text, path, language_id)
    snippet = for_hover(doc, at(text, line, column), None, max_lines)
    return None if snippet is None else (doc.index.line_of(snippet.start), doc.index.line_of(snippet.end))


def test_a_blank_line_inside_a_function_means_the_function():
    assert hovered(SCRIPT, 6) == (3, 7)


def test_a_decorator_line_means_its_function():
    assert hovered(SCRIPT, 3) == (3, 7)


def test_a_method_is_taken_before_its_class():
    assert hovered(SCRIPT, 13, 8) == (11, 13)


def test_a_class_line_outside_methods_means_the_class():
    assert hovered(SCRIPT, 15, 4) == (10, 15)


def test_top_level_statements_are_taken_whole():
    assert hovered(SCRIPT, 19) == (18, 20)


def test_a_blank_line_between_statements_means_nothing():
    assert hovered(SCRIPT, 1) is None


def test_a_unit_longer_than_the_limit_gives_way_to_the_block_of_lines():
    assert hovered(SCRIPT, 15, 4, max_lines=3) == (15, 15)


def test_the_file_name_gives_the_grammar_when_the_language_id_does_not():
    assert hovered(SCRIPT, 6, language_id="plaintext") == (3, 7)


def test_indentation_belongs_to_the_line_it_starts():
    text = "    x = 1\n\n"
    assert past_indent(Document.parse(text).index, 1) == 4


def test_the_function_below_an_empty_comment():
    text = "x = 1\n// \n/**\n */\nfunction f(a) {\n\n  return a;\n}\n"
    doc = Document.parse(text, "/src/a.js", "javascript")
    assert function_below(doc, 1, 200).text == "function f(a) {\n\n  return a;\n}"
    assert function_below(Document.parse("// \nconst x = 1;\n", "/a.js", "javascript"), 0, 200) is None


def test_the_function_of_an_opened_docstring_without_the_docstring_line():
    text = 'def f(a):\n    """\n    return a\n\nprint(f(1))\n'
    doc = Document.parse(text, "/src/a.py", "python")
    assert function_at_docstring(doc, 1, 200).text == "def f(a):\n    return a"
    assert function_at_docstring(doc, 2, 200) is None
