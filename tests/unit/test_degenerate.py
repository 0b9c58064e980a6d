"""Degenerate sentences are recognised, and beam search is asked for a sound one instead."""

import numpy as np
import pytest

from lsp_server.engine.describer.decoding import DecodingOptions, candidates
from lsp_server.engine.describer.degenerate import is_degenerate, repeats_content, unfinished


@pytest.mark.parametrize(
    ("sentence", "code", "degenerate"),
    [
        ("Get the query for a given query.", "def get_query(q):", True),
        ("Get the table for a given table.", "def get_table(name):", True),
        ("Returns the value of the.", "", True),
        ("Creates a new instance of the given project.", "function unblockProject(req, res) {", True),
        ("Unblock project.", "function unblockProject(req, res) {", True),
        ("Check if the node is a list of nodes.", "def _tuple_swap(tree, assignment):", True),
        ("Return the n-th Fibonacci number.", "def fibonacci(n):", False),
        ("Load a config file from the given path.", "def load_config(path):", False),
        ("Mark the project as no longer blocked and save it.", "function unblockProject(req, res) {", False),
    ],
)
def test_degenerate_sentences(sentence, code, degenerate):
    assert is_degenerate(sentence, code) is degenerate


@pytest.mark.parametrize(
    ("sentence", "code", "more"),
    [
        ("Writes a long", "public void writeLong(long value) {", True),
        ("Writes a long to the", "public void writeLong(long value) {", True),
        ("Writes a long to the stream", "public void writeLong(long value) {", False),
        ("Returns the", "", True),
        ("Returns the size", "def size(self):", True),
        ("Returns the number of open files", "def size(self):", False),
    ],
)
def test_unfinished_sentences_want_more_words(sentence, code, more):
    assert unfinished(sentence, code) is more


@pytest.mark.parametrize(
    ("sentence", "word", "repeats"),
    [
        ("Return the line of the", "line", True),
        ("Return the line of the", "Lines", True),
        ("Return the line of the", "buffer", False),
        ("Return the line of the", "the", False),
        ("Get the value of the", "value", False),
    ],
)
def test_a_content_word_written_twice_is_recognised(sentence, word, repeats):
    assert repeats_content(sentence, word) is repeats


class Branching:
    """First step: token 3 (score 3) or token 4 (score 2.5); then the end token (1)."""

    def first(self, rows):
        out = np.full((rows, 6), -5.0, dtype=np.float32)
        out[:, 3], out[:, 4] = 3.0, 2.5
        return out, 0

    def next(self, tokens, cache):
        out = np.full((tokens.shape[0], 6), -5.0, dtype=np.float32)
        out[:, 1] = 5.0
        return out, cache

    def reorder(self, cache, rows):
        return cache


def test_beam_candidates_come_best_first():
    found = candidates(Branching(), 1, DecodingOptions(beams=3, min_new_tokens=1))
    assert [decoded.tokens for decoded in found[:2]] == [[3], [4]]
