"""The evidence rules (lsp_server/engine/tagger/rules.py, the weak labeler of models/tagger): clear evidence gives
its tag, no evidence gives none."""

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "tagger"))
import doc_rules
import rules

CASES = [
    ("python", "import requests\nr = requests.get(url)\ndata = json.loads(r.text)\n", {"http-client", "json"}),
    ("go", "func main() {\n\thttp.HandleFunc(\"/\", index)\n\thttp.ListenAndServe(\":80\", nil)\n}\n", {"web-server"}),
    ("javascript", "const res = await fetch(url);\nconst body = await res.json();\n", {"http-client", "async", "json"}),
    ("c", "int fact(int n) {\n    if (n < 2) return 1;\n    return n * fact(n - 1);\n}\n", {"recursion"}),
    ("python", "def walk(node):\n    if node is None:\n        return 0\n    return 1 + walk(node.left) + walk(node.right)\n",
     {"recursion", "trees"}),
    ("rust", "let re = Regex::new(r\"^\\d+$\").unwrap();\n", {"regex"}),
    ("shellscript", "docker build -t app .\ndocker run --rm app\n", {"containers"}),
    ("java", "try (BufferedReader r = Files.newBufferedReader(p)) {\n    return r.readLine();\n}\n", {"file-io"}),
    ("sql", "SELECT name FROM users WHERE id = 1;\n", {"sql"}),
    ("python", "import heapq\nheapq.heappush(q, (d, v))\n", {"heaps"}),
]


@pytest.mark.parametrize(("language", "text", "expected"), CASES)
def test_clear_evidence_gives_the_tag(language, text, expected):
    assert expected <= rules.weak_labels(text, language)


def test_hand_written_bubble_sort_is_sorting():
    code = ("for (int i = 0; i < n; i++)\n    for (int j = 0; j + 1 < n - i; j++)\n"
            "        if (a[j] > a[j + 1])\n            swap(&a[j], &a[j + 1]);\n")
    assert "sorting" in rules.weak_labels(code, "c")


def test_loops_walking_the_multiples_of_each_number_are_math():
    sieve = ("for (int i = 2; i * i <= n; i++)\n    if (!composite[i])\n"
             "        for (int j = i * i; j <= n; j += i)\n            composite[j] = 1;\n")
    assert "math" in rules.weak_labels(sieve, "c")
    summing = "for (int i = 0; i < n; i++) {\n    for (int j = 0; j < n; j++) total += i;\n}\n"
    assert "math" not in rules.weak_labels(summing, "c")


def test_code_without_concepts_gets_no_tags():
    assert rules.weak_labels("fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n", "rust") == set()


def test_every_rule_tag_is_in_the_taxonomy():
    assert {tag for tag, _, _ in rules.RULES} <= set(rules.taxonomy_ids())


DOC_CASES = [
    ("Send an HTTP GET request to the given URL and return the body.", {"http-client", "urls"}),
    ("Sorts the entries by modification date.", {"sorting", "datetime"}),
    ("Parse the JSON document into a map.", {"json", "parsing"}),
    ("Recursively walks the tree and collects the leaves.", {"recursion", "trees"}),
    ("Encrypts the payload with AES.", {"cryptography"}),
]


@pytest.mark.parametrize(("summary", "expected"), DOC_CASES)
def test_documentation_naming_a_concept_gives_its_tag(summary, expected):
    assert expected <= doc_rules.doc_labels(summary)


def test_documentation_without_concepts_gives_no_tags():
    assert doc_rules.doc_labels("Returns the user's display name.") == set()
    assert set(doc_rules.DOC_RULES) <= set(rules.taxonomy_ids())


def test_rule_alternatives_split_only_at_the_top_level():
    import build_dataset

    assert build_dataset.alternatives(r"\bfetch\(|\baxios\b|(a|b)[|]") == [r"\bfetch\(", r"\baxios\b", "(a|b)[|]"]
    assert build_dataset.alternatives("(?i)select|insert") == ["(?i)select", "(?i)insert"]
    assert build_dataset.alternatives(r"[^]|]x|\|y|[]|]") == ["[^]|]x", r"\|y", "[]|]"]


def whole_rule_labels(text, language):
    """What the rules find searched one whole pattern at a time (the engine splits them for speed)."""
    return {tag for tag, pattern, languages, _ in rules.COMPILED
            if (languages is None or language in languages) and pattern.search(text)}


def test_rules_split_into_alternatives_find_what_the_whole_rules_find():
    eval_dir = Path(__file__).resolve().parents[2] / "models" / "tagger" / "eval"
    rows = [json.loads(line) for name in ("snippets.jsonl", "algorithms_and_apps.jsonl")
            for line in (eval_dir / name).open(encoding="utf-8")]
    rows += [{"text": text, "language": language} for language, text, _ in CASES]
    structural = {"recursion", "sorting", "math", "containers", "build-scripts"}  # also found without a pattern
    for row in rows:
        found = rules.weak_labels(row["text"], row["language"])
        whole = whole_rule_labels(row["text"], row["language"])
        assert whole <= found and found - whole <= structural, row["text"]


def test_every_rule_alternative_is_a_valid_pattern_of_its_rule():
    import re

    import build_dataset

    for tag, pattern, _ in rules.RULES:
        for branch in build_dataset.alternatives(pattern):
            assert re.compile(branch), (tag, branch)


ADVERSARIAL = """
import sys
from lsp_server.engine.tagger.rules import weak_labels
n = 8192
for unit in ["a ", "select a ", "SELECT a, ", "a", "a & (", "a << ", "a[i][", "a.", "@a.b", "f\\"{", "case a(b",
             "(a) => (b) => ", "def f(x):\\n    return f(x-1)\\n", "for (i=0;i<n;i++) a[i]>a[j]\\n",
             "for i in ", "for i in range(a, ", "for i for j += k ", "for i for j += i) for k += i {\\n"]:
    text = (unit * n)[:n]
    for language in ["python", "javascript", "c", "sql", "go", "rust", "ruby", "shellscript", "makefile", "unknown"]:
        weak_labels(text, language)
print("done")
"""


def test_the_rules_finish_on_long_repetitive_snippets():
    # They run on every tagged selection; a pattern that backtracks without end would hang the server.
    import subprocess

    done = subprocess.run([sys.executable, "-c", ADVERSARIAL], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "done", done.stderr
