"""Completion: languages after ``` on a Markdown fence line, the detected one first."""

from lsp_session import open_document
from lsprotocol import types
from pytest_lsp import LanguageClient

RUST = """Some text.

```
fn main() {
    let names = vec!["a", "b"];
    for name in &names {
        println!("hello, {}", name);
    }
}
```
"""


def completion_params(uri, line, character):
    trigger = types.CompletionContext(trigger_kind=types.CompletionTriggerKind.TriggerCharacter, trigger_character="`")
    return types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=line, character=character),
        context=trigger,
    )


async def test_detected_language_of_the_block_below_comes_first(client: LanguageClient):
    uri = "file:///notes/rust.md"
    open_document(client, uri, RUST, "markdown")
    result = await client.text_document_completion_async(completion_params(uri, 2, 3))
    labels = [item.label for item in sorted(result.items, key=lambda item: item.sort_text)]
    assert labels[0] == "rust"
    assert {"python", "go", "sql"} <= set(labels[1:])


async def test_items_match_what_was_typed_after_the_backticks(fake_client: LanguageClient):
    uri = "file:///notes/rust.md"
    open_document(fake_client, uri, RUST.replace("```\nfn", "```py\nfn"), "markdown")
    result = await fake_client.text_document_completion_async(completion_params(uri, 2, 5))
    [item] = result.items
    replaced = types.Range(start=types.Position(line=2, character=3), end=types.Position(line=2, character=5))
    assert (item.label, item.text_edit) == ("python", types.TextEdit(range=replaced, new_text="python"))


async def test_detected_item_says_so(fake_client: LanguageClient):
    uri = "file:///notes/rust.md"
    open_document(fake_client, uri, RUST, "markdown")
    result = await fake_client.text_document_completion_async(completion_params(uri, 2, 3))
    first = min(result.items, key=lambda item: item.sort_text)
    assert (first.label, first.detail, first.preselect) == ("rust", "detected by Snippet Lens (85%)", True)


async def test_no_completion_on_a_closing_fence(fake_client: LanguageClient):
    uri = "file:///notes/rust.md"
    open_document(fake_client, uri, RUST, "markdown")
    assert await fake_client.text_document_completion_async(completion_params(uri, 9, 3)) is None


async def test_no_completion_outside_markdown(fake_client: LanguageClient):
    uri = "file:///src/main.rs"
    open_document(fake_client, uri, "```\nfn main() {}\n```\n", "rust")
    assert await fake_client.text_document_completion_async(completion_params(uri, 0, 3)) is None


async def test_no_completion_after_two_backticks(fake_client: LanguageClient):
    uri = "file:///notes/inline.md"
    open_document(fake_client, uri, "``\n", "markdown")
    assert await fake_client.text_document_completion_async(completion_params(uri, 0, 2)) is None
