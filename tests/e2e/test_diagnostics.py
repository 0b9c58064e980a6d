"""Diagnostics: one per unlabeled fence in a Markdown document, kept current as it changes."""

from lsp_session import open_and_wait_for_diagnostics, wait_for_diagnostics
from lsprotocol import types
from pytest_lsp import LanguageClient

DOC = """# Title

```python
print("labeled")
```

  ```
unlabeled
  ```
"""


def change(client, uri, version, text):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def test_unlabeled_fence_gets_one_information_diagnostic(client: LanguageClient):
    published = await open_and_wait_for_diagnostics(client, "file:///docs/a.md", DOC, "markdown")
    start, end = types.Position(line=6, character=2), types.Position(line=6, character=5)
    assert published.diagnostics == (
        types.Diagnostic(
            range=types.Range(start=start, end=end),
            message="Code fence has no language label",
            severity=types.DiagnosticSeverity.Information,
            code="unlabeled-fence",
            source="snippet-lens",
        ),
    )


async def test_labeling_the_fence_clears_the_diagnostic(client: LanguageClient):
    uri = "file:///docs/a.md"
    await open_and_wait_for_diagnostics(client, uri, DOC, "markdown")
    change(client, uri, 2, DOC.replace("  ```\nunlabeled", "  ```text\nunlabeled"))
    published = await wait_for_diagnostics(client, uri)
    assert (published.version, published.diagnostics) == (2, ())


async def test_markdown_is_recognised_by_file_name_too(fake_client: LanguageClient):
    published = await open_and_wait_for_diagnostics(fake_client, "file:///docs/a.md", DOC, "plaintext")
    assert [d.range.start.line for d in published.diagnostics] == [6]


async def test_closing_a_document_clears_its_diagnostics(fake_client: LanguageClient):
    uri = "file:///docs/a.md"
    await open_and_wait_for_diagnostics(fake_client, uri, DOC, "markdown")
    fake_client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri=uri)))
    assert (await wait_for_diagnostics(fake_client, uri)).diagnostics == ()


async def test_severity_setting_republishes_as_hints(fake_client: LanguageClient):
    uri = "file:///docs/a.md"
    await open_and_wait_for_diagnostics(fake_client, uri, DOC, "markdown")
    fake_client.set_configuration({"diagnosticSeverity": "hint"}, section="snippetLens")
    fake_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    published = await wait_for_diagnostics(fake_client, uri)
    assert [d.severity for d in published.diagnostics] == [types.DiagnosticSeverity.Hint]


async def test_disabling_diagnostics_clears_them(fake_client: LanguageClient):
    uri = "file:///docs/a.md"
    await open_and_wait_for_diagnostics(fake_client, uri, DOC, "markdown")
    fake_client.set_configuration({"enableDiagnostics": False}, section="snippetLens")
    fake_client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert (await wait_for_diagnostics(fake_client, uri)).diagnostics == ()
