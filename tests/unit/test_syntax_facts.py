"""Structural facts read from the syntax tree."""

import pytest

from lsp_server.engine.syntax import parse
from lsp_server.engine.syntax.facts import facts, own_recursive_functions, recursive_functions
from lsp_server.engine.tagger.structure import structure_features

QUICKSORT_C = """void quicksort(int *a, int lo, int hi) {
    if (lo >= hi) return;
    int p = a[hi], i = lo;
    for (int j = lo; j < hi; j++)
        if (a[j] < p) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; }
    quicksort(a, lo, i - 1);
}
"""
BUBBLE_PY = """def bubble(a):
    for i in range(len(a)):
        for j in range(len(a) - 1 - i):
            if a[j] > a[j + 1]:
                a[j], a[j + 1] = a[j + 1], a[j]
"""
EVEN_ODD_PY = "def even(n):\n    return n == 0 or odd(n - 1)\n\ndef odd(n):\n    return n != 0 and even(n - 1)\n"
FACT_RUST = "fn fact(n: u64) -> u64 {\n    if n == 0 { 1 } else { n * fact(n - 1) }\n}\n"
DFS_JS = "function dfs(g, v, seen) {\n  seen.add(v);\n  for (const w of g[v]) if (!seen.has(w)) dfs(g, w, seen);\n}\n"
PERMUTATIONS_PY = "def perms(xs):\n    return [[x, *p] for x in xs for p in perms([y for y in xs if y != x])] or [[]]\n"
BINARY_SEARCH_JAVA = """int find(int[] a, int x) {
  int lo = 0, hi = a.length - 1;
  while (lo <= hi) {
    int mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1; else hi = mid - 1;
  }
  return -1;
}
"""
METHOD_JAVA = "class T {\n  int depth(Node n) {\n    return n == null ? 0 : 1 + this.depth(n.left);\n  }\n}\n"


HANOI_HASKELL = "moves :: Int -> [Int]\nmoves 0 = []\nmoves n = moves (n - 1) ++ [n]\n"
DOUBLE_HASKELL = "double :: Int -> Int\ndouble x = x * 2\n\nmain = print (double 2)\n"
FACT_ELIXIR = "defmodule M do\n  def f(0), do: 1\n  def f(n) when n > 0, do: n * f(n - 1)\nend\n"
CALLS_ELIXIR = "defmodule M do\n  def f(n), do: g(n)\n  def g(n) do\n    IO.puts(n)\n  end\nend\n"
PARTITION_JULIA = "function part!(v, lo, hi)\n    lo >= hi && return v\n    part!(v, lo, hi - 1)\nend\n"
TYPED_JULIA = "function g(x::Int)::Int\n    h(x - 1)\nend\n"
SIEVE_PY = "for i in range(2, n):\n    if flags[i]:\n        flags[i * i :: i] = [False] * k\n"
SIEVE_PERL = "for my $i (2 .. $n) {\n    for (my $j = $i * $i; $j <= $n; $j += $i) { $c[$j] = 1 }\n}\n"
DIVISOR_SUMS_GO = "for i := 1; i <= n; i++ {\n\tfor j := 2 * i; j <= n; j += i {\n\t\ts[j] += i\n\t}\n}\n"
STRIDED_ROWS_C = "for (y = 0; y < h; y++)\n  for (x = 0; x < w; x += stride) out[y * w + x] = in[x];\n"
DELEGATES_PY = "def close(self):\n    self._file.close()\n"
DELEGATES_GO = "func (s *Store) Close() error {\n\treturn s.db.Close()\n}\n"


@pytest.mark.parametrize(
    ("text", "language", "expected", "own"),
    [
        pytest.param(QUICKSORT_C, "c", ["quicksort"], ["quicksort"], id="c"),
        pytest.param(EVEN_ODD_PY, "python", ["even", "odd"], ["even", "odd"], id="mutual-python"),
        pytest.param(FACT_RUST, "rust", ["fact"], ["fact"], id="rust"),
        pytest.param(METHOD_JAVA, "java", ["depth"], ["depth"], id="java-method-on-this"),
        pytest.param("def f(x):\n    return g(x)\n", "python", [], [], id="no-recursion"),
        pytest.param(HANOI_HASKELL, "haskell", ["moves"], ["moves"], id="haskell-equations"),
        pytest.param(DOUBLE_HASKELL, "haskell", [], [], id="haskell-no-recursion"),
        pytest.param(FACT_ELIXIR, "elixir", ["f"], ["f"], id="elixir-clauses"),
        pytest.param(CALLS_ELIXIR, "elixir", [], [], id="elixir-heads-are-not-calls"),
        pytest.param(PARTITION_JULIA, "julia", ["part!"], ["part!"], id="julia-bang-name"),
        pytest.param(TYPED_JULIA, "julia", [], [], id="julia-signature-is-not-a-call"),
        pytest.param(DELEGATES_PY, "python", ["close"], [], id="python-method-on-another-object"),
        pytest.param(DELEGATES_GO, "go", ["Close"], [], id="go-method-on-another-object"),
    ],
)
def test_functions_calling_themselves(text, language, expected, own):
    """``own``: only calls by the bare name or on the object itself, as ``calls_itself`` counts them."""
    tree = parse(text, language)
    assert (recursive_functions(tree), own_recursive_functions(tree)) == (expected, own)
    assert facts(tree).calls_itself == bool(own)


