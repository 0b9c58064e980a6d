"""Carrying the describer's training to a machine with an accelerator: data packed, weights in small files."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "models" / "describer"))

from pack import pack, unpack  # noqa: E402


def prepared(folder: Path) -> Path:
    rng = np.random.default_rng(0)
    folder.mkdir()
    for split, rows in (("train", 40), ("validation", 10)):
        lengths = rng.integers(3, 30, size=rows)
        np.savez(
            folder / f"{split}.npz",
            source=rng.integers(0, 16000, size=int(lengths.sum())).astype(np.int32),
            source_offsets=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            target=rng.integers(0, 16000, size=rows * 5).astype(np.int32),
            target_offsets=np.arange(0, rows * 5 + 1, 5, dtype=np.int64),
            language=np.array(["python"] * rows),
        )
    (folder / "tokenizer.json").write_text('{"model": {"vocab": {}}}')
    return folder


def test_packed_data_unpacks_to_the_same_arrays_and_files(tmp_path):
    data = prepared(tmp_path / "data")
    size = pack(data, tmp_path / "carry" / "data.xz")
    assert 0 < size < sum(f.stat().st_size for f in data.iterdir())
    assert unpack(tmp_path / "carry" / "data.xz", tmp_path / "back") == ["train", "validation"]
    for split in ("train", "validation"):
        with np.load(data / f"{split}.npz") as before, np.load(tmp_path / "back" / f"{split}.npz") as after:
            assert sorted(before.files) == sorted(after.files)
            for name in before.files:
                assert before[name].dtype == after[name].dtype and np.array_equal(before[name], after[name])
    assert (tmp_path / "back" / "tokenizer.json").read_text() == (data / "tokenizer.json").read_text()


def test_token_ids_that_do_not_fit_sixteen_bits_are_refused(tmp_path):
    data = prepared(tmp_path / "data")
    with np.load(data / "train.npz") as saved:
        arrays = {name: saved[name] for name in saved.files}
    arrays["source"][0] = 70000
    np.savez(data / "train.npz", **arrays)
    with pytest.raises(ValueError, match="16 bits"):
        pack(data, tmp_path / "data.xz")


def test_weights_split_into_small_files_join_into_a_checkpoint(tmp_path):
    torch = pytest.importorskip("torch")
    from shards import join, split

    weights = {"embedding": torch.randn(300, 64), "norm": torch.ones(64), "steps": torch.tensor(3)}
    torch.save({"model": weights, "optimizer": {}, "state": {"step": 3}, "config": {"d_model": 64}},
               tmp_path / "checkpoint.pt")
    files = split(tmp_path / "checkpoint.pt", tmp_path / "out", shard_mb=0.02)
    assert len(files) > 1 and all(f.stat().st_size < 100_000 for f in files)
    joined = torch.load(join(tmp_path / "out", tmp_path / "joined"), weights_only=False)
    assert joined["config"] == {"d_model": 64} and joined["optimizer"] is None and joined["state"]["step"] == 3
    assert torch.allclose(joined["model"]["embedding"], weights["embedding"], atol=0.02, rtol=0.01)
    assert torch.equal(joined["model"]["steps"], weights["steps"])
