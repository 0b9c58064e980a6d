"""ONNX side shared by the classifiers' export scripts: graph, int8 quantization, offline optimization,
manifest entry."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper
from onnxruntime.quantization import QuantType, quantize_dynamic

OPSET = 17


def build_graph(weights: np.lib.npyio.NpzFile, head: str = "Softmax", output: str = "probabilities",
                name: str = "snippet_lens_langid", pool: str = "ReduceMean") -> onnx.ModelProto:
    """The MLP over mean-pooled n-gram embeddings; ``head`` is Softmax (one label) or Sigmoid (tags)."""
    labels = [str(x) for x in weights["labels"]]
    inits = [
        numpy_helper.from_array(weights["embedding"].astype(np.float32), "embedding"),
        numpy_helper.from_array(weights["norm_w"].astype(np.float32), "norm_w"),
        numpy_helper.from_array(weights["norm_b"].astype(np.float32), "norm_b"),
        numpy_helper.from_array(weights["hidden_w"].astype(np.float32), "hidden_w"),
        numpy_helper.from_array(weights["hidden_b"].astype(np.float32), "hidden_b"),
        numpy_helper.from_array(weights["out_w"].astype(np.float32), "out_w"),
        numpy_helper.from_array(weights["out_b"].astype(np.float32), "out_b"),
        numpy_helper.from_array(np.array(float(weights["temperature"]), dtype=np.float32), "temperature"),
    ]
    nodes = [
        helper.make_node("Gather", ["embedding", "ids"], ["rows"], axis=0),
        helper.make_node(pool, ["rows"], ["pooled"], axes=[0], keepdims=1),
        helper.make_node("LayerNormalization", ["pooled", "norm_w", "norm_b"], ["normed"], axis=-1, epsilon=1e-5),
        helper.make_node("MatMul", ["normed", "hidden_w"], ["h0"]),
        helper.make_node("Add", ["h0", "hidden_b"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h2"]),
        helper.make_node("MatMul", ["h2", "out_w"], ["o0"]),
        helper.make_node("Add", ["o0", "out_b"], ["logits"]),
        helper.make_node("Div", ["logits", "temperature"], ["scaled"]),
        helper.make_node(head, ["scaled"], [output], **({"axis": -1} if head == "Softmax" else {})),
    ]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["n"])],
        [helper.make_tensor_value_info(output, TensorProto.FLOAT, [1, len(labels)])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="snippet-lens")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def optimize(src: Path, dst: Path) -> None:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.optimized_model_filepath = str(dst)
    # NCHWc layouts are specific to the CPU that optimizes; everything else in ORT_ENABLE_ALL is portable.
    ort.InferenceSession(str(src), options, providers=["CPUExecutionProvider"], disabled_optimizers=["NchwcTransformer"])


def update_manifest(path: Path, entry: dict) -> None:
    manifest = json.loads(path.read_text()) if path.exists() else {"models": []}
    old = next((m for m in manifest["models"] if m["name"] == entry["name"]), None)
    if old is not None and old.get("version") == entry.get("version"):  # a new version is measured afresh
        entry["metrics"] = old.get("metrics", {}) | entry.get("metrics", {})
    manifest["models"] = [m for m in manifest["models"] if m["name"] != entry["name"]] + [entry]
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def ship(graph: onnx.ModelProto, out: Path, compare: Callable[[Path, Path], float]) -> tuple[float, float]:
    """Quantize ``graph`` to int8 (embedding table and matrices), optimize it offline into ``out``;
    returns the fp32 size in MB and ``compare(fp32_path, out)``."""
    with tempfile.TemporaryDirectory() as tmp:
        fp32, quantized = Path(tmp) / "fp32.onnx", Path(tmp) / "quantized.onnx"
        onnx.save(graph, fp32)
        quantize_dynamic(fp32, quantized, weight_type=QuantType.QUInt8, op_types_to_quantize=["Gather", "MatMul"])
        optimize(quantized, out)
        return fp32.stat().st_size / 1e6, compare(fp32, out)


def random_ids(bucket_bits: int, count: int, low: int, high: int) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.integers(0, 1 << bucket_bits, size=int(n)) for n in rng.integers(low, high, count)]


def write_results(readme: Path, text: str, start: str = "<!-- results:start -->", end: str = "<!-- results:end -->") -> None:
    """Replace what lies between the results markers of ``readme`` with ``text``."""
    head, _, rest = readme.read_text().partition(start)
    _, _, tail = rest.partition(end)
    readme.write_text(f"{head}{start}\n{text}\n{end}{tail}")


def update_metrics(manifest: Path, name: str, metrics: dict) -> None:
    """Merge ``metrics`` into the manifest entry called ``name``."""
    data = json.loads(manifest.read_text())
    for entry in data["models"]:
        if entry["name"] == name:
            entry["metrics"] = entry.get("metrics", {}) | metrics
    manifest.write_text(json.dumps(data, indent=2) + "\n")
