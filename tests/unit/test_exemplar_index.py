"""The exemplar index: similar documented functions, found by their identifier words, and the
sentences borrowed from them."""

import numpy as np
import pytest

from lsp_server.engine.describer.exemplars import (
    WORKSPACE,
    Exemplar,
    ExemplarIndex,
    borrowed_sentence,
    code_words,
    name_words,
)

FUNCTIONS = [
    ("def load_config(path):\n    with open(path) as f:\n        return json.load(f)",
     "Load the config file from disk.", "load_config"),
    ("def send_email(to, subject, body):\n    smtp = smtplib.SMTP(host)\n    smtp.sendmail(sender, to, body)",
     "Send an email message.", "send_email"),
    ("function parseQueryString(url) {\n  return new URLSearchParams(url.split('?')[1]);\n}",
     "Parse the query string of a URL.", "parseQueryString"),
]


def test_code_words_split_identifiers_into_lowercase_pieces():
    assert code_words("getUserName(user_id); HTTPServer") >= {"get", "user", "name", "id", "http", "server"}


def test_the_nearest_function_shares_the_most_telling_words():
    index = ExemplarIndex.build(FUNCTIONS)
    found = index.nearest("def load_settings(path):\n    with open(path) as handle:\n        return json.load(handle)")
    assert found is not None and found.name == "load_config" and 0 < found.similarity <= 1
    assert index.nearest("fn unrelated_zebra() {}") is None


def test_a_function_is_most_similar_to_itself():
    index = ExemplarIndex.build(FUNCTIONS)
    for code, summary, name in FUNCTIONS:
        found = index.nearest(code)
        assert (found.name, found.summary) == (name, summary)
        assert found.similarity == pytest.approx(1.0, abs=1e-5)


def test_saved_and_loaded_index_answers_the_same(tmp_path):
    index = ExemplarIndex.build(FUNCTIONS, origin=WORKSPACE)
    index.save(tmp_path / "ex.npz")
    loaded = ExemplarIndex.load(tmp_path / "ex.npz")
    assert loaded.summaries == index.summaries and loaded.names == index.names
    assert np.array_equal(loaded.postings, index.postings)
    query = "async function sendMail(to, subject) { await smtp.sendmail(to, subject) }"
    assert loaded.nearest(query).name == index.nearest(query).name == "send_email"


def test_an_empty_index_finds_nothing():
    assert ExemplarIndex.build([]).nearest("def f(): pass") is None


def test_words_in_too_many_functions_are_left_out():
    common = [(f"def f{i}(value):\n    return value + {i}", f"Add {i}.", f"f{i}") for i in range(50)]
    index = ExemplarIndex.build(common, max_share=0.5)
    assert index.nearest("value") is None  # in every function: no postings kept


def test_a_borrowed_sentence_swaps_the_words_where_the_names_differ():
    exemplar = Exemplar("Load the config file from disk.", "load_config", 0.6, WORKSPACE)
    assert borrowed_sentence(exemplar, "load_settings") == "Load the settings file from disk."
    assert borrowed_sentence(exemplar, "readConfigFile") == "Load the config file from disk."  # 2 vs 3 words
    assert borrowed_sentence(exemplar, None) == "Load the config file from disk."
    assert borrowed_sentence(exemplar, "save_settings") == "Load the config file from disk."  # nothing shared


def test_name_words():
    assert name_words("getUserName") == ["get", "user", "name"] == name_words("get_user_name")
