import assert from "node:assert/strict";
import {
  bundledWheel,
  installSteps,
  isCurrent,
  isSupported,
  parsePythonVersion,
  pythonCandidates,
  venvLayout,
} from "../../core/venv";

describe("the private environment", () => {
  it("lives in the extension's storage with a POSIX interpreter path", () => {
    assert.deepEqual(venvLayout("/home/me/.config/Code/User/globalStorage/snippet-lens.snippet-lens", "linux"), {
      dir: "/home/me/.config/Code/User/globalStorage/snippet-lens.snippet-lens/server-env",
      python: "/home/me/.config/Code/User/globalStorage/snippet-lens.snippet-lens/server-env/bin/python",
      marker: "/home/me/.config/Code/User/globalStorage/snippet-lens.snippet-lens/server-env/snippet-lens-wheel.txt",
    });
  });

  it("uses Scripts\\python.exe on Windows", () => {
    assert.equal(venvLayout("C:\\Users\\me\\storage", "win32").python, "C:\\Users\\me\\storage\\server-env\\Scripts\\python.exe");
  });

  it("picks the server wheel, the newest when there are several", () => {
    const files = ["README", "other-1.0-py3-none-any.whl", "snippet_lens-0.9.0-py3-none-any.whl", "snippet_lens-0.10.0-py3-none-any.whl"];
    assert.equal(bundledWheel(files), "snippet_lens-0.10.0-py3-none-any.whl");
    assert.equal(bundledWheel(["README"]), undefined);
  });

  it("is current only when it holds the bundled wheel", () => {
    assert.equal(isCurrent("snippet_lens-0.1.0-py3-none-any.whl\n", "snippet_lens-0.1.0-py3-none-any.whl"), true);
    assert.equal(isCurrent("snippet_lens-0.0.9-py3-none-any.whl\n", "snippet_lens-0.1.0-py3-none-any.whl"), false);
    assert.equal(isCurrent(undefined, "snippet_lens-0.1.0-py3-none-any.whl"), false);
  });

  it("tries the Python extension's interpreter first, then the system's", () => {
    assert.deepEqual(pythonCandidates("linux", ["/opt/py/bin/python"]), [["/opt/py/bin/python"], ["python3"], ["python"]]);
    assert.deepEqual(pythonCandidates("win32"), [["py", "-3"], ["python"], ["python3"]]);
  });

  it("needs Python 3.10 or newer", () => {
    assert.deepEqual(parsePythonVersion("3.12\n"), [3, 12]);
    assert.equal(parsePythonVersion("Traceback (most recent call last):"), undefined);
    assert.equal(isSupported([3, 10]), true);
    assert.equal(isSupported([3, 9]), false);
    assert.equal(isSupported([4, 0]), true);
  });

  it("creates the environment, then installs the wheel with its interpreter", () => {
    const layout = venvLayout("/s", "linux");
    const steps = installSteps(["py", "-3"], layout, "/ext/server/snippet_lens-0.1.0-py3-none-any.whl");
    assert.deepEqual(
      steps.map((step) => [step.command, ...step.args]),
      [
        ["py", "-3", "-m", "venv", "--clear", "/s/server-env"],
        ["/s/server-env/bin/python", "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "/ext/server/snippet_lens-0.1.0-py3-none-any.whl"],
      ],
    );
  });
});
