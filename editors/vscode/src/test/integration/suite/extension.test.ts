/** The extension in a real VS Code, against the real server and models. */

import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { SnippetLensApi } from "../../../extension";

const EXTENSION_ID = "snippet-lens.snippet-lens";
const PYTHON = "def greet(name):\n    print(f\"Hello, {name}!\")\n\nfor n in ['a', 'b']:\n    greet(n)\n";

async function openEditor(language: string, content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  return vscode.window.showTextDocument(document);
}

describe("Snippet Lens in VS Code", function () {
  before(async function () {
    const server = process.env.SNIPPET_LENS_SERVER;
    if (server) {
      await vscode.workspace.getConfiguration("snippetLens").update("server.command", server, vscode.ConfigurationTarget.Global);
    }
    await openEditor("python", PYTHON);
    const extension = vscode.extensions.getExtension<SnippetLensApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = await extension.activate();
    assert.equal(await api.ready(), true, "the server did not start; is snippet-lens on PATH?");
  });

  it("contributes its commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ["describeSelection", "insertDescription", "restartServer", "showLog"]) {
      assert.ok(commands.includes(`snippetLens.${command}`), `missing snippetLens.${command}`);
    }
  });

  it("describes a Python selection as python", async () => {
    const editor = await openEditor("plaintext", PYTHON);
    const range = { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } };
    const result = await vscode.commands.executeCommand<{ language: string } | null>("snippetLens.describe", {
      uri: editor.document.uri.toString(),
      range,
    });
    assert.ok(result);
    assert.equal(result.language, "python");
  });

  it("inserts the description as a comment above the selection, or nothing without one", async () => {
    const editor = await openEditor("python", PYTHON);
    editor.selection = new vscode.Selection(3, 0, 4, 12);
    await vscode.commands.executeCommand("snippetLens.insertDescription");
    const lines = editor.document.getText().split("\n");
    if (lines.length > PYTHON.split("\n").length) {
      assert.match(lines[3], /^# \S/);
    } else {
      assert.equal(editor.document.getText(), PYTHON);
    }
  });

  it("hovers over an unlabeled Markdown fence with its language", async () => {
    const markdown = "# Notes\n\n```\n" + PYTHON + "```\n";
    const editor = await openEditor("markdown", markdown);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      editor.document.uri,
      new vscode.Position(4, 4),
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (content instanceof vscode.MarkdownString ? content.value : JSON.stringify(content)))
      .join("\n");
    assert.match(text, /python/i);
  });
});
