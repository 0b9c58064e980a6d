"""Golden tests for the shipped concept tagger, and a quality floor on the hand-labeled set."""

import json
from pathlib import Path

import pytest
import tomllib

TAGGER_DIR = Path(__file__).resolve().parents[2] / "models" / "tagger"

PYTHON_HTTP_JSON = """\
import json
import requests


def fetch_user(user_id):
    response = requests.get(f"https://api.example.org/users/{user_id}", timeout=10)
    response.raise_for_status()
    return json.loads(response.text)
"""

C_QUICKSORT = """\
static void swap(int *a, int *b) {
    int t = *a;
    *a = *b;
    *b = t;
}

static void quicksort(int *v, int lo, int hi) {
    if (lo >= hi)
        return;
    int pivot = v[hi], i = lo;
    for (int j = lo; j < hi; j++)
        if (v[j] < pivot)
            swap(&v[i++], &v[j]);
    swap(&v[i], &v[hi]);
    quicksort(v, lo, i - 1);
    quicksort(v, i + 1, hi);
}
"""

GO_HANDLER = """\
package main

import (
\t"fmt"
\t"net/http"
)

func hello(w http.ResponseWriter, r *http.Request) {
\tfmt.Fprintf(w, "hello %s", r.URL.Query().Get("name"))
}

func main() {
\thttp.HandleFunc("/hello", hello)
\thttp.ListenAndServe(":8080", nil)
}
"""


@pytest.fixture(scope="module")
def tagging_engine(engine):
    if "tagger" not in {status.name for status in engine.models()}:
        pytest.skip("models/manifest.json lists no tagger")
    return engine


def tag_ids(engine, text):
    return [tag.id for tag in engine.analyze(text).tags]


def test_python_http_and_json(tagging_engine):
    assert {"http-client", "json"} <= set(tag_ids(tagging_engine, PYTHON_HTTP_JSON))


def test_hand_written_quicksort_in_c_is_sorting(tagging_engine):
    assert "sorting" in tag_ids(tagging_engine, C_QUICKSORT)


def test_go_http_handler_is_a_web_server(tagging_engine):
    assert "web-server" in tag_ids(tagging_engine, GO_HANDLER)


def test_tags_are_taxonomy_ids_best_first_and_few(tagging_engine):
    with (TAGGER_DIR / "taxonomy.toml").open("rb") as handle:
        known = {tag["id"] for tag in tomllib.load(handle)["tag"]}
    tags = tagging_engine.analyze(PYTHON_HTTP_JSON).tags
    assert {tag.id for tag in tags} <= known
    assert [tag.score for tag in tags] == sorted((tag.score for tag in tags), reverse=True)
    assert len(tags) <= 5


def test_quality_floor_on_the_hand_labeled_set(tagging_engine):
    rows = [json.loads(line) for line in (TAGGER_DIR / "eval" / "snippets.jsonl").open(encoding="utf-8")]
    tp = fp = fn = 0
    for row in rows:
        gold, predicted = set(row["tags"]), set(tag_ids(tagging_engine, row["text"]))
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
    assert 2 * tp / (2 * tp + fp + fn) >= FLOOR_MICRO_F1


FLOOR_MICRO_F1 = 0.40
