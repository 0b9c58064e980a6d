/**
 * The private environment: a virtual environment in the extension's global storage holding the
 * server wheel shipped in the .vsix. Paths, the Python that may create it, and the install steps.
 */

import * as path from "node:path";

export const MIN_PYTHON: readonly [number, number] = [3, 10];
export const MARKER_FILE = "snippet-lens-wheel.txt";

export interface VenvLayout {
  dir: string;
  python: string;
  /** Names the wheel installed last; a different bundled wheel means the environment is stale. */
  marker: string;
}

export function venvLayout(storageDir: string, platform: NodeJS.Platform = process.platform): VenvLayout {
  const paths = platform === "win32" ? path.win32 : path.posix;
  const dir = paths.join(storageDir, "server-env");
  const python = platform === "win32" ? paths.join(dir, "Scripts", "python.exe") : paths.join(dir, "bin", "python");
  return { dir, python, marker: paths.join(dir, MARKER_FILE) };
}

/** The server wheel among the files of the bundled `server/` folder (the newest version if several). */
export function bundledWheel(fileNames: readonly string[]): string | undefined {
  const wheels = fileNames.filter((name) => /^snippet_lens-[^-]+-.+\.whl$/.test(name));
  return wheels.sort((a, b) => compareVersions(versionOf(b), versionOf(a)))[0];
}

function versionOf(wheel: string): string {
  return wheel.split("-")[1] ?? "0";
}

function compareVersions(a: string, b: string): number {
  const left = a.split(".").map((part) => parseInt(part, 10) || 0);
  const right = b.split(".").map((part) => parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** Whether the environment holds this wheel, from the marker file's contents. */
export function isCurrent(markerContents: string | undefined, wheel: string): boolean {
  return markerContents?.trim() === wheel;
}

/** Interpreters to try for creating the environment, the Python extension's first. */
export function pythonCandidates(platform: NodeJS.Platform, fromPythonExtension?: string[]): string[][] {
  const candidates = fromPythonExtension?.length ? [fromPythonExtension] : [];
  const system = platform === "win32" ? [["py", "-3"], ["python"], ["python3"]] : [["python3"], ["python"]];
  return [...candidates, ...system];
}

/** What the version check prints (`3.11`), and the check itself: version, venv and pip bootstrap present. */
export const VERSION_CHECK = [
  "-c",
  "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])",
];

export function parsePythonVersion(output: string): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)\s*$/m.exec(output);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

export function isSupported(version: readonly [number, number]): boolean {
  return version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1]);
}

export interface InstallStep {
  title: string;
  command: string;
  args: string[];
  timeoutMs: number;
}

/** Create the environment, then install the wheel (its dependencies come from PyPI). */
export function installSteps(basePython: string[], layout: VenvLayout, wheelPath: string): InstallStep[] {
  const [command, ...args] = basePython;
  return [
    {
      title: "creating a Python environment",
      command,
      args: [...args, "-m", "venv", "--clear", layout.dir],
      timeoutMs: 3 * 60_000,
    },
    {
      title: "installing the server and ONNX Runtime from PyPI",
      command: layout.python,
      args: ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", wheelPath],
      timeoutMs: 20 * 60_000,
    },
  ];
}
