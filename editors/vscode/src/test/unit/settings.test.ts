import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { answerConfiguration, SECTION, SERVER_SETTINGS, serverSection } from "../../core/settings";

const EXTENSION_ROOT = path.resolve(__dirname, "../../..");
const SETTINGS_PY = path.resolve(EXTENSION_ROOT, "../../lsp_server/server/settings.py");

interface SchemaEntry {
  type: string | string[];
  default: unknown;
  minimum?: number;
  maximum?: number;
  enum?: string[];
}

function schema(): Record<string, SchemaEntry> {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_ROOT, "package.json"), "utf8")) as {
    contributes: { configuration: { properties: Record<string, SchemaEntry> } };
  };
  return manifest.contributes.configuration.properties;
}

describe("settings mapping", () => {
  it("sends the defaults when nothing is set", () => {
    assert.deepEqual(serverSection(() => undefined), SERVER_SETTINGS);
  });

  it("sends the user's values and only the server's keys", () => {
    const user: Record<string, unknown> = {
      enableHover: false,
      unknownThreshold: 0.7,
      threads: 4,
      "server.command": ["snippet-lens"],
      "trace.server": "verbose",
    };
    const section = serverSection((key) => user[key]);
    assert.deepEqual(section, { ...SERVER_SETTINGS, enableHover: false, unknownThreshold: 0.7, threads: 4 });
    assert.equal("server" in section || "trace" in section || "server.command" in section, false);
  });

  it("answers workspace/configuration for the snippetLens section and leaves other sections alone", () => {
    const items = [{ section: "editor" }, { section: SECTION }, {}];
    const answer = answerConfiguration(items, [{ tabSize: 4 }, { server: { command: [] } }, null], (key) =>
      key === "maxSnippetLines" ? 50 : undefined,
    );
    assert.deepEqual(answer, [{ tabSize: 4 }, { ...SERVER_SETTINGS, maxSnippetLines: 50 }, null]);
  });
});

describe("the settings schema in package.json", () => {
  const properties = schema();

  for (const [key, fallback] of Object.entries(SERVER_SETTINGS)) {
    it(`declares ${SECTION}.${key} with default ${JSON.stringify(fallback)}`, () => {
      assert.ok(properties[`${SECTION}.${key}`], `missing ${SECTION}.${key}`);
      assert.deepEqual(properties[`${SECTION}.${key}`].default, fallback);
    });
  }

  it("declares nothing else but the extension's own settings", () => {
    const own = [`${SECTION}.server.command`, `${SECTION}.trace.server`];
    const expected = [...Object.keys(SERVER_SETTINGS).map((key) => `${SECTION}.${key}`), ...own];
    assert.deepEqual(Object.keys(properties).sort(), expected.sort());
  });

  it("uses the server's ranges and choices", () => {
    assert.deepEqual(properties[`${SECTION}.diagnosticSeverity`].enum, ["information", "hint"]);
    assert.deepEqual(pick(properties[`${SECTION}.unknownThreshold`]), [0, 1]);
    assert.deepEqual(pick(properties[`${SECTION}.threads`]), [1, 256]);
    assert.deepEqual(pick(properties[`${SECTION}.maxSnippetLines`]), [1, 100000]);
  });

  it("matches the fields and defaults of the server's Settings dataclass", function () {
    let source: string;
    try {
      source = readFileSync(SETTINGS_PY, "utf8");
    } catch {
      this.skip();
    }
    const body = source.split("class Settings:")[1].split("\ndef ")[0];
    const fields = [...body.matchAll(/^ {4}(\w+): [^=\n]+= (.+)$/gm)].map(([, name, value]) => [camel(name), python(value)]);
    assert.deepEqual(Object.fromEntries(fields), SERVER_SETTINGS);
  });
});

function pick(entry: SchemaEntry): [number | undefined, number | undefined] {
  return [entry.minimum, entry.maximum];
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function python(literal: string): unknown {
  const value = literal.trim();
  const known: Record<string, unknown> = { True: true, False: false, None: null };
  if (value in known) {
    return known[value];
  }
  return /^[\d_.]+$/.test(value) ? Number(value.replace(/_/g, "")) : (JSON.parse(value) as unknown);
}
