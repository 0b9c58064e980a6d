import assert from "node:assert/strict";
import { presentStatus } from "../../core/status";

describe("the status-bar item", () => {
  it("spins while the server starts and loads models", () => {
    assert.match(presentStatus({ kind: "starting" }).text, /loading~spin/);
    assert.match(presentStatus({ kind: "loading", message: "langid", percentage: 40 }).tooltip, /Loading models: langid \(40%\)/);
  });

  it("shows ready with the server it runs", () => {
    const shown = presentStatus({ kind: "ready", server: "snippet-lens (from PATH)" });
    assert.deepEqual([shown.text, shown.severity], ["$(check) Snippet Lens", "normal"]);
    assert.match(shown.tooltip, /snippet-lens \(from PATH\)/);
  });

  it("warns when there is no server and shows errors as errors", () => {
    assert.equal(presentStatus({ kind: "missing" }).severity, "warning");
    assert.equal(presentStatus({ kind: "error", message: "The server stopped" }).severity, "error");
  });

  it("says that a click shows the log", () => {
    assert.match(presentStatus({ kind: "ready", server: "x" }).tooltip, /Click to show the log/);
  });
});
