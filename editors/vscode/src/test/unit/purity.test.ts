import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

describe("the pure modules", () => {
  it("load without VS Code", () => {
    const folder = path.resolve(__dirname, "../../core");
    const offenders = readdirSync(folder)
      .filter((name) => name.endsWith(".js"))
      .filter((name) => /require\("vscode(-languageclient[^"]*)?"\)/.test(readFileSync(path.join(folder, name), "utf8")));
    assert.deepEqual(offenders, []);
  });
});
