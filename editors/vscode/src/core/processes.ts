/** Running short child processes and finding executables, with Node only. */

import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import * as path from "node:path";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The process could not start (e.g. ENOENT), or ran past its time. */
  error?: string;
}

export interface RunOptions {
  timeoutMs: number;
  onOutput?: (text: string) => void;
  signal?: AbortSignal;
}

/** Runs a command without a shell and collects its output; never throws. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let error: string | undefined;
    const child = spawn(command, args, { shell: false, windowsHide: true, signal: options.signal });
    const timer = setTimeout(() => {
      error = `${command} did not finish within ${Math.round(options.timeoutMs / 1000)} s`;
      child.kill();
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onOutput?.(chunk.toString());
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onOutput?.(chunk.toString());
    });
    child.on("error", (err) => {
      error ??= err.message;
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, error });
    });
  });
}

/** The full path of `name` in one of the PATH folders (with PATHEXT on Windows), if any. */
export async function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  const windows = platform === "win32";
  const pathValue = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? "";
  const folders = pathValue.split(windows ? ";" : ":").filter(Boolean);
  const extensions = windows ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean) : [""];
  for (const folder of folders) {
    for (const extension of extensions) {
      const candidate = path.join(folder, name + extension.toLowerCase());
      if (await isExecutable(candidate, windows)) {
        return candidate;
      }
    }
  }
  return undefined;
}

async function isExecutable(file: string, windows: boolean): Promise<boolean> {
  try {
    await access(file, windows ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
