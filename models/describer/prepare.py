"""Tokenizer and token arrays for the describer, from the mined pairs.

Trains a byte-level BPE tokenizer (16k) on the training split's code and summaries, then encodes
every split into numpy arrays: source = language token + code (first ``MAX_SOURCE`` tokens) + </s>,
target = summary + </s> (first ``MAX_TARGET`` tokens). With ``--split-identifiers`` the code's
compound identifiers are written as lowercase words first (what the server then does too), and
``--tokenizer`` reuses an existing tokenizer so a trained model can continue on the new arrays.
``--max-per-package`` thins a package's training pairs in each language, evenly over its files, so
a few big packages do not put their vocabulary into every description. ``--lowercase-opening``
writes a summary's capitalised first word lowercase after a space ("Load the file" -> " load the
file"): then it is the very token the code's identifiers hold (`` load`` in ``load config``), which
the model can copy; the server capitalises the sentence again (``describer.tidy``).

    python models/describer/prepare.py --pairs /work/data/describer/pairs.jsonl --out /work/data/describer
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from mine_pairs import LANGUAGES
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from lsp_server.engine.describer.describer import SOURCE_TRANSFORMS, lowercase_opening

VOCAB_SIZE = 16384
SPECIAL = ["<pad>", "</s>", "<unk>"]
LANGUAGE_TOKENS = [*LANGUAGES, "other"]
MAX_SOURCE = 192
MAX_TARGET = 40


def language_token(language: str) -> str:
    return f"<{language if language in LANGUAGE_TOKENS else 'other'}>"


def train_tokenizer(rows: list[dict]) -> Tokenizer:
    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        min_frequency=3,
        show_progress=False,
        special_tokens=SPECIAL + [language_token(lang) for lang in LANGUAGE_TOKENS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    texts = (text for row in rows for text in (row["code"], row["summary"]))
    tokenizer.train_from_iterator(texts, trainer=trainer, length=2 * len(rows))
    return tokenizer


def capped(rows: list[dict], limit: int | None) -> list[dict]:
    """At most ``limit`` rows of each package and language, taken at even steps through them."""
    if not limit:
        return rows
    by_package: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        by_package.setdefault((row["package"], row["language"]), []).append(row)
    kept = []
    for members in by_package.values():
        steps = np.linspace(0, len(members), min(limit, len(members)), endpoint=False).astype(int)
        kept += [members[i] for i in steps]
    return kept


def split_rows(pairs: Path, max_per_package: int | None) -> dict[str, list[dict]]:
    """The pairs of each split, in the order their arrays are written (training pairs capped)."""
    rows = [json.loads(line) for line in pairs.open(encoding="utf-8")]
    by_split = {split: [r for r in rows if r["split"] == split] for split in ("train", "validation", "test")}
    by_split["train"] = capped(by_split["train"], max_per_package)
    return by_split


SUMMARY_FORMS: dict[str, Callable[[str], str]] = {"as-written": str, "lowercase-opening": lowercase_opening}


def encode_split(
    tokenizer: Tokenizer,
    rows: list[dict],
    transform: Callable[[str], str] = str,
    summary_form: Callable[[str], str] = str,
) -> dict[str, np.ndarray]:
    eos = tokenizer.token_to_id("</s>")
    sources = tokenizer.encode_batch([transform(row["code"]) for row in rows], add_special_tokens=False)
    targets = tokenizer.encode_batch([summary_form(row["summary"]) for row in rows], add_special_tokens=False)
    src = [
        [tokenizer.token_to_id(language_token(row["language"])), *s.ids[:MAX_SOURCE - 2], eos]
        for row, s in zip(rows, sources, strict=False)
    ]
    tgt = [[*t.ids[:MAX_TARGET - 1], eos] for t in targets]
    return {
        "source": _ragged(src),
        "source_offsets": _offsets(src),
        "target": _ragged(tgt),
        "target_offsets": _offsets(tgt),
    }


def _ragged(seqs: list[list[int]]) -> np.ndarray:
    return np.fromiter((t for s in seqs for t in s), dtype=np.int32)


def _offsets(seqs: list[list[int]]) -> np.ndarray:
    return np.concatenate([[0], np.cumsum([len(s) for s in seqs])]).astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--split-identifiers", action="store_true", help="write compound identifiers as words")
    parser.add_argument("--tokenizer", type=Path, help="reuse this tokenizer.json instead of training one")
    parser.add_argument("--max-per-package", type=int, help="training pairs kept per package and language")
    parser.add_argument(
        "--lowercase-opening", action="store_true", help="write the summary's first word lowercase after a space"
    )
    args = parser.parse_args()
    by_split = split_rows(args.pairs, args.max_per_package)
    tokenizer = Tokenizer.from_file(str(args.tokenizer)) if args.tokenizer else train_tokenizer(by_split["train"])
    source_transform = "split-identifiers" if args.split_identifiers else "none"
    args.out.mkdir(parents=True, exist_ok=True)
    tokenizer.save(str(args.out / "tokenizer.json"))
    summary_form = "lowercase-opening" if args.lowercase_opening else "as-written"
    (args.out / "preprocessing.json").write_text(
        json.dumps({"source_transform": source_transform, "summary_form": summary_form}) + "\n"
    )
    for split, rows in by_split.items():
        np.savez(
            args.out / f"{split}.npz",
            **encode_split(
                tokenizer, rows, SOURCE_TRANSFORMS[source_transform], SUMMARY_FORMS[summary_form]
            ),
            language=np.array([r["language"] for r in rows]),
        )
        print(split, len(rows))


if __name__ == "__main__":
    main()
