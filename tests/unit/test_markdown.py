import pytest

from lsp_server.server.markdown import (
    CodeFence,
    fence_at_line,
    fence_label_choices,
    find_fences,
    is_markdown,
    typed_fence_info,
    unlabeled_fences,
)

DOC_TEXT = """# Title

```python
print(1)
```

~~~
SELECT 1;
~~~

````
```
nested backticks stay inside
```
````
"""
DOC = DOC_TEXT.split("\n")


def spans(lines):
    return [(f.open_line, f.close_line, f.marker, f.label) for f in find_fences(lines)]


def test_fences_in_a_document():
    assert spans(DOC) == [(2, 4, "```", "python"), (6, 8, "~~~", ""), (10, 14, "````", "")]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(["```", "x"], [(0, None, "```", "")], id="unclosed-runs-to-end"),
        pytest.param(["```", "x", "~~~", "```"], [(0, 3, "```", "")], id="other-marker-does-not-close"),
        pytest.param(["````", "```", "````"], [(0, 2, "````", "")], id="shorter-run-does-not-close"),
        pytest.param(["```", "x", "`````  "], [(0, 2, "```", "")], id="longer-run-with-spaces-closes"),
        pytest.param(["```", "x", "``` x"], [(0, None, "```", "")], id="closing-line-takes-no-info"),
        pytest.param(["   ```js", "x", "   ```"], [(0, 2, "```", "js")], id="three-spaces-indent"),
        pytest.param(["    ```", "x", "```"], [(2, None, "```", "")], id="four-spaces-is-indented-code"),
        pytest.param(["```js```", "x"], [], id="backticks-in-info-is-inline-code"),
        pytest.param(["~~~ a`b", "~~~"], [(0, 1, "~~~", "a`b")], id="tilde-info-may-hold-backticks"),
        pytest.param(["``", "x", "``"], [], id="two-backticks-are-no-fence"),
        pytest.param(['```python title="x.py"', "```"], [(0, 1, "```", "python")], id="label-is-first-word"),
    ],
)
def test_fence_rules(lines, expected):
    assert spans(lines) == expected


def test_unlabeled_fences_are_those_without_info():
    assert [f.open_line for f in unlabeled_fences(find_fences(DOC))] == [6, 10]


@pytest.mark.parametrize(
    ("line", "open_line"),
    [
        pytest.param(2, 2, id="opening-line"),
        pytest.param(3, 2, id="body"),
        pytest.param(4, 2, id="closing-line"),
        pytest.param(5, None, id="between-fences"),
        pytest.param(0, None, id="prose"),
    ],
)
def test_fence_at_line(line, open_line):
    fence = fence_at_line(find_fences(DOC), line, len(DOC))
    assert (fence.open_line if fence else None) == open_line


def test_unclosed_fence_holds_lines_to_the_end():
    fence = CodeFence(open_line=1, close_line=None, indent=0, marker="```", info="")
    assert (fence.contains(9, 10), list(fence.body_lines(4))) == (True, [2, 3])


def test_info_column_is_after_indent_and_marker():
    [fence] = find_fences(["  ~~~~", "~~~~"])
    assert fence.info_column == 6


@pytest.mark.parametrize(
    ("language_id", "path", "expected"),
    [
        pytest.param("markdown", None, True, id="language-id"),
        pytest.param("plaintext", "/notes/readme.md", True, id="md-extension"),
        pytest.param(None, "/a/b.markdown", True, id="markdown-extension"),
        pytest.param("python", "/a/b.py", False, id="python"),
        pytest.param(None, None, False, id="nothing-known"),
    ],
)
def test_is_markdown(language_id, path, expected):
    assert is_markdown(language_id, path) is expected


@pytest.mark.parametrize(
    ("before", "typed"),
    [
        pytest.param("```", "", id="just-backticks"),
        pytest.param("```py", "py", id="partial-label"),
        pytest.param("  ~~~", "", id="indented-tildes"),
        pytest.param("``", None, id="two-backticks"),
        pytest.param("text ```", None, id="not-at-line-start"),
        pytest.param("```py thon", None, id="past-the-label"),
        pytest.param("    ```", None, id="indented-code"),
    ],
)
def test_typed_fence_info(before, typed):
    assert typed_fence_info(before) == typed


@pytest.mark.parametrize(
    ("typed", "detected", "expected"),
    [
        pytest.param("", "rust", ["rust", "python", "c"], id="detected-first"),
        pytest.param("", None, ["python", "c", "rust"], id="nothing-detected"),
        pytest.param("r", "python", ["rust"], id="typed-prefix-filters-detected-out"),
        pytest.param("PY", "python", ["python"], id="case-insensitive"),
        pytest.param("py", None, ["python"], id="prefix"),
        pytest.param("rs", None, ["rust"], id="alias-matches"),
        pytest.param("zz", "python", [], id="nothing-matches"),
    ],
)
def test_fence_label_choices(typed, detected, expected):
    assert fence_label_choices(typed, detected, ("python", "c", "rust")) == expected
