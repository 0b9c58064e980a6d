"""Emacs in batch mode with Eglot and editors/emacs/snippet-lens.el driving the real server.

Debian bookworm gives Emacs 28.2 with Eglot 1.9. Hover arrives as plain text there (Eglot asks for
Markdown only when markdown-mode is installed), so assertions look for words, not markup.
"""

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


def run_emacs(emacs: str, scenario: str, document: Path, lines: tuple[int, int] | None = None) -> dict:
    argv = [emacs, "--batch", "-l", str(SCRIPTS / "emacs" / "scenarios.el")]
    return run_editor(
        argv,
        scenario,
        document,
        lines,
        SNIPPET_LENS_LISP=str(ROOT / "editors" / "emacs"),
        SNIPPET_LENS_WAIT_S=str(WAIT_S),
    )


def first_line(text: str) -> str:
    return text.splitlines()[0].replace("*", "").replace("`", "")


def test_hover_on_a_region_describes_the_region(emacs, tmp_path):
    shown = run_emacs(emacs, "hover_selection", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    assert shown["language-id"] == "markdown"
    assert first_line(shown["hover"]) == "Language: shellscript (100%, from the shebang line)"


def test_hover_on_a_python_region_in_markdown_says_python(emacs, tmp_path, trained_model):
    shown = run_emacs(emacs, "hover_selection", write(tmp_path, "notes.md", PYTHON_NOTES), (4, 8))
    assert first_line(shown["hover"]).startswith("Language: python (")


def test_eldoc_hover_in_a_python_file_names_python_from_the_file_name(emacs, tmp_path):
    shown = run_emacs(emacs, "hover_file", write(tmp_path, "tool.py", TOOL_PY))
    assert shown["language-id"] == "python"
    assert first_line(shown["hover"]) == "Language: python (100%, from the file name)"


def test_code_action_labels_the_unlabeled_fence_in_the_buffer(emacs, tmp_path):
    shown = run_emacs(emacs, "code_action", write(tmp_path, "README.md", SHELL_README), (5, 5))
    assert shown["offered"][0] == "Label code fence as shellscript"
    assert shown["text"] == SHELL_README.replace("```\n#!", "```shellscript\n#!")


def test_code_action_labels_a_python_fence_as_python(emacs, tmp_path, trained_model):
    shown = run_emacs(emacs, "code_action", write(tmp_path, "README.md", PYTHON_README), (5, 5))
    assert shown["text"] == PYTHON_README.replace("```\nimport", "```python\nimport")


def test_completion_after_backticks_offers_the_detected_language_first(emacs, tmp_path):
    shown = run_emacs(emacs, "completion", write(tmp_path, "notes.md", FENCE_TO_LABEL), (3, 3))
    assert shown["completion"][0] == "shellscript"
    assert "python" in shown["completion"]
    assert shown["completion-typed"] == ["python"]


def test_describe_shows_the_servers_hover_for_the_region(emacs, tmp_path):
    shown = run_emacs(emacs, "describe", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    assert first_line(shown["describe"]) == "Language: shellscript (100%, from the shebang line)"


def test_insert_description_applies_the_servers_comment_above_the_region_or_says_why_not(emacs, tmp_path):
    shown = run_emacs(emacs, "insert_description", write(tmp_path, "notes.md", SHELL_NOTES), (4, 5))
    description = shown["described"].get("description")
    if shown["text"] != SHELL_NOTES:  # a sentence, in the shell snippet's comment syntax
        inserted = shown["text"].splitlines()[3]
        assert inserted.startswith("# ") and len(inserted) > len("# x")
        # The analysis asked first may have come before the describer was ready (a busy machine).
        assert not description or inserted == f"# {description}"
    else:
        assert [m for m in shown["messages"] if NO_DESCRIPTION in m]


def test_insert_description_puts_the_servers_python_comment_above_a_function(emacs, tmp_path):
    shown = run_emacs(emacs, "insert_description", write(tmp_path, "tool.py", FIBONACCI), (1, 5))
    description = shown["described"]["description"]
    assert description
    assert shown["text"].splitlines()[:2] == [f"# {description}", "def fibonacci(n):"]
