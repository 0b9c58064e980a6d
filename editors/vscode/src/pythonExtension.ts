/** The interpreter selected in the Python extension (`ms-python.python`), when it is installed. */

import * as vscode from "vscode";

const PYTHON_EXTENSION = "ms-python.python";
const ACTIVATION_WAIT_MS = 15_000;

/** The part of the Python extension's API used here. */
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string };
    resolveEnvironment(path: string): Promise<{ executable: { uri?: vscode.Uri } } | undefined>;
    onDidChangeActiveEnvironmentPath?: vscode.Event<unknown>;
  };
  settings?: {
    getExecutionDetails(resource?: vscode.Uri): { execCommand: string[] | undefined };
  };
}

async function pythonApi(): Promise<PythonApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonApi>(PYTHON_EXTENSION);
  if (!extension) {
    return undefined;
  }
  const activation = extension.isActive ? Promise.resolve(extension.exports) : extension.activate();
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => { resolve(undefined); }, ACTIVATION_WAIT_MS));
  return Promise.race([Promise.resolve(activation), timeout]);
}

/** The selected interpreter as a command (usually one path), or undefined. */
export async function selectedInterpreter(resource?: vscode.Uri): Promise<string[] | undefined> {
  try {
    const api = await pythonApi();
    const environments = api?.environments;
    if (environments) {
      const active = environments.getActiveEnvironmentPath(resource);
      const resolved = await environments.resolveEnvironment(active.path);
      const executable = resolved?.executable.uri?.fsPath;
      if (executable) {
        return [executable];
      }
    }
    const command = api?.settings?.getExecutionDetails(resource).execCommand;
    return command?.length ? command : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `listener` when the user picks another interpreter. */
export async function onInterpreterChange(listener: () => void): Promise<vscode.Disposable | undefined> {
  try {
    const api = await pythonApi();
    return api?.environments?.onDidChangeActiveEnvironmentPath?.(listener);
  } catch {
    return undefined;
  }
}
