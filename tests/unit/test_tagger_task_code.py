"""Labels for the algorithm collections' code: from the words of each file's path, plus the rules."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "tagger"))

from task_code import SKIPPED, label, path_tags  # noqa: E402


def test_the_words_of_a_path_name_its_concepts():
    assert path_tags("algorithms/dynamic_programming/knapsack.py") == {"dynamic-programming"}
    assert path_tags("algorithms/math/primes_sieve_of_eratosthenes.py") == {"math"}
    assert path_tags("src/algorithms/sorting/quick-sort/QuickSort.js") == {"sorting"}
    assert path_tags("lib/algorithms/4-binaryTrees/bst.js") == {"trees"}
    assert path_tags("algorithms/array/two_sum.py") == set()


def test_tests_examples_and_build_output_are_left_out():
    assert SKIPPED.search("algorithms/tests/test_sort.py")
    assert SKIPPED.search("src/algorithms/sorting/__test__/QuickSort.test.js")
    assert SKIPPED.search("dist/index.d.ts")
    assert not SKIPPED.search("algorithms/sorting/quick_sort.py")


def test_a_row_gets_its_path_concepts_and_what_the_rules_and_the_tree_see():
    code = "def sieve(n):\n    return [p for p in range(2, n) if all(p % d for d in range(2, p))]\n"
    assert {"math"} <= set(label(code, "python", {"math"}))
    recursive = "def walk(node):\n    return 1 + walk(node.next) if node else 0\n"
    assert "recursion" in label(recursive, "python", {"linked-lists"})
    sieve = "def marks(n, c):\n    for i in range(2, n):\n        for j in range(i * i, n, i):\n            c[j] = 1\n"
    assert "math" in label(sieve, "python", set())


def test_hiding_names_removes_comments_and_renames_what_the_snippet_defines_but_not_its_methods():
    from task_code import without_names

    knapsack = ('def knapsack(items, capacity):\n    """Solve the 0/1 knapsack problem."""\n'
                "    best = [0] * (capacity + 1)  # best value per capacity\n"
                "    for weight, value in items:\n        for c in range(capacity, weight - 1, -1):\n"
                "            best[c] = max(best[c], best[c - weight] + value)\n    return best[capacity]\n")
    hidden = without_names(knapsack, "python")
    assert hidden.startswith("def f(items, capacity):") and "knapsack" not in hidden
    assert "#" not in hidden and '"""' not in hidden and "best[c - weight]" in hidden
    heap = "class MinHeap:\n    def push(self, x):\n        self.items.append(x)\n"
    assert without_names(heap, "python") == "class Thing:\n    def push(self, x):\n        self.items.append(x)"
    assert without_names("x = 1\ny = 2\n", "python") is None
