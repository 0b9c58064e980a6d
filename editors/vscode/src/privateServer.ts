/**
 * The last resort: offer to create a virtual environment in the extension's global storage and
 * install the server wheel shipped in the .vsix there.
 */

import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import { run } from "./core/processes";
import {
  bundledWheel,
  installSteps,
  isCurrent,
  isSupported,
  MIN_PYTHON,
  parsePythonVersion,
  pythonCandidates,
  venvLayout,
  VERSION_CHECK,
  type VenvLayout,
} from "./core/venv";

export class PrivateServer {
  private declined = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get layout(): VenvLayout {
    return venvLayout(this.context.globalStorageUri.fsPath);
  }

  private async wheel(): Promise<string | undefined> {
    const folder = this.context.asAbsolutePath("server");
    const names = await readdir(folder).catch(() => []);
    const name = bundledWheel(names);
    return name ? path.join(folder, name) : undefined;
  }

  /** The environment's interpreter when it holds the bundled wheel. */
  async installedPython(): Promise<string | undefined> {
    const wheel = await this.wheel();
    if (!wheel) {
      return undefined;
    }
    const marker = await readFile(this.layout.marker, "utf8").catch(() => undefined);
    return isCurrent(marker, path.basename(wheel)) ? this.layout.python : undefined;
  }

  /** Asks again next time, after the user said "Not Now". */
  askAgain(): void {
    this.declined = false;
  }

  /** Asks (until the user says "Not Now"), then installs; the interpreter on success. */
  async offer(pythonExtension: string[] | undefined): Promise<string | undefined> {
    const wheel = await this.wheel();
    if (!wheel) {
      void showMissing("Snippet Lens found no language server. Install it (pip install snippet-lens) or set snippetLens.server.command.");
      return undefined;
    }
    if (this.declined) {
      return undefined;
    }
    const stale = await readFile(this.layout.marker, "utf8").then(() => true, () => false);
    const install = stale ? "Update" : "Install";
    const answer = await vscode.window.showInformationMessage(
      stale
        ? "Snippet Lens: the server in its private Python environment is out of date. Update it now?"
        : "Snippet Lens needs its language server. Install it into a private Python environment now? " +
            "ONNX Runtime and the other dependencies are downloaded from PyPI.",
      install,
      "Open Settings",
      "Not Now",
    );
    if (answer === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", "snippetLens.server.command");
    }
    if (answer !== install) {
      this.declined = true;
      return undefined;
    }
    return this.install(wheel, pythonExtension);
  }

  private async install(wheel: string, pythonExtension: string[] | undefined): Promise<string | undefined> {
    const python = await this.findPython(pythonExtension);
    if (!python) {
      const min = MIN_PYTHON.join(".");
      const choice = await vscode.window.showErrorMessage(
        `Snippet Lens needs Python ${min} or newer (with its venv module) to install its server, and found none ` +
          `(tried: ${pythonCandidates(process.platform, pythonExtension).map((c) => c.join(" ")).join(", ")}). ` +
          `Install Python (on Debian and Ubuntu also python3-venv), then run "Snippet Lens: Restart Server".`,
        "Download Python",
        "Show Log",
      );
      if (choice === "Download Python") {
        void vscode.env.openExternal(vscode.Uri.parse("https://www.python.org/downloads/"));
      } else if (choice === "Show Log") {
        this.log.show(true);
      }
      return undefined;
    }
    const installed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Snippet Lens", cancellable: true },
      (progress, token) => this.runSteps(python, wheel, progress, token),
    );
    if (!installed) {
      const choice = await vscode.window.showErrorMessage(
        "Snippet Lens could not install its server; the log says why.",
        "Show Log",
      );
      if (choice) {
        this.log.show(true);
      }
      return undefined;
    }
    return this.layout.python;
  }

  private async findPython(pythonExtension: string[] | undefined): Promise<string[] | undefined> {
    for (const candidate of pythonCandidates(process.platform, pythonExtension)) {
      const [command, ...args] = candidate;
      const result = await run(command, [...args, ...VERSION_CHECK], { timeoutMs: 20_000 });
      const version = parsePythonVersion(result.stdout);
      this.log.info(`Python candidate ${candidate.join(" ")}: ${version ? version.join(".") : (result.error ?? result.stderr.trim()) || "unusable"}`);
      if (result.code === 0 && version && isSupported(version)) {
        return candidate;
      }
    }
    return undefined;
  }

  private async runSteps(
    python: string[],
    wheel: string,
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ): Promise<boolean> {
    const layout = this.layout;
    const abort = new AbortController();
    token.onCancellationRequested(() => { abort.abort(); });
    await mkdir(this.context.globalStorageUri.fsPath, { recursive: true });
    await rm(layout.dir, { recursive: true, force: true });
    const steps = installSteps(python, layout, wheel);
    for (const step of steps) {
      progress.report({ message: `${step.title}…`, increment: 100 / (steps.length + 1) });
      this.log.info(`$ ${[step.command, ...step.args].join(" ")}`);
      const result = await run(step.command, step.args, {
        timeoutMs: step.timeoutMs,
        signal: abort.signal,
        onOutput: (text) => {
          const lines = text.trimEnd();
          if (lines) {
            this.log.info(lines);
          }
        },
      });
      if (result.code !== 0) {
        this.log.error(`${step.title} failed: ${result.error ?? `exit status ${String(result.code)}`}`);
        return false;
      }
    }
    await writeFile(layout.marker, path.basename(wheel) + "\n");
    this.log.info(`server installed in ${layout.dir}`);
    return true;
  }
}

async function showMissing(message: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, "Open Settings");
  if (choice) {
    void vscode.commands.executeCommand("workbench.action.openSettings", "snippetLens.server.command");
  }
}
