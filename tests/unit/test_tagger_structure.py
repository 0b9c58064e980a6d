"""Structural evidence shared by the tagger's features and the weak labeler."""

import pytest

from lsp_server.engine.tagger.features import (
    HASH_V1,
    HASH_V2,
    HASH_V3,
    HASH_V4,
    TagFeatureSpec,
    feature_strings,
    word_ids,
)
from lsp_server.engine.tagger.structure import looks_like_hand_sort, recursive_functions, structure_features

V1, V2, V3 = TagFeatureSpec(hash=HASH_V1), TagFeatureSpec(hash=HASH_V2), TagFeatureSpec(hash=HASH_V3)
V4, V5 = TagFeatureSpec(hash=HASH_V4), TagFeatureSpec()

QUICKSORT = """\
void quicksort(int *a, int lo, int hi) {
    if (lo >= hi) return;
    int p = a[hi], i = lo;
    for (int j = lo; j < hi; j++)
        if (a[j] < p) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; }
    quicksort(a, lo, i - 1);
    quicksort(a, i + 1, hi);
}
"""
BUBBLE = """\
for i in range(n):
    for j in range(n - 1 - i):
        k = j + 1
        if a[j] > a[k]:
            a[j], a[k] = a[k], a[j]
"""


def test_a_function_calling_itself_is_found():
    assert recursive_functions(QUICKSORT) == ["quicksort"]
    assert recursive_functions("def f(x):\n    return g(x)\n") == []


def test_an_r_function_calling_itself_is_found_but_not_a_call_after_it():
    assert recursive_functions("g <- function(a, b) if (b == 0) a else g(b, a %% b)\nReduce(g, xs)\n") == ["g"]
    assert recursive_functions("f <- function(x) {\n  x + 1\n}\nf(2)\n") == []


def test_a_hand_written_sort_is_found():
    assert looks_like_hand_sort(BUBBLE)
    assert not looks_like_hand_sort("for x in items:\n    print(x)\n")


def test_structure_becomes_features_from_version_2_on():
    assert "s:self-call" in structure_features(QUICKSORT)
    assert {"s:swap", "s:nested-loop", "s:compare-indexed"} <= set(feature_strings(BUBBLE, "python", V2))
    assert not any(f.startswith("s:") for f in feature_strings(BUBBLE, "python", V1))
    assert len(word_ids(BUBBLE, "python", V2)) == len(word_ids(BUBBLE, "python", V1)) + 3


def test_long_one_piece_names_give_their_first_and_last_letters_from_version_2_on():
    strings = feature_strings("quicksort(a)\nquick_sort(b)\n", "c", V2)
    assert {"a:quic", "z:sort"} <= set(strings)
    assert "z:sort" not in feature_strings("quick_sort(b)\n", "c", V2)
    assert "z:sort" not in feature_strings("quicksort(a)\n", "c", V1)


def test_version_3_reads_every_fact_and_the_conjunctions_that_point_at_an_algorithm():
    structure = [f for f in feature_strings(QUICKSORT, "c", V3) if f[:2] in {"s:", "c:"}]
    assert {"s:self-call", "s:loop", "s:swap", "c:self-call+swap"} <= set(structure)
    assert "c:nested-loop+modulo" not in structure
    assert "c:self-call+swap" not in feature_strings(QUICKSORT, "c", V2)


def test_version_3_does_not_take_delegation_for_recursion():
    delegating = "def close(self):\n    self._file.close()\n"
    assert "s:self-call" in feature_strings(delegating, "python", V2)
    assert "s:self-call" not in feature_strings(delegating, "python", V3)
    assert "s:self-call" in feature_strings("def f(n):\n    return f(n - 1) if n else 0\n", "python", V3)


def test_version_3_keeps_the_patterns_for_languages_without_a_grammar():
    assert "c:nested-loop+swap" in feature_strings(BUBBLE, "nim", V3)
    assert "s:loop" not in feature_strings(BUBBLE, "nim", V3)


@pytest.mark.parametrize("weight", [1, 3])
def test_structure_weight_repeats_each_structural_feature(weight):
    spec = TagFeatureSpec(structure_weight=weight)
    strings = feature_strings(QUICKSORT, "c", spec)
    assert strings.count("s:self-call") == strings.count("c:self-call+swap") == weight
    assert strings.count("w:quicksort") == 3


def test_structure_share_weighs_the_facts_in_proportion_to_the_words():
    spec = TagFeatureSpec(structure_share=0.05)
    long, short = feature_strings(QUICKSORT, "c", spec), feature_strings("int f(int n) { return f(n - 1); }", "c", spec)
    words = [f for f in long if f[:2] not in {"s:", "c:", "r:"}]
    assert long.count("s:self-call") == round(0.05 * len(words)) > 1
    assert short.count("s:self-call") == 1


def test_older_manifests_without_a_hash_or_weight_read_as_version_2():
    spec = TagFeatureSpec.from_json({"bucket_bits": 18, "max_chars": 8192})
    assert (spec.hash, spec.structure_weight, spec.structure_share, spec.every_fact) == (HASH_V2, 1, 0.0, False)
    assert TagFeatureSpec.from_json(V3.to_json()) == V3
    assert TagFeatureSpec.from_json(V4.to_json()) == V4
    assert TagFeatureSpec.from_json(V5.to_json()) == V5


def test_version_5_reads_loops_stepping_by_a_variable_and_version_4_does_not():
    sieve = "def f(n):\n    for i in range(2, n):\n        for m in range(i * i, n, i):\n            c[m] = 1\n"
    assert {"s:stride", "s:multiples", "c:nested-loop+stride"} <= set(feature_strings(sieve, "python", V5))
    assert not any("stride" in f for f in feature_strings(sieve, "python", TagFeatureSpec(hash=HASH_V4)))


def test_version_4_reads_the_evidence_rules_verdicts_and_version_3_does_not():
    code = "import heapq\n\ndef top(items, k):\n    return heapq.nlargest(k, items)\n"
    spec = TagFeatureSpec(structure_share=0.05)
    assert "r:heaps" in feature_strings(code, "python", spec)
    assert not any(f.startswith("r:") for f in feature_strings(code, "python", TagFeatureSpec(hash=HASH_V3)))
