"""What the language-id training labels follow: TypeScript syntax, Markdown syntax, and the unknown class."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "langid"))
from dataset import has_typescript_syntax
from noise import has_markdown_syntax, noise_snippets, prose_paragraphs


@pytest.mark.parametrize("code", [
    pytest.param("function area(r: number) {\n  return Math.PI * r * r;\n}", id="parameter-annotation"),
    pytest.param("function load(): Promise<User[]> {\n  return api.get('/users');\n}", id="return-type"),
    pytest.param("interface User {\n  id: number;\n}", id="interface"),
    pytest.param("type Handler = (event: Event) => void;", id="type-alias"),
    pytest.param("class Store {\n  private items = new Map();\n}", id="access-modifier"),
    pytest.param("const el = document.getElementById('app') as HTMLDivElement;", id="as-cast"),
    pytest.param("const [count, setCount] = useState<number>(0);", id="generic-call"),
    pytest.param("class Repo implements Storage {\n}", id="implements"),
])
def test_typescript_syntax_is_recognised(code):
    assert has_typescript_syntax(code)


@pytest.mark.parametrize("code", [
    pytest.param("function area(r) {\n  return Math.PI * r * r;\n}", id="plain-function"),
    pytest.param("import { readFile as read } from 'fs';", id="import-rename"),
    pytest.param("const label = done ? format(total) : Pending;", id="ternary"),
    pytest.param("const point = { x: 1, y: Origin };", id="object-literal"),
    pytest.param("switch (kind) {\n  case 'a': return 1;\n}", id="switch-case"),
])
def test_plain_ecmascript_is_not_typescript(code):
    assert not has_typescript_syntax(code)


def test_plain_paragraphs_are_prose_and_marked_up_ones_are_markdown():
    text = "# Title\n\nA plain paragraph of text\nthat goes on for a second line.\n\n- a list\n- of items\n"
    assert prose_paragraphs([text]) == ["A plain paragraph of text\nthat goes on for a second line."]
    assert has_markdown_syntax("See [the docs](https://example.org).")
    assert not has_markdown_syntax("See the docs for more.")


def test_noise_mixes_prose_logs_and_encoded_data():
    snippets = noise_snippets(["Some plain words\nabout nothing in particular."], 6, np.random.default_rng(0))
    assert len(snippets) == 6 and snippets[0].startswith("Some plain words")
    assert all(snippet.strip() for snippet in snippets)
