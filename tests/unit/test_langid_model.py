"""Golden tests for the shipped language-identification model, and training/serving parity."""

import json
from pathlib import Path

import numpy as np
import pytest

from lsp_server.engine.langid.features import FeatureSpec
from lsp_server.engine.langid.identifier import LanguageIdentifier
from lsp_server.engine.langid.names import LANGUAGES

PARITY = Path(__file__).resolve().parents[2] / "models" / "langid" / "parity.json"

GOLDEN = {
    "python": "import os\n\ndef list_py(root):\n    return [f for f in os.listdir(root) if f.endswith('.py')]\n",
    "javascript": "function debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n"
                  "    t = setTimeout(() => fn.apply(this, args), ms);\n  };\n}\n",
    "typescript": "interface User {\n  id: number;\n  name: string;\n}\n\nexport function greet(u: User): string {\n"
                  "  return `hi ${u.name}`;\n}\n",
    "java": "public final class Point {\n    private final int x;\n    public Point(int x) { this.x = x; }\n"
            "    public int getX() { return x; }\n}\n",
    "c": "#include <stdlib.h>\n\nstatic int *make(size_t n) {\n    int *p = malloc(n * sizeof *p);\n"
         "    if (p == NULL) return NULL;\n    return p;\n}\n",
    "go": "func (s *Server) Close() error {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\tif s.ln == nil {\n"
          "\t\treturn nil\n\t}\n\treturn s.ln.Close()\n}\n",
    "rust": "impl Iterator for Counter {\n    type Item = u32;\n    fn next(&mut self) -> Option<Self::Item> {\n"
            "        self.n += 1;\n        Some(self.n)\n    }\n}\n",
    "ruby": "class Greeter\n  attr_reader :name\n\n  def initialize(name)\n    @name = name\n  end\n\n"
            "  def greet\n    puts \"Hello #{@name}\"\n  end\nend\n",
    "php": "<?php\nfunction total(array $items): float {\n    $sum = 0;\n    foreach ($items as $item) {\n"
           "        $sum += $item['price'];\n    }\n    return $sum;\n}\n",
    "sql": "CREATE TABLE orders (\n  id INTEGER PRIMARY KEY,\n  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
           "  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);\n",
    "html": "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Demo</title>\n"
            "</head>\n<body>\n  <div id=\"app\"></div>\n</body>\n</html>\n",
    "css": ".card {\n  display: flex;\n  padding: 1rem;\n  border-radius: 4px;\n}\n\n.card:hover {\n"
           "  box-shadow: 0 2px 4px rgba(0, 0, 0, 0.2);\n}\n",
    "json": "{\n  \"name\": \"demo\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": {\n    \"left-pad\": \"^1.3.0\"\n"
            "  }\n}\n",
    "yaml": "services:\n  web:\n    image: nginx:latest\n    ports:\n      - \"80:80\"\n    volumes:\n"
            "      - ./site:/usr/share/nginx/html\n",
    "shellscript": "set -e\nfor f in *.txt; do\n  if [ -s \"$f\" ]; then\n    echo \"$f\"\n  fi\ndone\n",
    "haskell": "module Main where\n\nimport qualified Data.Map as M\n\nmain :: IO ()\nmain = do\n"
               "  let m = M.fromList [(1, \"a\"), (2, \"b\")]\n  print (M.lookup 1 m)\n",
    "markdown": "# Install\n\nRun the installer, then:\n\n- open the **settings**\n- pick a [theme](https://example.org)\n",
}


@pytest.fixture(scope="module")
def identifier(engine) -> LanguageIdentifier:
    return LanguageIdentifier(engine.registry.get("langid"))


def test_the_model_covers_every_supported_language(identifier):
    assert set(LANGUAGES) <= set(identifier.labels)


@pytest.mark.parametrize("language", sorted(GOLDEN))
def test_golden_snippets_get_their_language(engine, language):
    assert engine.analyze(GOLDEN[language]).language.language == language


def test_serving_reproduces_the_trained_model_on_the_training_features(identifier):
    """parity.json holds the fp32 model's probabilities on features computed by train.py's pipeline
    at export time; the int8 ONNX graph fed by the serving features must agree with them."""
    fixture = json.loads(PARITY.read_text())
    assert tuple(fixture["labels"]) == identifier.labels
    for case in fixture["cases"]:
        probs = identifier.probabilities(case["text"])
        assert identifier.labels[int(np.argmax(probs))] == case["language"]
        assert np.abs(probs - np.array(case["probabilities"])).max() < 0.05


def test_manifest_preprocessing_is_what_serving_uses(engine, identifier):
    spec = engine.registry.get("langid").spec
    assert FeatureSpec.from_json(spec.preprocessing) == identifier.features
