/** "Describe Selection" and "Insert Description": the server's `snippetLens.describe` for the selection. */

import * as vscode from "vscode";
import { ExecuteCommandRequest, type LanguageClient } from "vscode-languageclient/node";
import { commentLanguage, commentSyntaxFor, formatComment, indentOf } from "./core/commentSyntax";
import { descriptionOf, isEnrichment, summarize, type Enrichment } from "./core/enrichment";

export const DESCRIBE_COMMAND = "snippetLens.describe";

/** The enrichment of the selection (of the whole document when nothing is selected). */
export async function describe(client: LanguageClient, editor: vscode.TextEditor): Promise<Enrichment | undefined> {
  const converter = client.code2ProtocolConverter;
  const selection = editor.selection;
  const args = {
    uri: converter.asUri(editor.document.uri),
    ...(selection.isEmpty ? {} : { range: converter.asRange(selection) }),
  };
  const result: unknown = await client.sendRequest(ExecuteCommandRequest.type, {
    command: DESCRIBE_COMMAND,
    arguments: [args],
  });
  return isEnrichment(result) ? result : undefined;
}

export async function describeSelection(client: LanguageClient, editor: vscode.TextEditor): Promise<void> {
  const enrichment = await describe(client, editor);
  if (!enrichment) {
    void vscode.window.showWarningMessage("Snippet Lens has no answer for this document.");
    return;
  }
  const what = editor.selection.isEmpty ? "Document" : "Selection";
  const choice = await vscode.window.showInformationMessage(`${what}: ${summarize(enrichment)}`, "Show JSON", "Copy JSON");
  const json = JSON.stringify(enrichment, null, 2);
  if (choice === "Show JSON") {
    const document = await vscode.workspace.openTextDocument({ language: "json", content: json + "\n" });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  } else if (choice === "Copy JSON") {
    await vscode.env.clipboard.writeText(json);
  }
}

export async function insertDescription(client: LanguageClient, editor: vscode.TextEditor): Promise<void> {
  if (editor.selection.isEmpty) {
    void vscode.window.showInformationMessage("Snippet Lens: select the code to describe first.");
    return;
  }
  const enrichment = await describe(client, editor);
  if (!enrichment) {
    void vscode.window.showWarningMessage("Snippet Lens has no answer for this document.");
    return;
  }
  const description = descriptionOf(enrichment);
  if (!description) {
    void vscode.window.showInformationMessage(
      `Snippet Lens has no description for this snippet (language ${enrichment.language}): it may not be code, ` +
        "or snippetLens.enableDescriptions is off. Nothing was inserted.",
    );
    return;
  }
  const document = editor.document;
  const language = commentLanguage(document.languageId, enrichment.language);
  const syntax = commentSyntaxFor(language);
  if (!syntax) {
    const choice = await vscode.window.showInformationMessage(
      `Snippet Lens: ${language} has no comments, so nothing was inserted. The description: ${description}`,
      "Copy",
    );
    if (choice) {
      await vscode.env.clipboard.writeText(description);
    }
    return;
  }
  const line = document.lineAt(editor.selection.start.line);
  const eol = document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
  const comment = formatComment(description, syntax, indentOf(line.text), eol);
  await editor.edit((edit) => { edit.insert(line.range.start, comment); });
}
