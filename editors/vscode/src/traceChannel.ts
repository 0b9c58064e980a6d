/**
 * The channel the language client writes its LSP trace to. vscode-languageclient traces only when
 * that channel's log level is Trace, so `snippetLens.trace.server` alone would never show a line in
 * a log channel left at Info. This view of the Snippet Lens log reports Trace while the setting is
 * `messages` or `verbose` and writes the trace lines into the log at Info.
 */

import * as vscode from "vscode";
import { SECTION } from "./core/settings";

function tracing(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off") !== "off";
}

export function traceChannel(log: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const level = (): vscode.LogLevel => (tracing() ? vscode.LogLevel.Trace : log.logLevel);
  const listeners = [
    log.onDidChangeLogLevel(() => { changed.fire(level()); }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${SECTION}.trace.server`)) {
        changed.fire(level());
      }
    }),
  ];
  return {
    name: log.name,
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: (message: string, ...args: unknown[]) => { log.info(message, ...args); },
    debug: (message: string, ...args: unknown[]) => { log.debug(message, ...args); },
    info: (message: string, ...args: unknown[]) => { log.info(message, ...args); },
    warn: (message: string, ...args: unknown[]) => { log.warn(message, ...args); },
    error: (error: string | Error, ...args: unknown[]) => { log.error(error, ...args); },
    append: (value) => { log.append(value); },
    appendLine: (value) => { log.appendLine(value); },
    replace: (value) => { log.replace(value); },
    clear: () => { log.clear(); },
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the interface still declares both overloads
    show: (columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => {
      log.show(typeof columnOrPreserveFocus === "boolean" ? columnOrPreserveFocus : preserveFocus);
    },
    hide: () => { log.hide(); },
    dispose: () => {
      listeners.forEach((listener) => { listener.dispose(); });
      changed.dispose();
    },
  };
}
