/** Snippet Lens for VS Code: the language client, its status-bar item and the commands. */

import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { describeSelection, insertDescription } from "./commands";
import { RESTART_SETTINGS, SECTION } from "./core/settings";
import { presentStatus, type ServerState } from "./core/status";
import { ServerController } from "./serverController";

/** What the extension returns from `activate`, for the integration tests. */
export interface SnippetLensApi {
  /** Resolves once the server runs; false when there is none. */
  ready(): Promise<boolean>;
}

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): SnippetLensApi {
  const log = vscode.window.createOutputChannel("Snippet Lens", { log: true });
  const status = vscode.window.createStatusBarItem("snippetLens.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "Snippet Lens";
  status.command = "snippetLens.showLog";
  const showState = (state: ServerState): void => {
    const shown = presentStatus(state);
    status.text = shown.text;
    status.tooltip = shown.tooltip;
    status.backgroundColor =
      shown.severity === "normal" ? undefined : new vscode.ThemeColor(`statusBarItem.${shown.severity}Background`);
    status.show();
  };
  const servers = new ServerController(context, log, showState);
  controller = servers;

  const withClient = (run: (client: LanguageClient, editor: vscode.TextEditor) => Promise<void>) => async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage("Snippet Lens: open a file and select some code first.");
      return;
    }
    const client = await servers.ready();
    if (!client) {
      const choice = await vscode.window.showWarningMessage(
        "Snippet Lens: the server is not running.",
        "Restart Server",
        "Show Log",
      );
      if (choice === "Restart Server") {
        void servers.restart();
      } else if (choice === "Show Log") {
        log.show(true);
      }
      return;
    }
    await run(client, editor);
  };

  context.subscriptions.push(
    log,
    status,
    servers,
    vscode.commands.registerCommand("snippetLens.describeSelection", withClient(describeSelection)),
    vscode.commands.registerCommand("snippetLens.insertDescription", withClient(insertDescription)),
    vscode.commands.registerCommand("snippetLens.restartServer", () => servers.restart()),
    vscode.commands.registerCommand("snippetLens.showLog", () => { log.show(true); }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (RESTART_SETTINGS.some((key) => event.affectsConfiguration(key))) {
        void servers.restart();
      } else if (event.affectsConfiguration(SECTION)) {
        void servers.settingsChanged();
      }
    }),
  );

  void servers.ready();
  return { ready: async () => (await servers.ready()) !== undefined };
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
