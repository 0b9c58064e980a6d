// Bundles the compiled-from-source extension into one file, dist/extension.js, with the language
// client inside; only `vscode` stays external. `--minify` for the .vsix.
import { build } from "esbuild";

const minify = process.argv.includes("--minify");
await build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["vscode"],
  outfile: "dist/extension.js",
  sourcemap: !minify,
  minify,
  logLevel: "warning",
});
