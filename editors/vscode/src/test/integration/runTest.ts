/**
 * Runs the integration suite inside a real VS Code, downloaded by @vscode/test-electron (or the one
 * named by $VSCODE_EXECUTABLE). The server must be findable: `snippet-lens` on PATH, or
 * $SNIPPET_LENS_SERVER as a command line.
 */

import * as path from "node:path";
import { runTests } from "@vscode/test-electron";

async function main(): Promise<void> {
  const extensionDevelopmentPath = path.resolve(__dirname, "../../..");
  const extensionTestsPath = path.resolve(__dirname, "suite/index");
  const workspace = path.resolve(extensionDevelopmentPath, "test-fixtures/workspace");
  await runTests({
    extensionDevelopmentPath,
    extensionTestsPath,
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE,
    launchArgs: [workspace, "--disable-extensions", "--skip-welcome", "--skip-release-notes"],
    extensionTestsEnv: { SNIPPET_LENS_SERVER: process.env.SNIPPET_LENS_SERVER },
  });
}

main().catch((err: unknown) => {
  console.error("integration tests failed:", err);
  process.exit(1);
});
