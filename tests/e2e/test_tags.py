"""Concept tags: on hover, as an inserted comment, and completed in ``tags:`` comments.

The fake engine tags ``requests`` as http-client and ``json`` as json; the tests at the end use the
real tagger and are skipped while the manifest lists none.
"""

import json

import pytest
from lsp_session import apply_edits, edits_for, encoding_of, open_document, wait_for_log
from lsprotocol import types
from pytest_lsp import LanguageClient

from lsp_server.engine.manifest import MANIFEST_NAME, default_models_dir
from lsp_server.server.code_actions import TAGS_TITLE
from lsp_server.server.render import preferred_markup

FETCH = """import json
import requests

def fetch(url):
    response = requests.get(url, timeout=10)
    return json.loads(response.text)
"""
TAGGED = "# tags: http-client, json\n" + FETCH
NOTES = f"# Notes\n\n```\n{FETCH}```\n"


def position(line, character):
    return types.Position(line=line, character=character)


def hover_params(uri, line, character=0):
    return types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position(line, character))


def action_params(uri, start, end, trigger=types.CodeActionTriggerKind.Invoked, only=None):
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=start, end=end),
        context=types.CodeActionContext(diagnostics=[], only=only, trigger_kind=trigger),
    )


def completion_params(uri, line, character, trigger=" "):
    return types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=position(line, character),
        context=types.CompletionContext(
            trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character=trigger
        ),
    )


def markdown_hover(client):
    hover = client.capabilities.text_document.hover if client.capabilities.text_document else None
    return preferred_markup(hover.content_format if hover else None) == types.MarkupKind.Markdown


async def tags_action(client, uri, params):
    actions = await client.text_document_code_action_async(params) or []
    return next((action for action in actions if action.title == TAGS_TITLE), None)


async def switch_tags_off(client):
    """Pulled by clients that answer workspace/configuration, carried by the notification for the rest."""
    client.set_configuration({"enableTags": False}, section="snippetLens")
    pushed = types.DidChangeConfigurationParams(settings={"snippetLens": {"enableTags": False}})
    client.workspace_did_change_configuration(pushed)
    await wait_for_log(client, "'enableTags': False")


# -- hover ------------------------------------------------------------------------------------------------------


async def test_hover_shows_the_tags_after_the_language(fake_client: LanguageClient):
    uri = "file:///src/fetch.txt"
    open_document(fake_client, uri, FETCH, "plaintext")
    hover = await fake_client.text_document_hover_async(hover_params(uri, 4, 4))
    expected = "**Tags:** `#http-client` `#json`" if markdown_hover(fake_client) else "Tags: #http-client #json"
    assert hover.contents.value.splitlines()[1].strip() == expected


async def test_hover_without_tags_has_no_tags_line(fake_client: LanguageClient):
    uri = "file:///src/plain.txt"
    open_document(fake_client, uri, "def f():\n    return 1\n", "plaintext")
    hover = await fake_client.text_document_hover_async(hover_params(uri, 0))
    assert "Tags" not in hover.contents.value


async def test_hover_hides_tags_when_they_are_switched_off(fake_client: LanguageClient):
    uri = "file:///src/fetch.txt"
    open_document(fake_client, uri, FETCH, "plaintext")
    await switch_tags_off(fake_client)
    hover = await fake_client.text_document_hover_async(hover_params(uri, 4, 4))
    assert "Tags" not in hover.contents.value


# -- the code action --------------------------------------------------------------------------------------------


async def test_insert_tags_action_puts_a_comment_above_the_selection(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, FETCH, "python")
    action = await tags_action(fake_client, uri, action_params(uri, position(0, 0), position(5, 36)))
    assert action.kind == types.CodeActionKind.RefactorRewrite
    assert apply_edits(FETCH, edits_for(action.edit, uri), encoding_of(fake_client)) == TAGGED


async def test_insert_tags_action_without_selection_tags_the_block_under_the_cursor(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, FETCH, "python")
    action = await tags_action(fake_client, uri, action_params(uri, position(4, 8), position(4, 8)))
    expected = FETCH.replace("def fetch", "# tags: http-client, json\ndef fetch")
    assert apply_edits(FETCH, edits_for(action.edit, uri), encoding_of(fake_client)) == expected


async def test_insert_tags_action_in_a_markdown_fence_uses_the_snippets_comments(fake_client: LanguageClient):
    uri = "file:///notes/fetch.md"
    open_document(fake_client, uri, NOTES, "markdown")
    action = await tags_action(fake_client, uri, action_params(uri, position(6, 0), position(6, 0)))
    expected = NOTES.replace("```\nimport", "```\n# tags: http-client, json\nimport")
    assert apply_edits(NOTES, edits_for(action.edit, uri), encoding_of(fake_client)) == expected


