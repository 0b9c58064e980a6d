// Builds the server wheel from the repository root into server/, replacing older ones.
// Python: $PYTHON, else python3 (python on Windows). Needs pip; build isolation fetches setuptools.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const extensionRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repositoryRoot = resolve(extensionRoot, "../..");
const serverDir = join(extensionRoot, "server");
const python = process.env.PYTHON || (process.platform === "win32" ? "python" : "python3");

mkdirSync(serverDir, { recursive: true });
for (const name of readdirSync(serverDir).filter((n) => n.endsWith(".whl"))) {
  rmSync(join(serverDir, name));
}
const args = ["-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet", repositoryRoot, "-w", serverDir];
console.log(`${python} ${args.join(" ")}`);
const result = spawnSync(python, args, { stdio: "inherit" });
if (result.error || result.status !== 0) {
  console.error(`building the server wheel failed: ${result.error?.message ?? `exit status ${result.status}`}`);
  process.exit(1);
}
const wheels = readdirSync(serverDir).filter((n) => n.endsWith(".whl"));
if (wheels.length !== 1) {
  console.error(`expected one wheel in ${serverDir}, found: ${wheels.join(", ") || "none"}`);
  process.exit(1);
}
console.log(`server/${wheels[0]}`);
