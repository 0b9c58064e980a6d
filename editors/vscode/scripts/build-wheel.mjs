// Builds the server wheel into server/, replacing older ones. It builds from a temporary copy of the
// repository's files (tracked, plus new ones git does not ignore), so that a stale build/ folder
// cannot leak into the wheel and the repository gets no build output. Without git it builds in place.
// Python: $PYTHON, else python3 (python on Windows); it needs pip, and fetches setuptools to build.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const extensionRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repositoryRoot = resolve(extensionRoot, "../..");
const serverDir = join(extensionRoot, "server");
const python = process.env.PYTHON || (process.platform === "win32" ? "python" : "python3");

function repositoryFiles() {
  const listing = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repositoryRoot,
    encoding: "utf8",
  });
  if (listing.status !== 0) {
    return undefined;
  }
  return listing.stdout.split("\0").filter((file) => file && !file.startsWith("editors/"));
}

function sourceCopy() {
  const files = repositoryFiles();
  if (!files) {
    console.log("git is not available: building in place");
    return { source: repositoryRoot, cleanup: () => {} };
  }
  const copy = mkdtempSync(join(tmpdir(), "snippet-lens-wheel-"));
  for (const file of files) {
    try {
      cpSync(join(repositoryRoot, file), join(copy, file));
    } catch (err) {
      if (err.code !== "ENOENT") {
        throw err; // a tracked file deleted in the working tree is simply left out
      }
    }
  }
  return { source: copy, cleanup: () => rmSync(copy, { recursive: true, force: true }) };
}

mkdirSync(serverDir, { recursive: true });
for (const name of readdirSync(serverDir).filter((n) => n.endsWith(".whl"))) {
  rmSync(join(serverDir, name));
}
const { source, cleanup } = sourceCopy();
const args = ["-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "--quiet", source, "-w", serverDir];
console.log(`${python} ${args.join(" ")}`);
const result = spawnSync(python, args, { stdio: "inherit" });
cleanup();
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
