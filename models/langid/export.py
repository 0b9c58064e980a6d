"""Turn trained weights into the shipped ONNX model and record it in models/manifest.json.

Steps: build the fp32 graph (Gather -> ReduceMean -> LayerNorm -> MatMul/Relu/MatMul -> /T -> Softmax),
quantize its weights to 8 bits (dynamic), optimize the result offline with ONNX Runtime
(ORT_ENABLE_ALL), check it agrees with fp32, then write the file and its manifest entry.

    python models/langid/export.py --weights /work/data/langid-train/weights.npz
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
from onnx_export import build_graph, random_ids, ship, update_manifest  # noqa: E402
from train import featurize  # noqa: E402

from lsp_server.engine.langid.features import FeatureSpec  # noqa: E402
from lsp_server.engine.runtime import sha256_of  # noqa: E402

PARITY_TEXTS = [
    "def mean(xs):\n    return sum(xs) / len(xs)\n",
    "fn main() {\n    let v: Vec<u32> = (0..10).collect();\n    println!(\"{:?}\", v);\n}\n",
    "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n",
    "SELECT name, COUNT(*) FROM users\nWHERE age > 30\nGROUP BY name;\n",
    "const add = (a, b) => a + b;\nmodule.exports = { add };\n",
    "#include <stdio.h>\nint main(void) {\n    printf(\"%d\\n\", 42);\n    return 0;\n}\n",
    "<html>\n  <body>\n    <p class=\"note\">Hello</p>\n  </body>\n</html>\n",
    "name: build\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
    "public class Hello {\n    public static void main(String[] args) {\n        System.out.println(1);\n    }\n}\n",
    "for i in $(seq 1 3); do\n  echo \"$i\"\ndone\n",
]

MODELS = ROOT / "models"


def agreement(fp32: Path, int8: Path, samples: list[np.ndarray]) -> float:
    a = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    same = [int(np.argmax(a.run(None, {"ids": s})[0]) == np.argmax(b.run(None, {"ids": s})[0])) for s in samples]
    return float(np.mean(same))


def reference_probabilities(weights: np.lib.npyio.NpzFile, spec: FeatureSpec, texts: list[str]) -> np.ndarray:
    """The fp32 model on the training pipeline's features, in numpy: what the shipped graph must reproduce."""
    ids, offsets, shares = featurize((texts, spec))
    bounds = [*offsets.tolist(), ids.size]
    rows = []
    for start, stop in itertools.pairwise(bounds):
        pooled = shares[start:stop] @ weights["embedding"][ids[start:stop]]
        normed = (pooled - pooled.mean()) / np.sqrt(pooled.var() + 1e-5) * weights["norm_w"] + weights["norm_b"]
        hidden = np.maximum(normed @ weights["hidden_w"] + weights["hidden_b"], 0)
        logits = (hidden @ weights["out_w"] + weights["out_b"]) / float(weights["temperature"])
        exp = np.exp(logits - logits.max())
        rows.append(exp / exp.sum())
    return np.array(rows)


def write_parity_fixture(weights: np.lib.npyio.NpzFile, spec: FeatureSpec, path: Path) -> None:
    labels = [str(x) for x in weights["labels"]]
    probs = reference_probabilities(weights, spec, PARITY_TEXTS)
    cases = [{"text": text, "language": labels[int(np.argmax(p))], "probabilities": [round(float(x), 5) for x in p]}
             for text, p in zip(PARITY_TEXTS, probs, strict=False)]
    path.write_text(json.dumps({"labels": labels, "cases": cases}, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=Path, default=Path("/work/data/langid-train/weights.npz"))
    parser.add_argument("--out", type=Path, default=MODELS / "langid" / "langid.onnx")
    parser.add_argument("--manifest", type=Path, default=MODELS / "manifest.json")
    parser.add_argument("--version", default="1.0.0")
    args = parser.parse_args()
    weights = np.load(args.weights)
    features = json.loads(str(weights["features"]))
    samples = random_ids(features["bucket_bits"], 200, 50, 5000)
    fp32_mb, agree = ship(build_graph(weights), args.out,
                         lambda fp32, int8: agreement(fp32, int8, samples))
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB (fp32 {fp32_mb:.1f} MB), "
          f"int8/fp32 top-1 agreement on random ids {agree:.3f}")
    write_parity_fixture(weights, FeatureSpec.from_json(features), args.out.parent / "parity.json")
    file = str(args.out.resolve().relative_to(args.manifest.resolve().parent))
    update_manifest(args.manifest, {
        "name": "langid", "version": args.version, "file": file,
        "sha256": sha256_of(args.out), "inputs": ["ids"], "outputs": ["probabilities"],
        "labels": [str(x) for x in weights["labels"]], "preprocessing": features,
        "metrics": {"temperature": round(float(weights["temperature"]), 3)},
    })


if __name__ == "__main__":
    main()
