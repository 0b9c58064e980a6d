/** "Describe Selection" (the server's `snippetLens.describe`) and "Insert Description" (its code action). */

import * as vscode from "vscode";
import {
  CodeActionKind,
  CodeActionRequest,
  CodeActionTriggerKind,
  ExecuteCommandRequest,
  type CodeAction,
  type LanguageClient,
} from "vscode-languageclient/node";
import { isEnrichment, summarize, type Enrichment } from "./core/enrichment";

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

/** The server's code action that carries the description as a comment, with its edit. */
export const DESCRIPTION_ACTION = "Insert description as comment";

/**
 * Inserts the description as the server writes it: its "Insert description as comment" action for
 * the selection (the comment syntax, placement and indentation are decided there, for every editor).
 */
export async function insertDescription(client: LanguageClient, editor: vscode.TextEditor): Promise<void> {
  if (editor.selection.isEmpty) {
    void vscode.window.showInformationMessage("Snippet Lens: select the code to describe first.");
    return;
  }
  const converter = client.code2ProtocolConverter;
  const answer = await client.sendRequest(CodeActionRequest.type, {
    textDocument: converter.asTextDocumentIdentifier(editor.document),
    range: converter.asRange(editor.selection),
    context: { diagnostics: [], only: [CodeActionKind.RefactorRewrite], triggerKind: CodeActionTriggerKind.Invoked },
  });
  const action = (answer ?? []).find((item): item is CodeAction => "title" in item && item.title === DESCRIPTION_ACTION);
  if (!action?.edit) {
    void vscode.window.showInformationMessage(
      "Snippet Lens has no description for this snippet: it may not be code, " +
        "or snippetLens.enableDescriptions is off. Nothing was inserted.",
    );
    return;
  }
  await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(action.edit));
}
