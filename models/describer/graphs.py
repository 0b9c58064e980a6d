"""The describer's T5 as three ONNX graphs, built from numpy weights with ``onnx.helper``.

The graphs follow the layout and tensor names of Hugging Face Optimum's seq2seq export, so the engine
runs this model and an exported CodeT5 the same way:

- ``encoder_model``: input_ids, attention_mask -> last_hidden_state
- ``decoder_model`` (first step): input_ids, encoder_attention_mask, encoder_hidden_states ->
  logits, present.{i}.decoder.{key,value}, present.{i}.encoder.{key,value}
- ``decoder_with_past_model``: input_ids, encoder_attention_mask, past_key_values.{i}.{decoder,encoder}.{key,value}
  -> logits, present.{i}.decoder.{key,value}

Relative position biases are looked up per key - query offset from a table precomputed for offsets up to
``MAX_OFFSET``; the decoder's table holds -1e9 for future offsets, which is the causal mask. Weight
names are those of ``t5.py``'s state dict; the builder needs only numpy and onnx, so tests can build a
tiny random model.
"""

from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 17
MAX_OFFSET = 4096
NEG = -1e9
EPS = 1e-6


UNQUANTIZED = ["node_encoder_offsets_bias", "node_decoder_offsets_bias"]
"""Position-bias lookups stay fp32: the decoder table mixes -1e9 (the causal mask) with small biases."""


def relative_buckets(relative: np.ndarray, bidirectional: bool, buckets: int, max_distance: int) -> np.ndarray:
    """numpy twin of ``t5.relative_bucket``."""
    result = np.zeros_like(relative)
    if bidirectional:
        buckets //= 2
        result += (relative > 0).astype(relative.dtype) * buckets
        relative = np.abs(relative)
    else:
        relative = -np.minimum(relative, 0)
    exact = buckets // 2
    with np.errstate(divide="ignore"):
        large = exact + (
            np.log(np.maximum(relative, 1).astype(np.float32) / exact)
            / math.log(max_distance / exact)
            * (buckets - exact)
        ).astype(relative.dtype)
    large = np.minimum(large, buckets - 1)
    return result + np.where(relative < exact, relative, large)


def offset_table(bias: np.ndarray, config: dict, bidirectional: bool) -> np.ndarray:
    """[2*MAX_OFFSET-1, heads]: the bias of each key - query offset; future offsets masked for the decoder."""
    offsets = np.arange(-(MAX_OFFSET - 1), MAX_OFFSET, dtype=np.int64)
    table = bias[relative_buckets(offsets, bidirectional, config["relative_buckets"], config["relative_max_distance"])]
    if not bidirectional:
        table[offsets > 0] = NEG
    return table.astype(np.float32)


