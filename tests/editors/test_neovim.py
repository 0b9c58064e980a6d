"""Neovim, headless, with the plugin in editors/neovim driving the real server (Debian: 0.7)."""

from pathlib import Path

from editor_session import (
    FENCE_TO_LABEL,
    FIBONACCI,
    NO_DESCRIPTION,
    PYTHON_NOTES,
    PYTHON_README,
    ROOT,
    SCRIPTS,
    SHELL_NOTES,
    SHELL_README,
    TOOL_PY,
    WAIT_S,
    run_editor,
    write,
)


def run_nvim(nvim: str, scenario: str, document: Path, lines: tuple[int, int] | None = None) -> dict:
    argv = [nvim, "--headless", "--clean", "-u", "NONE", "-S", str(SCRIPTS / "neovim" / "scenarios.lua")]
    state = document.parent / "state"
    return run_editor(
        argv,
        scenario,
        document,
        lines,
        SNIPPET_LENS_PLUGIN=str(ROOT / "editors" / "neovim"),
        SNIPPET_LENS_WAIT_MS=str(WAIT_S * 1000),
        XDG_CACHE_HOME=str(state),
        XDG_STATE_HOME=str(state),
    )


def test_hover_on_a_selection_describes_the_selection(nvim, tmp_path):
    shown = run_nvim(nvim, "hover_selection", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    assert shown["hover"].startswith("**Language:** `shellscript` (100%, from the shebang line)")


def test_hover_on_a_python_selection_in_markdown_says_python(nvim, tmp_path, trained_model):
    shown = run_nvim(nvim, "hover_selection", write(tmp_path, "notes.md", PYTHON_NOTES), (4, 8))
    assert shown["hover"].startswith("**Language:** `python`")


def test_hover_in_a_python_file_names_python_from_the_file_name(nvim, tmp_path):
    shown = run_nvim(nvim, "hover_file", write(tmp_path, "tool.py", TOOL_PY))
    assert shown["hover"].startswith("**Language:** `python` (100%, from the file name)")


def test_code_action_labels_the_unlabeled_fence_in_the_buffer(nvim, tmp_path):
    shown = run_nvim(nvim, "code_action", write(tmp_path, "README.md", SHELL_README), (5, 5))
    assert shown["offered"][0] == "Label code fence as shellscript"
    assert shown["text"] + "\n" == SHELL_README.replace("```\n#!", "```shellscript\n#!")


def test_code_action_labels_a_python_fence_as_python(nvim, tmp_path, trained_model):
    shown = run_nvim(nvim, "code_action", write(tmp_path, "README.md", PYTHON_README), (5, 5))
    assert shown["text"] + "\n" == PYTHON_README.replace("```\nimport", "```python\nimport")


def test_completion_after_backticks_offers_the_detected_language_first(nvim, tmp_path):
    shown = run_nvim(nvim, "completion", write(tmp_path, "notes.md", FENCE_TO_LABEL), (3, 3))
    assert shown["completion"][0] == "shellscript"
    assert "python" in shown["completion"]
    assert shown["completion_typed"] == ["python"]


def test_describe_shows_the_servers_hover_for_the_selection_in_a_float(nvim, tmp_path):
    shown = run_nvim(nvim, "describe", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    assert shown["describe"].startswith("**Language:** `shellscript` (100%, from the shebang line)")


def test_describe_lists_the_concept_tags_by_id(nvim, tmp_path):
    fetch = "import json\nimport requests\n\ndata = json.loads(requests.get(URL, timeout=5).text)\n"
    shown = run_nvim(nvim, "describe", write(tmp_path, "fetch.py", fetch), (1, 4))
    [tags] = [line for line in shown["describe"].splitlines() if line.startswith("**Tags:**")]
    assert "`#http-client`" in tags and "`#json`" in tags


def test_insert_description_applies_the_servers_comment_above_the_selection_or_says_why_not(nvim, tmp_path):
    shown = run_nvim(nvim, "insert_description", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    description = shown["described"].get("description")
    if shown["text"] + "\n" != SHELL_NOTES:  # a sentence, in the shell snippet's comment syntax
        inserted = shown["text"].splitlines()[3]
        assert inserted.startswith("# ") and len(inserted) > len("# x")
        # The describe asked first may have come before the describer was ready (a busy machine).
        assert not description or inserted == f"# {description}"
    else:
        assert [m["message"] for m in shown["messages"] if NO_DESCRIPTION in m["message"]]


def test_insert_description_puts_the_servers_python_comment_above_a_function(nvim, tmp_path):
    shown = run_nvim(nvim, "insert_description", write(tmp_path, "tool.py", FIBONACCI), (1, 5))
    description = shown["described"]["description"]
    assert description
    assert shown["text"].splitlines()[:2] == [f"# {description}", "def fibonacci(n):"]
