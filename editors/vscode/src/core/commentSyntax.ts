/** Comment syntax per VS Code language identifier, and the comment that carries a description. */

export type CommentSyntax = { line: string } | { block: readonly [open: string, close: string] };

const LINE_COMMENTS: Record<string, readonly string[]> = {
  "//": [
    "c", "cpp", "csharp", "cuda-cpp", "d", "dart", "fsharp", "glsl", "go", "groovy", "hlsl", "java",
    "javascript", "javascriptreact", "jsonc", "json5", "kotlin", "less", "objective-c", "objective-cpp",
    "pascal", "php", "proto", "rust", "sass", "scala", "scss", "solidity", "swift", "systemverilog",
    "typescript", "typescriptreact", "verilog", "zig",
  ],
  "#": [
    "awk", "cmake", "coffeescript", "crystal", "dockerfile", "dotenv", "elixir", "gdscript", "git-commit",
    "graphql", "hcl", "ignore", "julia", "makefile", "nim", "nix", "perl", "perl6", "powershell",
    "properties", "python", "r", "raku", "ruby", "shellscript", "tcl", "terraform", "toml", "yaml",
  ],
  "--": ["ada", "elm", "haskell", "lua", "purescript", "sql", "vhdl"],
  "%": ["bibtex", "erlang", "latex", "matlab", "prolog", "tex"],
  ";;": ["clojure", "lisp", "scheme"],
  ";": ["asm", "ini"],
  "!": ["fortran", "FortranFreeForm", "fortran-modern"],
  "*>": ["cobol"],
  "'": ["vb"],
  "REM": ["bat"],
};

const BLOCK_COMMENTS: Record<string, readonly [string, string]> = {
  html: ["<!--", "-->"],
  markdown: ["<!--", "-->"],
  svelte: ["<!--", "-->"],
  vue: ["<!--", "-->"],
  xml: ["<!--", "-->"],
  xsl: ["<!--", "-->"],
  css: ["/*", "*/"],
  ocaml: ["(*", "*)"],
  handlebars: ["{{!--", "--}}"],
  jinja: ["{#", "#}"],
  twig: ["{#", "#}"],
};

const LINE_BY_LANGUAGE = new Map(
  Object.entries(LINE_COMMENTS).flatMap(([marker, languages]) => languages.map((id) => [id, marker] as const)),
);

/** Documents that hold snippets of other languages: there the snippet's own language decides. */
const CONTAINERS = new Set(["markdown", "plaintext", "restructuredtext", "html"]);

/** The comment syntax of a language, or undefined for one without comments (JSON, plain text). */
export function commentSyntaxFor(languageId: string): CommentSyntax | undefined {
  const line = LINE_BY_LANGUAGE.get(languageId);
  if (line) {
    return { line };
  }
  const block = BLOCK_COMMENTS[languageId] as readonly [string, string] | undefined;
  return block ? { block } : undefined;
}

/**
 * Which language's comments to write: the document's, except in Markdown, plain text and HTML,
 * where a selection is usually a snippet of the detected language (a fenced block, a script).
 */
export function commentLanguage(documentLanguage: string, detectedLanguage: string | undefined): string {
  if (
    CONTAINERS.has(documentLanguage) &&
    detectedLanguage &&
    detectedLanguage !== "unknown" &&
    commentSyntaxFor(detectedLanguage)
  ) {
    return detectedLanguage;
  }
  return documentLanguage;
}

/** `text` as a comment, one line per line of text, indented by `indent`, each line ending in `eol`. */
export function formatComment(text: string, syntax: CommentSyntax, indent = "", eol = "\n"): string {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trimEnd());
  if ("line" in syntax) {
    return lines.map((line) => (line ? `${indent}${syntax.line} ${line}` : `${indent}${syntax.line}`) + eol).join("");
  }
  const [open, close] = syntax.block;
  const safe = lines.map((line) => line.split(close).join(breakDelimiter(close)));
  if (safe.length === 1) {
    return `${indent}${open} ${safe[0]} ${close}${eol}`;
  }
  return [open, ...safe, close].map((line) => `${indent}${line}${eol}`).join("");
}

/** `-->` becomes `-- >`, so a closing delimiter inside the text cannot end the comment early. */
function breakDelimiter(close: string): string {
  return `${close.slice(0, -1)} ${close.slice(-1)}`;
}

/** The leading blanks of a line. */
export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}
