"""Code actions: label an unlabeled fence, with the edit in the action itself."""

from lsp_session import apply_edits, edits_for, encoding_of, open_and_wait_for_diagnostics, open_document
from lsprotocol import types
from pytest_lsp import LanguageClient

README = """# Tool

Run it like this:

```
import sys

def main(argv):
    for name in argv[1:]:
        print(f"hello, {name}")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv))
```
"""
LABELED = README.replace("```\nimport", "```python\nimport")


def code_action_params(uri, line, diagnostics=(), only=None):
    position = types.Position(line=line, character=0)
    return types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=position, end=position),
        context=types.CodeActionContext(diagnostics=list(diagnostics), only=only),
    )


async def test_label_action_edit_gives_a_labeled_fence(client: LanguageClient):
    uri = "file:///project/README.md"
    published = await open_and_wait_for_diagnostics(client, uri, README, "markdown")
    actions = await client.text_document_code_action_async(code_action_params(uri, 4, published.diagnostics))
    [action] = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert action.title == "Label code fence as python"
    assert action.kind == types.CodeActionKind.QuickFix
    assert action.diagnostics == published.diagnostics
    assert apply_edits(README, edits_for(action.edit, uri), encoding_of(client)) == LABELED


async def test_label_action_is_offered_from_inside_the_fence(fake_client: LanguageClient):
    uri = "file:///project/README.md"
    open_document(fake_client, uri, README, "markdown")
    actions = await fake_client.text_document_code_action_async(code_action_params(uri, 8))
    [action] = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert apply_edits(README, edits_for(action.edit, uri), encoding_of(fake_client)) == LABELED


async def test_no_action_outside_fences(fake_client: LanguageClient):
    uri = "file:///project/README.md"
    open_document(fake_client, uri, README, "markdown")
    assert await fake_client.text_document_code_action_async(code_action_params(uri, 2)) is None


async def test_no_action_for_a_labeled_fence(fake_client: LanguageClient):
    uri = "file:///project/README.md"
    open_document(fake_client, uri, LABELED, "markdown")
    only = [types.CodeActionKind.QuickFix]
    assert await fake_client.text_document_code_action_async(code_action_params(uri, 4, only=only)) is None


async def test_no_action_when_only_other_kinds_are_wanted(fake_client: LanguageClient):
    uri = "file:///project/README.md"
    open_document(fake_client, uri, README, "markdown")
    params = code_action_params(uri, 4, only=[types.CodeActionKind.Source])
    assert await fake_client.text_document_code_action_async(params) is None


async def test_no_action_when_the_language_is_unknown(fake_client: LanguageClient):
    uri = "file:///project/notes.md"
    open_document(fake_client, uri, "```\n??? !!!\n```\n", "markdown")
    assert await fake_client.text_document_code_action_async(code_action_params(uri, 0)) is None