async def test_insert_tags_action_uses_the_documents_comment_syntax(fake_client: LanguageClient):
    uri = "file:///web/fetch.js"
    text = "async function load() {\n  const data = await requests.get(URL);\n}\n"
    open_document(fake_client, uri, text, "javascript")
    action = await tags_action(fake_client, uri, action_params(uri, position(1, 2), position(1, 2)))
    [edit] = edits_for(action.edit, uri)
    assert (edit.new_text, edit.range.start) == ("// tags: http-client\n", position(0, 0))


async def test_no_insert_tags_action_on_automatic_requests(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    params = action_params(uri, position(0, 0), position(5, 0), trigger=types.CodeActionTriggerKind.Automatic)
    open_document(fake_client, uri, FETCH, "python")
    assert await tags_action(fake_client, uri, params) is None


async def test_no_insert_tags_action_when_only_quick_fixes_are_wanted(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    params = action_params(uri, position(0, 0), position(5, 0), only=[types.CodeActionKind.QuickFix])
    open_document(fake_client, uri, FETCH, "python")
    assert await tags_action(fake_client, uri, params) is None


async def test_no_insert_tags_action_for_a_snippet_without_tags(fake_client: LanguageClient):
    uri = "file:///src/plain.py"
    open_document(fake_client, uri, "def f():\n    return 1\n", "python")
    assert await tags_action(fake_client, uri, action_params(uri, position(0, 0), position(1, 0))) is None


async def test_no_insert_tags_action_when_tags_are_switched_off(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, FETCH, "python")
    await switch_tags_off(fake_client)
    assert await tags_action(fake_client, uri, action_params(uri, position(0, 0), position(5, 0))) is None


# -- completion -------------------------------------------------------------------------------------------------


def comment_above(prefix):
    return f"{prefix}\n{FETCH}"


async def test_tags_comment_completes_the_tags_of_the_code_below(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, comment_above("# tags: "), "python")
    result = await fake_client.text_document_completion_async(completion_params(uri, 0, 8))
    items = sorted(result.items, key=lambda item: item.sort_text)
    cursor = types.Range(start=position(0, 8), end=position(0, 8))
    assert [(item.label, item.text_edit) for item in items] == [
        ("http-client", types.TextEdit(range=cursor, new_text="http-client")),
        ("json", types.TextEdit(range=cursor, new_text="json")),
    ]
    assert items[0].detail == "concept tag (93%)"


async def test_tag_completion_replaces_the_partial_word_and_skips_written_tags(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, comment_above("# tags: http-client, js"), "python")
    result = await fake_client.text_document_completion_async(completion_params(uri, 0, 23, trigger="s"))
    [item] = result.items
    typed = types.Range(start=position(0, 21), end=position(0, 23))
    assert (item.label, item.filter_text) == ("json", "json")
    assert item.text_edit == types.TextEdit(range=typed, new_text="json")


async def test_at_tags_comment_completes_with_a_space_first(fake_client: LanguageClient):
    uri = "file:///web/fetch.js"
    text = "/**\n * @tags\n */\nconst data = JSON.parse(await requests.get(URL));\n"
    open_document(fake_client, uri, text, "javascript")
    result = await fake_client.text_document_completion_async(completion_params(uri, 1, 8, trigger="s"))
    assert [item.text_edit.new_text for item in result.items] == [" http-client"]


async def test_no_tag_completion_outside_a_tags_comment(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, comment_above("# fetch it: "), "python")
    assert await fake_client.text_document_completion_async(completion_params(uri, 0, 12)) is None


async def test_no_tag_completion_when_tags_are_switched_off(fake_client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(fake_client, uri, comment_above("# tags: "), "python")
    await switch_tags_off(fake_client)
    assert await fake_client.text_document_completion_async(completion_params(uri, 0, 8)) is None


# -- the real tagger --------------------------------------------------------------------------------------------


def real_tagger_listed():
    manifest = json.loads((default_models_dir() / MANIFEST_NAME).read_text(encoding="utf-8"))
    return any(model["name"] == "tagger" for model in manifest["models"])


needs_tagger = pytest.mark.skipif(not real_tagger_listed(), reason="models/manifest.json lists no tagger model yet")


@needs_tagger
async def test_real_tagger_hover_tags_requests_and_json(client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(client, uri, FETCH, "python")
    hover = await client.text_document_hover_async(hover_params(uri, 4, 4))
    assert "#http-client" in hover.contents.value and "#json" in hover.contents.value


@needs_tagger
async def test_real_tagger_insert_tags_action_writes_a_python_comment(client: LanguageClient):
    uri = "file:///src/fetch.py"
    open_document(client, uri, FETCH, "python")
    action = await tags_action(client, uri, action_params(uri, position(0, 0), position(5, 36)))
    [edit] = edits_for(action.edit, uri)
    assert edit.new_text.startswith("# tags: ") and "http-client" in edit.new_text


QUICKSORT_C = """\
void quick_sort(int *arr, int lo, int hi)
{
    if (lo < hi) {
        int pivot = arr[hi];
        int i = lo - 1;
        for (int j = lo; j < hi; j++) {
            if (arr[j] <= pivot) {
                i++;
                int tmp = arr[i];
                arr[i] = arr[j];
                arr[j] = tmp;
            }
        }
        int tmp = arr[i + 1];
        arr[i + 1] = arr[hi];
        arr[hi] = tmp;
        quick_sort(arr, lo, i);
        quick_sort(arr, i + 2, hi);
    }
}
"""
QUICKSORT_JAVA = """\
static void quickSort(int[] data, int left, int right) {
    if (left >= right) {
        return;
    }
    int pivot = data[(left + right) >>> 1];
    int i = left, j = right;
    while (i <= j) {
        while (data[i] < pivot) i++;
        while (data[j] > pivot) j--;
        if (i <= j) {
            int t = data[i];
            data[i] = data[j];
            data[j] = t;
            i++;
            j--;
        }
    }
    quickSort(data, left, j);
    quickSort(data, i, right);
}
"""
QUICKSORT_PYTHON = """\
def quicksort(values, low=0, high=None):
    if high is None:
        high = len(values) - 1
    if low < high:
        pivot = values[high]
        store = low
        for i in range(low, high):
            if values[i] <= pivot:
                values[i], values[store] = values[store], values[i]
                store += 1
        values[store], values[high] = values[high], values[store]
        quicksort(values, low, store - 1)
        quicksort(values, store + 1, high)
    return values
"""
SIEVE = """\
def primes_below(limit):
    composite = [False] * limit
    found = []
    for n in range(2, limit):
        if not composite[n]:
            found.append(n)
            for multiple in range(n * n, limit, n):
                composite[multiple] = True
    return found
"""
SIEVE_GO = """\
func marks(n int) []bool {
	crossed := make([]bool, n+1)
	for i := 2; i*i <= n; i++ {
		if !crossed[i] {
			for j := i * i; j <= n; j += i {
				crossed[j] = true
			}
		}
	}
	return crossed
}
"""
JSON_LOADER = """\
import json


def load_profile(path):
    with open(path, encoding="utf-8") as handle:
        try:
            profile = json.load(handle)
        except ValueError:
            profile = {}
    profile.setdefault("theme", "light")
    profile.setdefault("language", "en")
    return profile
"""


async def real_tags(client, uri, text, language):
    """The tags the real tagger writes with the Insert Tags action on the whole of ``text``."""
    open_document(client, uri, text, language)
    end = position(text.count("\n"), 0)
    action = await tags_action(client, uri, action_params(uri, position(0, 0), end))
    if action is None:
        return set()
    [edit] = edits_for(action.edit, uri)
    return {tag.strip() for tag in edit.new_text.split("tags:", 1)[1].split(",")}


@needs_tagger
@pytest.mark.parametrize(
    ("uri", "text", "lang"),
    [
        pytest.param("file:///src/sort.c", QUICKSORT_C, "c", id="c"),
        pytest.param("file:///src/Sort.java", QUICKSORT_JAVA, "java", id="java"),
        pytest.param("file:///src/sort.py", QUICKSORT_PYTHON, "python", id="python"),
    ],
)
async def test_real_tagger_tags_a_recursive_quicksort_sorting_and_recursion(client: LanguageClient, uri, text, lang):
    assert {"sorting", "recursion"} <= await real_tags(client, uri, text, lang)


@needs_tagger
@pytest.mark.parametrize(
    ("uri", "text", "lang"),
    [("file:///src/primes.py", SIEVE, "python"), ("file:///src/marks.go", SIEVE_GO, "go")],
    ids=["python", "go-names-never-say-prime"],
)
async def test_real_tagger_tags_a_sieve_of_eratosthenes_math(client: LanguageClient, uri, text, lang):
    assert "math" in await real_tags(client, uri, text, lang)


@needs_tagger
async def test_real_tagger_does_not_tag_a_json_loader_with_a_try_error_handling(client: LanguageClient):
    tags = await real_tags(client, "file:///src/profile.py", JSON_LOADER, "python")
    assert tags and "error-handling" not in tags


@needs_tagger
async def test_real_tagger_tags_a_json_loader_json(client: LanguageClient):
    assert "json" in await real_tags(client, "file:///src/profile.py", JSON_LOADER, "python")


UNFINISHED_KOTLIN = """\
class Queue : Benchmark {
    val nSeconds = 5
    override var dispatcher: String = "fjp"

    @Benchmark"""


@needs_tagger
async def test_real_tagger_answers_on_kotlin_that_ends_mid_declaration(client: LanguageClient):
    # The Kotlin grammar's scanner never returned on this end of input, and the server hung with it.
    uri = "file:///src/Queue.kt"
    open_document(client, uri, UNFINISHED_KOTLIN, "kotlin")
    hover = await client.text_document_hover_async(hover_params(uri, 4, 6))
    assert "kotlin" in hover.contents.value.lower()
    tags = await real_tags(client, "file:///src/Other.kt", UNFINISHED_KOTLIN, "kotlin")
    assert isinstance(tags, set)
