import assert from "node:assert/strict";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { findOnPath, run } from "../../core/processes";

describe("finding executables on PATH", () => {
  let first: string;
  let second: string;

  beforeEach(async () => {
    first = await mkdtemp(path.join(tmpdir(), "sl-path-a-"));
    second = await mkdtemp(path.join(tmpdir(), "sl-path-b-"));
  });

  afterEach(async () => {
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it("takes the first executable match in PATH order", async () => {
    for (const folder of [first, second]) {
      await writeFile(path.join(folder, "snippet-lens"), "#!/bin/sh\n");
      await chmod(path.join(folder, "snippet-lens"), 0o755);
    }
    assert.equal(await findOnPath("snippet-lens", { PATH: `${first}:${second}` }, "linux"), path.join(first, "snippet-lens"));
  });

  it("skips a file that is not executable", async function () {
    if (process.platform === "win32") {
      this.skip();
    }
    await writeFile(path.join(first, "snippet-lens"), "");
    await chmod(path.join(first, "snippet-lens"), 0o644);
    assert.equal(await findOnPath("snippet-lens", { PATH: first }, "linux"), undefined);
  });

  it("adds PATHEXT extensions on Windows", async () => {
    await writeFile(path.join(second, "snippet-lens.exe"), "");
    const found = await findOnPath("snippet-lens", { Path: `${first};${second}`, PATHEXT: ".COM;.EXE" }, "win32");
    assert.equal(found, path.join(second, "snippet-lens.exe"));
  });

  it("finds nothing on an empty PATH", async () => {
    assert.equal(await findOnPath("snippet-lens", {}, "linux"), undefined);
  });
});

describe("running a command", () => {
  it("collects the output and exit status", async () => {
    const result = await run(process.execPath, ["-e", "console.log('out'); console.error('err'); process.exit(3)"], { timeoutMs: 10_000 });
    assert.deepEqual([result.code, result.stdout.trim(), result.stderr.trim(), result.error], [3, "out", "err", undefined]);
  });

  it("reports a command that does not exist instead of throwing", async () => {
    const result = await run("snippet-lens-does-not-exist", [], { timeoutMs: 10_000 });
    assert.match(result.error ?? "", /ENOENT/);
  });

  it("stops a command that runs past its time", async () => {
    const result = await run(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { timeoutMs: 200 });
    assert.match(result.error ?? "", /did not finish/);
  });
});
