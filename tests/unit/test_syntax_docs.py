"""Documentation of a function, found in the tree and returned without comment markers."""

import pytest

from lsp_server.engine.syntax import (
    documentation,
    documented_unit,
    first_sentence,
    function_name,
    functions,
    own_documentation,
    parse,
)

DOCUMENTED = {
    "python": (
        'def f(x):\n    """Return the n-th Fibonacci number.\n\n    More.\n    """\n    return x\n',
        "Return the n-th Fibonacci number.\n\nMore.",
    ),
    "javascript": (
        "/**\n * Sum the values.\n * @param {number[]} xs\n */\nexport const sum = (xs) => {\n  return 0;\n};\n",
        "Sum the values.\n@param {number[]} xs",
    ),
    "typescript": ("class A {\n  /** Say hi. */\n  greet(who: string): string {\n    return who;\n  }\n}\n", "Say hi."),
    "java": (
        "class U {\n    /**\n     * Returns the max.\n     */\n    @Override\n    public int max(int a) {\n"
        "        return a;\n    }\n}\n",
        "Returns the max.",
    ),
    "go": (
        "package main\n\n// Add adds two numbers.\n// It is simple.\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
        "Add adds two numbers.\nIt is simple.",
    ),
    "rust": (
        "/// Computes the factorial.\n#[inline]\npub fn fact(n: u64) -> u64 {\n    n\n}\n",
        "Computes the factorial.",
    ),
    "csharp": (
        "class C {\n    /// <summary>Opens the file.</summary>\n    public void Open() {\n    }\n}\n",
        "<summary>Opens the file.</summary>",
    ),
    "ruby": ("# Greets a person.\n# Politely.\ndef greet(name)\n  puts name\nend\n", "Greets a person.\nPolitely."),
    "php": ("<?php\n/**\n * Loads the user.\n */\nfunction load_user($id) {\n    return $id;\n}\n", "Loads the user."),
    "kotlin": ("/** Parses the input. */\nfun parse(s: String): Int {\n    return 1\n}\n", "Parses the input."),
    "swift": ("/// Draws the view.\nfunc draw() {\n    print(1)\n}\n", "Draws the view."),
    "c": ("/* Frees the list. */\nvoid free_list(struct node *n) {\n    free(n);\n}\n", "Frees the list."),
    "cpp": (
        "/// Swaps two values.\ntemplate <typename T>\nvoid swap2(T& a, T& b) {\n    T t = a;\n}\n",
        "Swaps two values.",
    ),
    "shellscript": ('# Prints usage.\nusage() {\n  echo "usage"\n}\n', "Prints usage."),
    "lua": ("-- Adds one.\nfunction inc(x)\n  return x + 1\nend\n", "Adds one."),
    "scala": ("/** Doubles it. */\ndef double(x: Int): Int = {\n  x * 2\n}\n", "Doubles it."),
    "dart": (
        '/// Builds the widget.\nWidget build(BuildContext context) {\n  return Text("x");\n}\n',
        "Builds the widget.",
    ),
    "haskell": ("-- | Adds numbers.\nadd :: Int -> Int -> Int\nadd a b = a + b\n", "Adds numbers."),
    "perl": ("# Trims text.\nsub trim {\n    my $s = shift;\n}\n", "Trims text."),
    "zig": ("/// Adds.\nfn add(a: i32, b: i32) i32 {\n    return a + b;\n}\n", "Adds."),
    "powershell": ("# Gets items.\nfunction Get-Items {\n    Write-Output 1\n}\n", "Gets items."),
}
UNDOCUMENTED = {
    "python": "# a comment far above\n\ndef f(x):\n    y = 'not a docstring'\n    return x\n",
    "javascript": "// unrelated\n\nfunction sum(xs) {\n  return 0;\n}\n",
    "typescript": "const a = 1; // trailing\nfunction f(): void {\n}\n",
    "java": "class U {\n    int x;\n    public int max(int a) {\n        return a;\n    }\n}\n",
    "go": "package main\n\nfunc Add(a, b int) int {\n\treturn a + b\n}\n",
    "rust": "// license header\n\npub fn fact(n: u64) -> u64 {\n    n\n}\n",
    "csharp": "class C {\n    public void Open() {\n    }\n}\n",
    "ruby": "def greet(name)\n  puts name\nend\n",
    "php": "<?php\nfunction load_user($id) {\n    return $id;\n}\n",
    "kotlin": "fun parse(s: String): Int {\n    return 1\n}\n",
    "lua": "function inc(x)\n  return x + 1\nend\n",
    "shellscript": 'usage() {\n  echo "usage"\n}\n',
}


