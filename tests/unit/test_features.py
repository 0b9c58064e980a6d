import numpy as np
import pytest

from lsp_server.engine.langid.features import FeatureSpec, ngram_ids, snippet_bytes

SPEC = FeatureSpec()


def reference_ids(text: str, spec: FeatureSpec) -> list[int]:
    """Byte-at-a-time FNV-1a, written independently of the numpy version."""
    data = b"\n" + text.replace("\r\n", "\n").strip("\n").encode()[: spec.max_bytes] + b"\n"
    out = []
    for order in spec.orders:
        for start in range(len(data) - order + 1):
            h = 2166136261 ^ order
            for byte in data[start:start + order]:
                h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
            out.append(((h * 2654435761) & 0xFFFFFFFF) >> (32 - spec.bucket_bits))
    return out


@pytest.mark.parametrize("text", ["x", "def f():\n    pass", "naïve → ünïcode", "a\r\nb\r\n"], ids=["one-char", "python", "unicode", "crlf"])
def test_ngram_ids_match_a_plain_python_reference(text):
    assert ngram_ids(text, SPEC).tolist() == reference_ids(text, SPEC)


def test_ids_fall_inside_the_bucket_range():
    ids = ngram_ids("fn main() { println!(\"hi\"); }" * 50, SPEC)
    assert ids.dtype == np.int64
    assert ids.min() >= 0 and ids.max() < SPEC.buckets


def test_input_is_capped_at_max_bytes():
    spec = FeatureSpec(max_bytes=100)
    assert snippet_bytes("a" * 1000, spec.max_bytes).size == 102


def test_crlf_and_lf_give_the_same_features():
    assert ngram_ids("a\r\nb", SPEC).tolist() == ngram_ids("a\nb", SPEC).tolist()


def test_spec_round_trips_through_json():
    assert FeatureSpec.from_json(SPEC.to_json()) == SPEC


def test_unknown_hash_is_refused():
    with pytest.raises(ValueError, match="unsupported feature hash"):
        FeatureSpec.from_json({**SPEC.to_json(), "hash": "md5"})
