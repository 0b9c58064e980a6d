"""Parsing: grammars load from their wheels, offsets are characters, edits reparse incrementally."""

import random

import pytest

from lsp_server.engine.syntax import LANGUAGES, has_grammar, parse
from lsp_server.engine.syntax.grammars import grammar

SOURCE = '''import json


def load(path):
    """Load it."""
    with open(path) as handle:
        return json.load(handle)


class Store:
    def get(self, key):
        return self.items[key]
'''


def test_at_least_twenty_grammars_load_offline():
    loaded = [name for name in LANGUAGES if grammar(name) is not None]
    assert len(loaded) >= 20 and set(loaded) == set(LANGUAGES)


def test_languages_without_a_grammar_are_not_parsed():
    assert not has_grammar("fortran") and parse("program x\nend", "fortran") is None


def test_offsets_are_characters_even_after_wide_characters():
    text = 'x = "😋é"\ndef f():\n    return 1\n'
    tree = parse(text, "python")
    function = tree.root.named_children[1]
    start, end = tree.span(function)
    assert text[start:end] == "def f():\n    return 1"


def test_lone_surrogates_do_not_stop_parsing():
    tree = parse('x = "\ud800"\ndef f():\n    pass\n', "python")
    assert tree.root.named_children[1].type == "function_definition"


def test_typescript_with_jsx_is_parsed_as_tsx():
    tree = parse("const App = (): JSX.Element => <div className='a'>{1}</div>;\n", "typescript")
    assert tree.grammar_name == "tsx" and not tree.root.has_error


@pytest.mark.parametrize("seed", range(20))
def test_an_incremental_reparse_gives_the_tree_a_full_parse_gives(seed):
    rng = random.Random(seed)
    previous = parse(SOURCE, "python")
    text = SOURCE
    for _ in range(3):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(8))
        text = text[:start] + rng.choice(["", "x", "\n", "(a, b)", "    pass\n", "é"]) + text[end:]
        reparsed = parse(text, "python", previous)
        assert str(reparsed.root) == str(parse(text, "python").root)
        previous = reparsed


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"json"}))
def test_the_comment_syntax_the_server_writes_is_a_comment_in_the_grammar(language):
    from lsp_server.server.comments import format_comment, syntax_for

    written = format_comment("Adds two numbers.", syntax_for(language))
    tree = parse(written + "\n", language)
    assert any("comment" in node.type for node in tree.walk()), written


ENDS_MID_DECLARATION = [
    ("kotlin", "val x = 1\n@P"),
    ("kotlin", "var input: File\n@Parameter(defaultValue = \"\\${project.build.outputDirectory}\", required = true)"),
    ("kotlin", "    val queue = LockFreeQueue()\n\n    @Test"),
    ("kotlin", "  override var matchContents = false\n\n  @Composable"),
    ("perl", "die \"Error detected in package '$my_package', version $VERSION"),
]
"""Snippets on which tree-sitter-kotlin's and -perl's scanners never return when the input ends there."""

PARSE_EACH = """
import sys
from lsp_server.engine.syntax import parse
language, text = sys.argv[1], sys.argv[2]
tree = parse(text, language)
previous = parse(text + "x\\n", language)
again = parse(text, language, previous)
print(tree.span(tree.root)[1] <= len(text), again.span(again.root)[1] <= len(text))
"""


@pytest.mark.parametrize(("language", "text"), ENDS_MID_DECLARATION)
def test_snippets_that_end_mid_declaration_parse_and_return(language, text):
    # In a child process: a regression would hang in C with the GIL held, out of reach of any timeout here.
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", PARSE_EACH, language, text], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