@pytest.mark.parametrize(
    ("text", "language", "fact", "expected"),
    [
        pytest.param(BUBBLE_PY, "python", "swap", True, id="tuple-swap"),
        pytest.param(QUICKSORT_C, "c", "swap", True, id="swap-through-a-temporary"),
        pytest.param("a, b = 1, 2\n", "python", "swap", False, id="not-a-swap"),
        pytest.param(BUBBLE_PY, "python", "loop_depth", 2, id="nested-loops"),
        pytest.param("for x in y:\n    print(x)\n", "python", "loop_depth", 1, id="one-loop"),
        pytest.param(BUBBLE_PY, "python", "compare_indexed", True, id="compare-indexed"),
        pytest.param("x = n % 2\n", "python", "modulo", True, id="modulo"),
        pytest.param("int f(int x) { return x & 0xff; }", "c", "bitwise", True, id="bitwise"),
        pytest.param("void f(int *p) { int *q = &p[1]; }", "c", "bitwise", False, id="address-is-not-bitwise"),
        pytest.param("let f = |x| x + 1;", "rust", "bitwise", False, id="closure-bars-are-not-bitwise"),
        pytest.param("def g():\n    yield 1\n", "python", "generator", True, id="generator"),
        pytest.param("async function f() { await g(); }", "javascript", "asynchronous", True, id="async"),
        pytest.param("try:\n    f()\nexcept OSError:\n    pass\n", "python", "error_handling", True, id="try"),
        pytest.param("interface Shape { area(): number }", "typescript", "declares_class", True, id="interface"),
        pytest.param("function id<T>(x: T): T { return x; }", "typescript", "generic", True, id="generic"),
        pytest.param(
            "def f(xs, k):\n    return sorted(xs, key=lambda x: x[k])\n",
            "python",
            "closure",
            True,
            id="capturing-lambda",
        ),
        pytest.param(
            "def f(xs):\n    return sorted(xs, key=lambda x: x[0])\n",
            "python",
            "closure",
            False,
            id="lambda-capturing-nothing",
        ),
        pytest.param("const re = /\\d+/g;", "javascript", "regex_literal", True, id="regex-literal"),
        pytest.param('import re\np = re.compile(r"\\w+")\n', "python", "regex_literal", True, id="regex-compile"),
        pytest.param('db.execute("SELECT id FROM users WHERE x = 1")\n', "python", "sql_literal", True, id="sql"),
        pytest.param('print("select a value from the list")\n', "python", "sql_literal", False, id="prose-not-sql"),
        pytest.param(DFS_JS, "javascript", "self_call_in_loop", True, id="self-call-in-a-loop"),
        pytest.param(PERMUTATIONS_PY, "python", "self_call_in_loop", True, id="self-call-in-a-comprehension"),
        pytest.param(QUICKSORT_C, "c", "self_call_in_loop", False, id="self-call-after-the-loop"),
        pytest.param("int d = dp[i - 1][j] + grid[i][j];", "c", "nested_index", True, id="nested-index"),
        pytest.param("x = a[i] + b[j]\n", "python", "nested_index", False, id="single-index"),
        pytest.param(BINARY_SEARCH_JAVA, "java", "halving", True, id="halving-by-shift"),
        pytest.param("mid = (lo + hi) // 2\n", "python", "halving", True, id="halving-by-division"),
        pytest.param("x = a / b\ny = n / 3\n", "python", "halving", False, id="not-halving"),
        pytest.param("for m in range(i * i, n, i):\n    c[m] = 1\n", "python", "stride", True, id="stride-range"),
        pytest.param("flags[i * i :: i] = [False] * k\n", "python", "stride", True, id="stride-slice"),
        pytest.param("for (j = i * i; j <= n; j += i) c[j] = 1;", "c", "stride", True, id="stride-c"),
        pytest.param("for j := i * i; j <= n; j += i {\n\tc[j] = true\n}\n", "go", "stride", True, id="stride-go"),
        pytest.param("for (my $j = $i; $j <= $n; $j += $i) { $c[$j] = 1 }", "perl", "stride", True, id="stride-perl"),
        pytest.param("for j in (i * i..=n).step_by(i) { c[j] = true; }", "rust", "stride", True, id="stride-rust"),
        pytest.param("for (j in i * i..n step i) { c[j] = true }", "kotlin", "stride", True, id="stride-kotlin"),
        pytest.param("for j = i * i, n, i do c[j] = true end", "lua", "stride", True, id="stride-lua"),
        pytest.param("for j in i*i:i:n\n    c[j] = true\nend\n", "julia", "stride", True, id="stride-julia"),
        pytest.param("for i in range(0, n, 2):\n    total += i\n", "python", "stride", False, id="literal-step"),
        pytest.param("for (i = 0; i < n; i++) sum += a[i];", "c", "stride", False, id="accumulating-is-no-stride"),
        pytest.param(SIEVE_PY, "python", "multiples", True, id="multiples-python"),
        pytest.param(SIEVE_PERL, "perl", "multiples", True, id="multiples-perl"),
        pytest.param(DIVISOR_SUMS_GO, "go", "multiples", True, id="multiples-go"),
        pytest.param(STRIDED_ROWS_C, "c", "multiples", False, id="a-stride-of-its-own-is-not-multiples"),
    ],
)
def test_structural_facts(text, language, fact, expected):
    assert getattr(facts(parse(text, language)), fact) == expected


def test_the_tagger_reads_the_facts_it_was_trained_on_from_the_tree():
    assert set(structure_features(BUBBLE_PY, "python")) == {"s:swap", "s:nested-loop", "s:compare-indexed"}
    assert "s:generator" in structure_features("def g():\n    yield 1\n", "python", every_fact=True)
    assert "s:generator" not in structure_features("def g():\n    yield 1\n", "python")


def test_languages_without_a_grammar_keep_the_patterns():
    assert structure_features("(define (f n) (f (- n 1)))", "scheme") == structure_features(
        "(define (f n) (f (- n 1)))"
    )