class Builder:
    def __init__(self, weights: dict[str, np.ndarray], config: dict):
        self.weights, self.config = weights, config
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._names: set[str] = set()
        self._count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        if name not in self._names:
            self._names.add(name)
            self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def weight_t(self, name: str) -> str:
        """A torch Linear weight [out, in] as a MatMul right-hand side [in, out]."""
        return self.const(name, self.weights[name].T.astype(np.float32))

    def op(self, op_type: str, *inputs: str, outputs: int = 1, name: str | None = None, **attrs):
        self._count += 1
        names = [name] if name else [f"{op_type.lower()}_{self._count}_{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op_type, list(inputs), names, name=f"node_{names[0]}", **attrs))
        return names[0] if outputs == 1 else names

    def ints(self, *values: int) -> str:
        key = "ints_" + "_".join(str(v).replace("-", "m") for v in values)
        return self.const(key, np.array(values, dtype=np.int64))

    def norm(self, x: str, weight: str, name: str | None = None) -> str:
        variance = self.op("ReduceMean", self.op("Mul", x, x), axes=[-1], keepdims=1)
        scale = self.op("Sqrt", self.op("Add", variance, self.const("eps", np.array(EPS, dtype=np.float32))))
        return self.op("Mul", self.op("Div", x, scale), self.const(weight, self.weights[weight]), name=name)

    def heads(self, x: str) -> str:
        c = self.config
        return self.op(
            "Transpose", self.op("Reshape", x, self.ints(0, -1, c["num_heads"], c["d_kv"])), perm=[0, 2, 1, 3]
        )

    def project(self, x: str, weight: str, name: str | None = None) -> str:
        return (
            self.op("Identity", self.heads(self.op("MatMul", x, self.weight_t(weight))), name=name)
            if name
            else self.heads(self.op("MatMul", x, self.weight_t(weight)))
        )

    def attend(self, q: str, k: str, v: str, bias: str, out_weight: str) -> str:
        c = self.config
        scores = self.op("Add", self.op("MatMul", q, self.op("Transpose", k, perm=[0, 1, 3, 2])), bias)
        context = self.op("MatMul", self.op("Softmax", scores, axis=-1), v)
        merged = self.op(
            "Reshape", self.op("Transpose", context, perm=[0, 2, 1, 3]), self.ints(0, -1, c["num_heads"] * c["d_kv"])
        )
        return self.op("MatMul", merged, self.weight_t(out_weight))

    def feed_forward(self, x: str, prefix: str) -> str:
        hidden = self.op(
            "Relu", self.op("MatMul", self.norm(x, f"{prefix}.ff_norm.weight"), self.weight_t(f"{prefix}.ff.wi.weight"))
        )
        return self.op("Add", x, self.op("MatMul", hidden, self.weight_t(f"{prefix}.ff.wo.weight")))

    def position_bias(self, table_name: str, table: np.ndarray, queries: str, keys: str) -> str:
        """[1, heads, Q, K] bias for query positions ``queries`` and key positions ``keys`` (1-D int64)."""
        offsets = self.op("Sub", self.op("Unsqueeze", keys, self.ints(0)), self.op("Unsqueeze", queries, self.ints(1)))
        index = self.op("Add", offsets, self.ints(MAX_OFFSET - 1))
        gathered = self.op("Gather", self.const(table_name, table), index, axis=0, name=f"{table_name}_bias")
        return self.op("Unsqueeze", self.op("Transpose", gathered, perm=[2, 0, 1]), self.ints(0))

    def mask_bias(self, mask: str) -> str:
        keep = self.op("Cast", mask, to=TensorProto.FLOAT)
        masked = self.op(
            "Mul",
            self.op("Sub", self.const("one", np.array(1.0, dtype=np.float32)), keep),
            self.const("neg", np.array(NEG, dtype=np.float32)),
        )
        return self.op("Unsqueeze", masked, self.ints(1, 2))

    def length(self, tensor: str, axis: int) -> str:
        return self.op(
            "Gather", self.op("Shape", tensor), self.const(f"axis_{axis}", np.array(axis, dtype=np.int64)), axis=0
        )

    def model(self, inputs: list, outputs: list, name: str) -> onnx.ModelProto:
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="snippet-lens")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def _tensor(name: str, elem: int, shape: list) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, elem, shape)


def encoder_graph(weights: dict[str, np.ndarray], config: dict) -> onnx.ModelProto:
    b = Builder(weights, config)
    x = b.op("Gather", b.const("shared.weight", weights["shared.weight"]), "input_ids", axis=0)
    positions = b.op(
        "Range",
        b.const("zero", np.array(0, dtype=np.int64)),
        b.length("input_ids", 1),
        b.const("step", np.array(1, dtype=np.int64)),
    )
    table = offset_table(weights["encoder.0.self_attention.relative_attention_bias.weight"], config, bidirectional=True)
    bias = b.op("Add", b.position_bias("encoder_offsets", table, positions, positions), b.mask_bias("attention_mask"))
    for i in range(config["num_layers"]):
        prefix = f"encoder.{i}"
        h = b.norm(x, f"{prefix}.self_norm.weight")
        q, k, v = (b.project(h, f"{prefix}.self_attention.{p}.weight") for p in "qkv")
        x = b.feed_forward(b.op("Add", x, b.attend(q, k, v, bias, f"{prefix}.self_attention.o.weight")), prefix)
    b.norm(x, "encoder_norm.weight", name="last_hidden_state")
    d = config["d_model"]
    return b.model(
        [
            _tensor("input_ids", TensorProto.INT64, ["batch", "source"]),
            _tensor("attention_mask", TensorProto.INT64, ["batch", "source"]),
        ],
        [_tensor("last_hidden_state", TensorProto.FLOAT, ["batch", "source", d])],
        "encoder",
    )


