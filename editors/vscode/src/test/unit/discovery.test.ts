import assert from "node:assert/strict";
import { describeServer, findServer, parseCommandSetting, splitCommandLine, type DiscoveryProbes } from "../../core/discovery";

const PYTHON = ["/home/me/.venv/bin/python"];

/** Probes where everything is present; each test takes away what it needs to. */
function probes(overrides: Partial<DiscoveryProbes> = {}): DiscoveryProbes {
  return {
    configuredCommand: () => undefined,
    pythonExtensionInterpreter: () => Promise.resolve(PYTHON),
    hasServer: () => Promise.resolve(true),
    findOnPath: (name) => Promise.resolve(`/usr/local/bin/${name}`),
    privateEnvironment: () => Promise.resolve("/storage/server-env/bin/python"),
    ...overrides,
  };
}

describe("server discovery", () => {
  it("uses the setting before anything else", async () => {
    const { server } = await findServer(probes({ configuredCommand: () => ["/opt/sl/bin/snippet-lens", "--log-level", "DEBUG"] }));
    assert.deepEqual(server, { command: "/opt/sl/bin/snippet-lens", args: ["--log-level", "DEBUG"], origin: "setting" });
  });

  it("runs the Python extension's interpreter with -m lsp_server when the setting is empty", async () => {
    const { server } = await findServer(probes({ configuredCommand: () => [] }));
    assert.deepEqual(server, { command: PYTHON[0], args: ["-m", "lsp_server"], origin: "python-extension" });
  });

  it("keeps the extra words of an interpreter command before -m lsp_server", async () => {
    const conda = ["conda", "run", "-n", "work", "python"];
    const { server } = await findServer(probes({ pythonExtensionInterpreter: () => Promise.resolve(conda) }));
    assert.deepEqual(server, { command: "conda", args: ["run", "-n", "work", "python", "-m", "lsp_server"], origin: "python-extension" });
  });

  it("skips an interpreter without snippet-lens and takes snippet-lens from PATH", async () => {
    const checked: string[][] = [];
    const { server, tried } = await findServer(
      probes({
        hasServer: (interpreter) => {
          checked.push(interpreter);
          return Promise.resolve(false);
        },
      }),
    );
    assert.deepEqual(checked, [PYTHON]);
    assert.deepEqual(server, { command: "/usr/local/bin/snippet-lens", args: [], origin: "path" });
    assert.match(tried.join("\n"), /not installed there/);
  });

  it("takes PATH when the Python extension is absent", async () => {
    const { server } = await findServer(probes({ pythonExtensionInterpreter: () => Promise.resolve(undefined) }));
    assert.equal(server?.origin, "path");
  });

  it("falls back to the private environment", async () => {
    const { server } = await findServer(
      probes({ pythonExtensionInterpreter: () => Promise.resolve(undefined), findOnPath: () => Promise.resolve(undefined) }),
    );
    assert.deepEqual(server, { command: "/storage/server-env/bin/python", args: ["-m", "lsp_server"], origin: "private-environment" });
  });

  it("finds nothing and says where it looked, in order", async () => {
    const { server, tried } = await findServer(
      probes({
        pythonExtensionInterpreter: () => Promise.resolve(undefined),
        findOnPath: () => Promise.resolve(undefined),
        privateEnvironment: () => Promise.resolve(undefined),
      }),
    );
    assert.equal(server, undefined);
    assert.deepEqual(
      tried.map((line) => line.split(":")[0]),
      ["setting snippetLens.server.command", "Python extension", "snippet-lens on PATH", "private environment"],
    );
  });

  it("does not probe further once the setting decides", async () => {
    const fail = (): never => assert.fail("probed after the setting");
    const { server } = await findServer({
      configuredCommand: () => "snippet-lens serve",
      pythonExtensionInterpreter: fail,
      hasServer: fail,
      findOnPath: fail,
      privateEnvironment: fail,
    });
    assert.deepEqual(server?.args, ["serve"]);
  });

  it("names the server and where it came from", () => {
    assert.equal(
      describeServer({ command: "/usr/bin/snippet-lens", args: [], origin: "path" }),
      "/usr/bin/snippet-lens (from PATH)",
    );
  });
});

describe("the server.command setting", () => {
  const cases: [string, unknown, string[] | undefined][] = [
    ["an array", ["snippet-lens", "--threads", "2"], ["snippet-lens", "--threads", "2"]],
    ["a command line", "snippet-lens --threads 2", ["snippet-lens", "--threads", "2"]],
    ["a quoted path with blanks", '"/Applications/Snippet Lens/bin/snippet-lens" serve', ["/Applications/Snippet Lens/bin/snippet-lens", "serve"]],
    ["a Windows path", "C:\\Tools\\snippet-lens.exe --log-level DEBUG", ["C:\\Tools\\snippet-lens.exe", "--log-level", "DEBUG"]],
    ["an empty array", [], undefined],
    ["a blank string", "   ", undefined],
    ["an array with a number", ["snippet-lens", 2], undefined],
    ["null", null, undefined],
    ["an object", { command: "snippet-lens" }, undefined],
  ];
  for (const [name, value, expected] of cases) {
    it(`reads ${name}`, () => {
      assert.deepEqual(parseCommandSetting(value), expected);
    });
  }

  it("splits on quotes and escaped blanks like a shell", () => {
    assert.deepEqual(splitCommandLine(`a 'b c' "d \\" e" f\\ g ''`), ["a", "b c", 'd " e', "f g", ""]);
  });
});
