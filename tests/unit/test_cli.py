"""The command line, as a person at a terminal or a script meets it."""

import json
import os
import pty
import select
import subprocess
import sys
import threading

import pytest

from lsp_server import cli

CODE = "def add(a, b):\n    return a + b\n"


def run(args, capsys):
    status = cli.main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_analyze_exits_0_and_prints_one_object_for_one_path(tmp_path, capsys):
    source = tmp_path / "add.py"
    source.write_text(CODE)
    status, out, err = run(["analyze", "--no-description", str(source)], capsys)
    assert (status, json.loads(out)["language"], err) == (0, "python", "")


def test_an_unreadable_path_keeps_its_place_with_an_error(tmp_path, capsys):
    source = tmp_path / "add.py"
    source.write_text(CODE)
    missing = tmp_path / "missing.py"
    status, out, err = run(["analyze", "--no-description", str(missing), str(source)], capsys)
    first, second = json.loads(out)
    assert status == cli.EXIT_UNREADABLE_INPUT
    assert first["path"] == str(missing) and "cannot read" in first["error"] and second["language"] == "python"
    assert err.count("cannot read") == 1 and err.startswith("snippet-lens: ")


def test_analyze_with_missing_models_exits_non_zero_and_says_so_once(tmp_path, capsys):
    source = tmp_path / "add.py"
    source.write_text(CODE)
    status, out, err = run(["analyze", "--models-dir", str(tmp_path / "nowhere"), str(source)], capsys)
    assert status == cli.EXIT_MODEL_UNUSABLE and json.loads(out)["language"] == "python"
    assert len(err.strip().splitlines()) == 1 and "manifest not found" in err


def test_analyze_with_a_broken_describer_still_works_when_descriptions_are_not_asked_for(models_copy, tmp_path, capsys):
    manifest = json.loads((models_copy / "manifest.json").read_text())
    next(e for e in manifest["models"] if e["name"] == "describer-encoder")["preprocessing"].pop("tokenizer")
    (models_copy / "manifest.json").write_text(json.dumps(manifest))
    source = tmp_path / "add.py"
    source.write_text(CODE)
    assert run(["analyze", "--no-description", "--models-dir", str(models_copy), str(source)], capsys)[0] == 0
    assert run(["analyze", "--models-dir", str(models_copy), str(source)], capsys)[0] == cli.EXIT_MODEL_UNUSABLE


def test_jsonl_lines_take_their_own_language_id(capsys, monkeypatch, tmp_path):
    stream = tmp_path / "in.jsonl"
    rows = [{"id": 1, "text": "SELECT id FROM users WHERE id = 1;", "languageId": "python"}, {"id": 2}]
    stream.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    status, out, err = run(["analyze", "--no-description", "--no-tags", "--jsonl", str(stream)], capsys)
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["id"] == 1 and first["source"] in {"hint", "model"} and "error" in second
    assert status == cli.EXIT_UNREADABLE_INPUT and err.count("line 2") == 1


def test_bare_snippet_lens_in_a_terminal_says_what_it_is():
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "lsp_server"], stdin=follower, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ})
    os.close(follower)
    try:
        ready, _, _ = select.select([process.stderr], [], [], 30)
        line = process.stderr.readline().decode() if ready else ""
    finally:
        process.kill()
        process.wait(30)
        os.close(leader)
    assert "language server" in line


def test_early_load_replays_progress_reported_before_the_server_asked_and_forwards_the_rest():
    halfway, finish = threading.Event(), threading.Event()

    def load(progress):
        progress("language id", 0.3)
        halfway.set()
        finish.wait(5)
        progress("describer", 0.9)
        return "engine"

    early = cli.EarlyLoad(load)
    assert halfway.wait(5)
    seen = []
    threading.Timer(0.05, finish.set).start()
    assert early(lambda message, fraction: seen.append((message, fraction))) == "engine"
    assert seen == [("language id", 0.3), ("describer", 0.9)]


def test_early_load_hands_a_loading_failure_to_the_server():
    def load(progress):
        raise RuntimeError("no models")

    with pytest.raises(RuntimeError, match="no models"):
        cli.EarlyLoad(load)(lambda message, fraction: None)