def decoder_graph(weights: dict[str, np.ndarray], config: dict, with_past: bool) -> onnx.ModelProto:
    b = Builder(weights, config)
    H, dk, d = config["num_heads"], config["d_kv"], config["d_model"]
    x = b.op("Gather", b.const("shared.weight", weights["shared.weight"]), "input_ids", axis=0)
    past = b.length("past_key_values.0.decoder.key", 2) if with_past else b.const("zero", np.array(0, dtype=np.int64))
    step = b.const("step", np.array(1, dtype=np.int64))
    total = b.op("Add", past, b.length("input_ids", 1))
    queries = b.op("Range", past, total, step)
    keys = b.op("Range", b.const("zero", np.array(0, dtype=np.int64)), total, step)
    table = offset_table(
        weights["decoder.0.self_attention.relative_attention_bias.weight"], config, bidirectional=False
    )
    self_bias = b.position_bias("decoder_offsets", table, queries, keys)
    cross_bias = b.mask_bias("encoder_attention_mask")
    inputs = [
        _tensor("input_ids", TensorProto.INT64, ["batch", "target"]),
        _tensor("encoder_attention_mask", TensorProto.INT64, ["batch", "source"]),
    ]
    if not with_past:
        inputs.append(_tensor("encoder_hidden_states", TensorProto.FLOAT, ["batch", "source", d]))
    outputs = [_tensor("logits", TensorProto.FLOAT, ["batch", "target", config["vocab_size"]])]
    for i in range(config["num_decoder_layers"]):
        prefix = f"decoder.{i}"
        h = b.norm(x, f"{prefix}.self_norm.weight")
        q = b.project(h, f"{prefix}.self_attention.q.weight")
        k, v = (b.project(h, f"{prefix}.self_attention.{p}.weight") for p in "kv")
        if with_past:
            for kind in ("key", "value"):
                inputs.append(
                    _tensor(f"past_key_values.{i}.decoder.{kind}", TensorProto.FLOAT, ["batch", H, "past", dk])
                )
            k = b.op("Concat", f"past_key_values.{i}.decoder.key", k, axis=2)
            v = b.op("Concat", f"past_key_values.{i}.decoder.value", v, axis=2)
        k = b.op("Identity", k, name=f"present.{i}.decoder.key")
        v = b.op("Identity", v, name=f"present.{i}.decoder.value")
        x = b.op("Add", x, b.attend(q, k, v, self_bias, f"{prefix}.self_attention.o.weight"))
        h = b.norm(x, f"{prefix}.cross_norm.weight")
        q = b.project(h, f"{prefix}.cross_attention.q.weight")
        if with_past:
            for kind in ("key", "value"):
                inputs.append(
                    _tensor(f"past_key_values.{i}.encoder.{kind}", TensorProto.FLOAT, ["batch", H, "source", dk])
                )
            ck, cv = f"past_key_values.{i}.encoder.key", f"past_key_values.{i}.encoder.value"
        else:
            ck = b.project(
                "encoder_hidden_states", f"{prefix}.cross_attention.k.weight", name=f"present.{i}.encoder.key"
            )
            cv = b.project(
                "encoder_hidden_states", f"{prefix}.cross_attention.v.weight", name=f"present.{i}.encoder.value"
            )
        x = b.op("Add", x, b.attend(q, ck, cv, cross_bias, f"{prefix}.cross_attention.o.weight"))
        x = b.feed_forward(x, prefix)
        past_length = "past_plus_target" if with_past else "target"
        for kind in ("key", "value"):
            outputs.append(_tensor(f"present.{i}.decoder.{kind}", TensorProto.FLOAT, ["batch", H, past_length, dk]))
        if not with_past:
            for kind in ("key", "value"):
                outputs.append(_tensor(f"present.{i}.encoder.{kind}", TensorProto.FLOAT, ["batch", H, "source", dk]))
    head = b.const("lm_head", (weights["shared.weight"].T * d**-0.5).astype(np.float32))
    b.op("MatMul", b.norm(x, "decoder_norm.weight"), head, name="logits")
    return b.model(inputs, outputs, "decoder_with_past" if with_past else "decoder")


def random_weights(config: dict, seed: int = 0) -> dict[str, np.ndarray]:
    """Weights of the right shapes for ``config``, for tests."""
    rng = np.random.default_rng(seed)
    d, inner, ff = config["d_model"], config["num_heads"] * config["d_kv"], config["d_ff"]

    def normal(*shape: int) -> np.ndarray:
        return rng.normal(0, 0.3, size=shape).astype(np.float32)

    weights = {
        "shared.weight": normal(config["vocab_size"], d),
        "encoder_norm.weight": np.ones(d, np.float32),
        "decoder_norm.weight": np.ones(d, np.float32),
    }
    for side, layers in (("encoder", config["num_layers"]), ("decoder", config["num_decoder_layers"])):
        weights[f"{side}.0.self_attention.relative_attention_bias.weight"] = normal(
            config["relative_buckets"], config["num_heads"]
        )
        for i in range(layers):
            attentions = ["self_attention"] + (["cross_attention"] if side == "decoder" else [])
            for attention in attentions:
                for p in "qkv":
                    weights[f"{side}.{i}.{attention}.{p}.weight"] = normal(inner, d)
                weights[f"{side}.{i}.{attention}.o.weight"] = normal(d, inner)
            for norm in ["self_norm", "ff_norm"] + (["cross_norm"] if side == "decoder" else []):
                weights[f"{side}.{i}.{norm}.weight"] = np.ones(d, np.float32)
            weights[f"{side}.{i}.ff.wi.weight"] = normal(ff, d)
            weights[f"{side}.{i}.ff.wo.weight"] = normal(d, ff)
    return weights
