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


NOT_CODE = {
    "prose": "The committee met on Tuesday to discuss the budget for next year. Several members raised\n"
             "concerns about the rising cost of maintenance, and the chair promised a detailed report\n"
             "before the next meeting.\n",
    "application-log": "2024-05-01 10:22:31,004 INFO  [main] Starting server on port 8080\n"
                       "2024-05-01 10:22:31,118 WARN  [pool-1] Connection pool almost full (18/20)\n"
                       "2024-05-01 10:22:32,501 ERROR [worker-3] Request failed: timeout after 30000 ms\n",
    "syslog": "May  1 10:22:31 host sshd[1234]: Accepted publickey for alice from 10.0.0.5 port 51122 ssh2\n"
              "May  1 10:22:35 host systemd[1]: Started Session 42 of user alice.\n"
              "May  1 10:23:01 host CRON[1301]: (root) CMD (run-parts /etc/cron.hourly)\n",
    "base64": "TWFueSBoYW5kcyBtYWtlIGxpZ2h0IHdvcmsuIFRoaXMgaXMgYSB0ZXN0IG9mIGJhc2U2NCBlbmNvZGVkIGRhdGEg\n"
              "dGhhdCBsb29rcyBsaWtlIGJpbmFyeQQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJz\n"
              "dHV2d3h5ejAxMjM0NTY3ODk=\n",
    "hex-dump": "00000000  7f 45 4c 46 02 01 01 00  00 00 00 00 00 00 00 00  |.ELF............|\n"
                "00000010  03 00 3e 00 01 00 00 00  60 10 00 00 00 00 00 00  |..>.....`.......|\n"
                "00000020  40 00 00 00 00 00 00 00  e8 3a 00 00 00 00 00 00  |@........:......|\n",
}


@pytest.mark.parametrize("kind", sorted(NOT_CODE))
def test_prose_logs_and_binary_looking_text_are_unknown(engine, kind):
    assert engine.analyze(NOT_CODE[kind], describe=False).language.language == "unknown"
