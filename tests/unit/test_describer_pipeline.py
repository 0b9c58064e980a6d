"""The describer's build steps that must be right for the numbers to mean anything: the BLEU-4 of
CodeXGLUE's evaluator, doc cleaning, and function extraction."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "describer"))
from clean import summarize
from extract import functions
from metrics import bleu, rouge_l, words


def test_bleu_matches_the_evaluator_on_a_hand_computed_pair():
    # hyp 4 words, ref 6; matches 3/4, 1/3, 0/2, 0/1; add-one for n > 1; brevity exp(1 - 7/5)
    assert bleu(["Print an error log message ."], ["Log a message ."]) == pytest.approx(33.516, abs=1e-3)


def test_bleu_and_rouge_of_an_exact_match_are_100():
    assert bleu(["Returns the sum of a and b."], ["returns the SUM of a and b ."]) == pytest.approx(100.0)
    assert rouge_l(["Returns the sum of a and b."], ["Returns the sum of a and b."]) == pytest.approx(100.0)


def test_words_split_punctuation_and_lowercase():
    assert words("Gets the URL's path, e.g. /a/b.") == ["gets", "the", "url", "'", "s", "path", ",", "e", ".", "g",
                                                        ".", "/", "a", "/", "b", "."]


@pytest.mark.parametrize("doc, summary", [
    ("Reads the file.\n\n:param path: where", "Reads the file."),
    ("Returns the {@link Node} at {@code index}. More text here.", "Returns the Node at index."),
    ("<summary>Creates a new dictionary object.</summary>", "Creates a new dictionary object."),
    ("Too short", None),
    ("{@inheritDoc}", None),
    ("Copyright 2020 the authors of this file", None),
], ids=["param-section", "javadoc-links", "csharp-summary", "short", "inherit", "licence"])
def test_summarize(doc, summary):
    assert summarize(doc) == summary


def test_python_function_loses_its_docstring():
    [found] = functions('def f(x):\n    """Doubles x for the caller."""\n    y = x * 2\n    return y\n', "python")
    assert found.name == "f" and '"""' not in found.code and found.doc == "Doubles x for the caller."


def test_java_method_with_javadoc_and_braces_in_strings():
    source = "/**\n * Joins the parts with braces.\n */\npublic String join(List<String> p) {\n" \
             "    return \"{\" + String.join(\",\", p) + \"}\";\n}\nint other() { return 1; }\n"
    [found] = functions(source, "java")
    assert found.name == "join" and found.code.endswith("}") and "other" not in found.code


def test_go_function_with_line_comment_doc():
    [found] = functions("// Max returns the larger of a and b.\nfunc Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n"
                        "\t}\n\treturn b\n}\n", "go")
    assert (found.name, found.doc) == ("Max", "Max returns the larger of a and b.")


def test_ruby_method_ends_at_its_end():
    [found] = functions("# Greets the user by name.\ndef greet(name)\n  puts name\nend\n\ndef other\nend\n", "ruby")
    assert found.code == "def greet(name)\n  puts name\nend"


def test_capped_thins_only_a_package_language_over_the_limit_evenly():
    from prepare import capped

    rows = [{"package": "big", "language": "python", "path": f"f{i // 10}.py", "line": i} for i in range(100)]
    rows += [{"package": "big", "language": "c", "path": "m.c", "line": i} for i in range(5)]
    rows += [{"package": "small", "language": "python", "path": "s.py", "line": i} for i in range(3)]
    kept = capped(rows, 10)
    big = [row["path"] for row in kept if row["package"] == "big" and row["language"] == "python"]
    assert big == [f"f{i}.py" for i in range(10)]
    assert [row["line"] for row in kept if row["language"] == "c"] == [0, 1, 2, 3, 4]
    assert [row["line"] for row in kept if row["package"] == "small"] == [0, 1, 2]
    assert capped(rows, None) == rows


@pytest.mark.parametrize(
    ("summary", "target"),
    [
        ("Load the config file.", " load the config file."),
        ("JSON data of the response.", " JSON data of the response."),
        ("HttpClient for the service.", " HttpClient for the service."),
        ("Returns", " returns"),
    ],
)
def test_lowercase_opening_lowers_only_a_capitalised_word(summary, target):
    from prepare import lowercase_opening

    assert lowercase_opening(summary) == target


def test_lowercased_opening_is_the_code_token_and_tidy_capitalises_it():
    from prepare import lowercase_opening
    from tokenizers import Tokenizer

    from lsp_server.engine.describer.describer import tidy

    tokenizer = Tokenizer.from_file(str(Path(__file__).resolve().parents[2] / "models/describer/tokenizer.json"))
    target = tokenizer.encode(lowercase_opening("Load the config file."), add_special_tokens=False).ids
    assert target[0] in tokenizer.encode("def load config(path):", add_special_tokens=False).ids
    assert tidy(tokenizer.decode(target)) == "Load the config file."
