"""Turn the tagger's trained weights into the shipped ONNX model and its manifest entry.

Same graph as the language-id model with a sigmoid per tag instead of a softmax; 8-bit dynamic
quantization of the embedding table and both matrices, then offline ORT_ENABLE_ALL optimization.

    python models/tagger/export.py --weights /work/data/tagger-train/weights.npz
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "models"))
from onnx_export import build_graph, random_ids, ship  # noqa: E402

from lsp_server.engine.runtime import sha256_of  # noqa: E402

MAX_TAGS = 5


def score_drift(fp32: Path, int8: Path, samples: list[np.ndarray]) -> float:
    """Largest difference between fp32 and int8 tag scores over random inputs."""
    a = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    return max(float(np.abs(a.run(None, {"ids": s})[0] - b.run(None, {"ids": s})[0]).max()) for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--weights", type=Path, default=Path("/work/data/tagger-train/weights.npz"))
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "tagger" / "tagger.onnx")
    parser.add_argument("--manifest", type=Path, default=ROOT / "models" / "manifest.json")
    parser.add_argument("--version", default="1.3.0")
    args = parser.parse_args()
    weights = np.load(args.weights)
    features = json.loads(str(weights["features"]))
    samples = random_ids(features["bucket_bits"], 100, 20, 2000)
    fp32_mb, drift = ship(build_graph(weights, head="Sigmoid", output="scores", name="snippet_lens_tagger",
                                     pool="ReduceMax" if str(weights["pool"]) == "max" else "ReduceMean"), args.out,
                         lambda fp32, int8: score_drift(fp32, int8, samples))
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB (fp32 {fp32_mb:.1f} MB), "
          f"largest int8/fp32 score difference on random ids {drift:.3f}")
    replace_entry(args.manifest, {
        "name": "tagger", "version": args.version,
        "file": str(args.out.resolve().relative_to(args.manifest.resolve().parent)),
        "sha256": sha256_of(args.out), "inputs": ["ids"], "outputs": ["scores"],
        "labels": [str(x) for x in weights["labels"]],
        "preprocessing": {"features": features, "thresholds": [round(float(t), 3) for t in weights["thresholds"]],
                          "max_tags": MAX_TAGS},
        "metrics": {},
    })


def replace_entry(manifest: Path, entry: dict) -> None:
    """Put ``entry`` in place of the manifest's entry of the same name (appended when there is none);
    the other entries and their order stay as they are. Its metrics start empty: ``evaluate.py`` measures them."""
    data = json.loads(manifest.read_text())
    names = [m["name"] for m in data["models"]]
    if entry["name"] in names:
        data["models"][names.index(entry["name"])] = entry
    else:
        data["models"].append(entry)
    manifest.write_text(json.dumps(data, indent=2) + "\n")


if __name__ == "__main__":
    main()
