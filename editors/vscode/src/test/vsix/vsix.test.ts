/**
 * Checks the .vsix that `npm run package` built: the bundled extension entry and the server wheel
 * are in it; sources, tests and node_modules are not. Run with `npm run test:vsix`.
 */

import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { zipEntries, zipEntryData, type ZipEntry } from "./zip";

const ROOT = path.resolve(__dirname, "../../..");
const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string; main: string };

function vsixPath(): string {
  const fromEnv = process.env.SNIPPET_LENS_VSIX;
  if (fromEnv) {
    return path.resolve(fromEnv);
  }
  const expected = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);
  const found = readdirSync(ROOT).filter((name) => name.endsWith(".vsix"));
  assert.ok(found.length > 0, `no .vsix in ${ROOT}: run \`npm run package\` first`);
  return found.includes(path.basename(expected)) ? expected : path.join(ROOT, found[0]);
}

describe("the packaged .vsix", function () {
  let zip: Buffer;
  let entries: ZipEntry[];
  let names: string[];

  before(function () {
    const file = vsixPath();
    zip = readFileSync(file);
    entries = zipEntries(zip);
    names = entries.map((entry) => entry.name);
    console.log(`      ${path.basename(file)}: ${statSync(file).size} bytes, ${entries.length} entries`);
  });

  it("has the extension manifest", () => {
    assert.ok(names.includes("extension.vsixmanifest"));
    assert.ok(names.includes("extension/package.json"));
  });

  it("contains the compiled extension entry named in package.json main", () => {
    const entry = path.posix.join("extension", path.posix.normalize(manifest.main));
    assert.ok(names.includes(entry), `missing ${entry}`);
  });

  it("bundles the language client into the entry instead of shipping node_modules", () => {
    const entry = entries.find((e) => e.name === path.posix.join("extension", path.posix.normalize(manifest.main)));
    assert.ok(entry);
    const code = zipEntryData(zip, entry).toString("utf8");
    assert.match(code, /workspace\/configuration/);
    assert.doesNotMatch(code, /require\(["']vscode-languageclient/);
    assert.deepEqual(names.filter((name) => name.startsWith("extension/node_modules/")), []);
  });

  it("contains exactly one server wheel, pure Python", () => {
    const wheels = names.filter((name) => name.startsWith("extension/server/") && name.endsWith(".whl"));
    assert.equal(wheels.length, 1, `server wheels: ${wheels.join(", ") || "none"}`);
    assert.match(wheels[0], /^extension\/server\/snippet_lens-[^-/]+-py3-none-any\.whl$/);
  });

  it("carries a wheel with the server package, its models manifest and its snippet-lens command", () => {
    const wheel = entries.find((entry) => entry.name.endsWith(".whl"));
    assert.ok(wheel);
    const inner = zipEntries(zipEntryData(zip, wheel));
    const innerNames = inner.map((entry) => entry.name);
    const files = ["lsp_server/__main__.py", "lsp_server/cli.py", "lsp_server/server/describe.py", "lsp_server/models/manifest.json"];
    for (const file of files) {
      assert.ok(innerNames.includes(file), `the wheel lacks ${file}`);
    }
    const entryPoints = inner.find((entry) => entry.name.endsWith(".dist-info/entry_points.txt"));
    assert.ok(entryPoints, "the wheel has no entry_points.txt");
    assert.match(zipEntryData(zipEntryData(zip, wheel), entryPoints).toString(), /snippet-lens = lsp_server\.cli:main/);
  });

  it("leaves out sources, tests, source maps and development files", () => {
    const unwanted = names.filter((name) =>
      /^extension\/(src|scripts|out|test-fixtures|\.vscode-test)\/|\.(ts|map)$|^extension\/(tsconfig\.json|eslint\.config\.mjs)$/.test(name),
    );
    assert.deepEqual(unwanted, []);
  });
});