def first_function(text, language):
    tree = parse(text, language)
    [node, *_] = functions(tree)
    return tree, node


@pytest.mark.parametrize("language", sorted(DOCUMENTED))
def test_documentation_is_found_without_markers(language):
    text, expected = DOCUMENTED[language]
    tree, node = first_function(text, language)
    doc = documentation(tree, node)
    assert doc is not None and doc.text == expected


@pytest.mark.parametrize("language", sorted(DOCUMENTED))
def test_documentation_span_is_where_it_is_written(language):
    text, _ = DOCUMENTED[language]
    tree, node = first_function(text, language)
    doc = documentation(tree, node)
    written = text[doc.start : doc.end]
    assert written.lstrip("/*#-!|'\" \n").startswith(doc.text.split()[0])


@pytest.mark.parametrize("language", sorted(UNDOCUMENTED))
def test_undocumented_functions_have_no_documentation(language):
    tree, node = first_function(UNDOCUMENTED[language], language)
    assert documentation(tree, node) is None


@pytest.mark.parametrize("language", ["go", "java", "rust", "javascript", "dart"])
def test_a_doc_comment_knows_the_function_it_documents(language):
    text, _ = DOCUMENTED[language]
    tree = parse(text, language)
    comment = next(node for node in tree.walk() if "comment" in node.type)
    assert documented_unit(tree, comment) == functions(tree)[0]


@pytest.mark.parametrize(
    ("language", "expected"),
    [("javascript", "sum"), ("cpp", "swap2"), ("c", "free_list"), ("dart", "build"), ("go", "Add"), ("rust", "fact")],
)
def test_function_names_come_from_declarations_and_bindings(language, expected):
    tree, node = first_function(DOCUMENTED[language][0], language)
    assert function_name(tree, node) == expected


def test_doc_comment_lines_after_other_code_are_one_documentation():
    text = "use std::cmp;\n\n/// Old words.\n/// More.\n#[inline]\npub fn max(a: i32) -> i32 {\n    a\n}\n"
    tree, node = first_function(text, "rust")
    doc = documentation(tree, node)
    assert (doc.text, text[doc.start : doc.end]) == ("Old words.\nMore.", "/// Old words.\n/// More.")


@pytest.mark.parametrize(
    ("documentation", "sentence"),
    [
        ("Return the n-th Fibonacci number.\n\nMore text.", "Return the n-th Fibonacci number."),
        ("Sum the values.\n@param {number[]} xs", "Sum the values."),
        ("<summary>Opens the file.</summary>", "Opens the file."),
        ("Add adds two numbers.\nIt is simple.", "Add adds two numbers."),
        ("Loads the {@link User} with the given id. Throws if missing.", "Loads the User with the given id."),
        ("parse `text` into a **tree**\nacross lines", "Parse text into a tree across lines."),
        ("Compute e.g. the mean value of xs. And more.", "Compute e.g. the mean value of xs."),
        ("Args:\n    x: the value", None),
        (":param x: the value", None),
        ("TODO", None),
        ("@brief Loads the config file.\n@param path where it is", "Loads the config file."),
        ("\\brief Parses one header line.", "Parses one header line."),
        ("\\rst\nAdds an argument into the store.\n\\endrst", "Adds an argument into the store."),
        ("call-seq:\n  save(options)  -> bool\n\nSaves the model.", "Saves the model."),
        (":call-seq: attribute(name)\n\nDefines an attribute.", "Defines an attribute."),
        ("@{", None),
    ],
)
def test_first_sentence_of_documentation(documentation, sentence):
    assert first_sentence(documentation) == sentence


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ('def f(n):\n    """Return n."""\n    return n\n', "python", "Return n."),
        ("/** Sum it. */\nexport const sum = (xs) => {\n  return 0;\n};\n", "javascript", "Sum it."),
        ("/// Adds.\n#[inline]\nfn add(a: i32) -> i32 {\n    a\n}\n", "rust", "Adds."),
        ('def a():\n    """A."""\n\ndef b():\n    pass\n', "python", None),
        ("x = 1  # one\n", "python", None),
    ],
    ids=["docstring", "jsdoc-on-export", "rust-with-attribute", "two-functions", "no-function"],
)
def test_own_documentation_only_for_a_snippet_that_is_one_function(text, language, expected):
    found = own_documentation(parse(text, language))
    assert (found.text if found else None) == expected
