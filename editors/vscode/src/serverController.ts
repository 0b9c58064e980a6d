/**
 * Finds the server, runs the language client over stdio, and keeps the status bar in step with it
 * (starting → loading models → ready, or an error). Commands get the client through `ready()`.
 */

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  State,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from "vscode-languageclient/node";
import { describeServer, findServer, MODULE_ARGS, type ServerCommand } from "./core/discovery";
import { findOnPath, run } from "./core/processes";
import { answerConfiguration, SECTION, serverSection } from "./core/settings";
import type { ServerState } from "./core/status";
import { onInterpreterChange, selectedInterpreter } from "./pythonExtension";
import { PrivateServer } from "./privateServer";
import { traceChannel } from "./traceChannel";

const HAS_SERVER_CHECK = ["-c", "import importlib.metadata as m; print(m.version('snippet-lens'))"];

function readSetting(key: string): unknown {
  return vscode.workspace.getConfiguration(SECTION).get(key);
}

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: ServerCommand | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private stopping = false;
  /** The last start found no server or the server did not start. */
  private failed = false;
  /** The server's "loading models" progress has ended: hover and the other features answer now. */
  private modelsLoaded = false;
  private readonly privateServer: PrivateServer;
  private readonly trace: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly showState: (state: ServerState) => void,
  ) {
    this.privateServer = new PrivateServer(context, log);
    this.trace = traceChannel(log);
    this.disposables.push(new vscode.Disposable(() => { this.trace.dispose(); }));
    void onInterpreterChange(() => {
      if (this.server?.origin === "python-extension") {
        void this.restart();
      }
    }).then((listener) => listener && this.disposables.push(listener));
  }

  /** The running client, starting it first (or again, after a failed start); undefined without a server. */
  async ready(): Promise<LanguageClient | undefined> {
    if (this.client?.state === State.Stopped) {
      await this.stop(); // it crashed more often than the language client restarts it
    }
    if (!this.starting || this.failed) {
      this.failed = false;
      this.starting = this.start();
    }
    return this.starting;
  }

  async restart(): Promise<LanguageClient | undefined> {
    await this.stop();
    this.privateServer.askAgain();
    return this.ready();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.modelsLoaded = false;
    if (client) {
      this.stopping = true;
      try {
        await client.dispose(5_000);
      } catch (err) {
        this.log.warn(`stopping the server: ${String(err)}`);
      } finally {
        this.stopping = false;
      }
    }
  }

  /** Tells the server the section changed; it pulls it again through `workspace/configuration`. */
  async settingsChanged(): Promise<void> {
    const client = this.client;
    if (client?.isRunning()) {
      const settings = { [SECTION]: serverSection(readSetting) };
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings });
    }
  }

  dispose(): void {
    void this.stop();
    this.disposables.forEach((d) => { d.dispose(); });
  }

  private async start(): Promise<LanguageClient | undefined> {
    this.showState({ kind: "starting" });
    const server = await this.discover();
    if (!server) {
      this.showState({ kind: "missing" });
      this.failed = true;
      return undefined;
    }
    this.server = server;
    const label = describeServer(server);
    this.log.info(`starting ${label}`);
    this.showState({ kind: "starting", server: label });
    const client = this.createClient(server, label);
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      // The language client has already shown the failure; the log and the status bar keep it.
      this.log.error(`the server did not start (${label}): ${err instanceof Error ? err.message : String(err)}`);
      this.showState({ kind: "error", message: "The server did not start" });
      this.client = undefined;
      this.failed = true;
      client.dispose().catch(() => undefined);
      return undefined;
    }
    this.showLoadedOrLoading(label);
    return client;
  }

  private async discover(): Promise<ServerCommand | undefined> {
    const resource = vscode.window.activeTextEditor?.document.uri;
    const interpreter = await selectedInterpreter(resource);
    const { server, tried } = await findServer({
      configuredCommand: () => readSetting("server.command"),
      pythonExtensionInterpreter: () => Promise.resolve(interpreter),
      hasServer: async ([command, ...args]) =>
        (await run(command, [...args, ...HAS_SERVER_CHECK], { timeoutMs: 20_000 })).code === 0,
      findOnPath: (name) => findOnPath(name),
      privateEnvironment: () => this.privateServer.installedPython(),
    });
    tried.forEach((line) => { this.log.info(`looked for the server: ${line}`); });
    if (server) {
      return server;
    }
    const python = await this.privateServer.offer(interpreter);
    return python ? { command: python, args: [...MODULE_ARGS], origin: "private-environment" } : undefined;
  }

  private createClient(server: ServerCommand, label: string): LanguageClient {
    const serverOptions: ServerOptions = { command: server.command, args: server.args };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: "file" }, { scheme: "untitled" }],
      outputChannel: this.log,
      traceOutputChannel: this.trace,
      initializationOptions: () => serverSection(readSetting),
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            return Array.isArray(answer) ? answerConfiguration(params.items, answer, readSetting) : answer;
          },
        },
        handleWorkDoneProgress: (token, params, next) => {
          this.onProgress(params, label);
          next(token, params);
        },
      },
    };
    const client = new LanguageClient(SECTION, "Snippet Lens", serverOptions, clientOptions);
    client.onDidChangeState((event) => {
      if (event.newState === State.Stopped && !this.stopping && this.client === client) {
        this.showState({ kind: "error", message: "The server stopped" });
      } else if (event.newState === State.Running) {
        this.showLoadedOrLoading(label);
      }
    });
    return client;
  }

  private onProgress(params: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd, label: string): void {
    if (params.kind === "end") {
      this.modelsLoaded = true;
      this.showState({ kind: "ready", server: label });
    } else {
      this.showState({ kind: "loading", message: params.message, percentage: params.percentage });
    }
  }

  /** Once the server is initialized it loads its models; "ready" waits for the end of that progress. */
  private showLoadedOrLoading(label: string): void {
    this.showState(this.modelsLoaded ? { kind: "ready", server: label } : { kind: "loading", message: "loading models" });
  }
}
