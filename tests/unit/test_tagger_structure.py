"""Structural evidence shared by the tagger's features and the weak labeler."""

from lsp_server.engine.tagger.features import TagFeatureSpec, feature_strings, word_ids
from lsp_server.engine.tagger.structure import looks_like_hand_sort, recursive_functions, structure_features

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


def test_a_hand_written_sort_is_found():
    assert looks_like_hand_sort(BUBBLE)
    assert not looks_like_hand_sort("for x in items:\n    print(x)\n")


def test_structure_becomes_features_in_version_2_only():
    assert "s:self-call" in structure_features(QUICKSORT)
    assert {"s:swap", "s:nested-loop", "s:compare-indexed"} <= set(feature_strings(BUBBLE, "python", 8192))
    assert not any(f.startswith("s:") for f in feature_strings(BUBBLE, "python", 8192, extended=False))
    v1, v2 = TagFeatureSpec(hash="crc32-words-v1"), TagFeatureSpec()
    assert len(word_ids(BUBBLE, "python", v2)) == len(word_ids(BUBBLE, "python", v1)) + 3


def test_long_one_piece_names_give_their_first_and_last_letters_in_version_2():
    strings = feature_strings("quicksort(a)\nquick_sort(b)\n", "c", 8192)
    assert {"a:quic", "z:sort"} <= set(strings)
    assert "z:sort" not in feature_strings("quick_sort(b)\n", "c", 8192)
    assert "z:sort" not in feature_strings("quicksort(a)\n", "c", 8192, extended=False)
