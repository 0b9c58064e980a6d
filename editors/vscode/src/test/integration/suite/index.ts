/** Entry point VS Code calls in the extension host: runs every *.test.js here with mocha. */

import { readdirSync } from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: "bdd", timeout: 120_000, color: true });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith(".test.js"))) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} integration test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
