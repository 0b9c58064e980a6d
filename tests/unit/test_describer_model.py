"""The shipped describer: int8 graphs against PyTorch's tokens, the CLI field, and golden sentences."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lsp_server.engine.describer.describer import DECODER, DECODER_WITH_PAST, ENCODER, Describer

PARITY = Path(__file__).resolve().parents[2] / "models" / "describer" / "parity.json"
READ_JSON = """def load_config(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return dict(data)
"""


@pytest.fixture(scope="module")
def describer(engine):
    registry = engine.registry
    return Describer(registry.get(ENCODER), registry.get(DECODER), registry.get(DECODER_WITH_PAST), registry.models_dir)


def test_int8_graphs_follow_pytorch_greedy_tokens(describer):
    """export.py checks the fp32 graphs token for token. Fed PyTorch's greedy tokens, the int8 graphs
    choose the same next token at nearly every step, and where they do not it is a near-tie (whole
    sentences are not compared: one early flip sends free decoding down another path)."""
    agree, steps, worst_gap = 0, 0, 0.0
    for example in json.loads(PARITY.read_text()):
        step = describer.step_for(np.array([example["source_ids"]]))
        logits, cache = step.first(1)
        capped = len(example["tokens"]) >= describer.config.max_new_tokens  # cut off, not ended by the model
        for token in example["tokens"] + ([] if capped else [describer.config.eos_token_id]):
            log_probs = logits[0] - np.logaddexp.reduce(logits[0])
            agree += int(np.argmax(log_probs) == token)
            steps += 1
            worst_gap = max(worst_gap, float(log_probs.max() - log_probs[token]))
            logits, cache = step.next(np.array([[token]]), cache)
    assert agree >= 0.9 * steps and worst_gap < 1.0


def test_description_of_a_json_reader_is_an_english_sentence(engine):
    description = engine.analyze(READ_JSON, path="config.py").description
    assert description[0].isupper() and description.endswith(".") and len(description.split()) >= 3


def test_analyze_prints_description_and_skips_it_when_told(tmp_path):
    source = tmp_path / "config.py"
    source.write_text(READ_JSON)
    command = [sys.executable, "-m", "lsp_server", "analyze", str(source)]
    described = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    skipped = json.loads(
        subprocess.run([*command, "--no-description"], capture_output=True, text=True, check=True).stdout
    )
    assert described["description"] and skipped["description"] is None


def test_beam_search_gives_a_sentence_too(describer):
    assert describer.describe(READ_JSON, "python", beams=4).sentence.endswith(".")


def test_the_guard_keeps_a_sentence_from_ending_on_the_name_or_repeating_a_word(describer):
    guard = describer.sentence_guard("public void writeLong(long value) {\n    out.write(value);\n}\n")
    ids = lambda text: describer.tokenizer.encode(text, add_special_tokens=False).ids  # noqa: E731
    eos, period = describer.config.eos_token_id, describer.tokenizer.token_to_id(".")
    assert not guard(ids("Writes a long"), eos) and not guard(ids("Writes a long"), period)
    assert guard(ids("Writes a long to the stream"), eos)
    line = ids(" line")
    assert len(line) == 1 and not guard(ids("Return the line of the"), line[0])
    assert guard(ids("Return the line of the"), ids(" buffer")[0])
