import assert from "node:assert/strict";
import { commentLanguage, commentSyntaxFor, formatComment, indentOf } from "../../core/commentSyntax";

/** The languages the server's model names (VS Code identifiers). */
const ENGINE_LANGUAGES = [
  "asm", "bat", "c", "clojure", "cobol", "cpp", "csharp", "css", "dart", "dockerfile", "elixir", "erlang",
  "fortran", "fsharp", "go", "groovy", "haskell", "html", "ini", "java", "javascript", "json", "julia",
  "kotlin", "lisp", "lua", "makefile", "markdown", "matlab", "nim", "objective-c", "ocaml", "pascal", "perl",
  "php", "powershell", "prolog", "python", "r", "ruby", "rust", "scala", "scheme", "shellscript", "sql",
  "swift", "toml", "typescript", "vb", "xml", "yaml", "zig",
];

describe("comment syntax", () => {
  const cases: [string, string][] = [
    ["python", "# Sorts the list.\n"],
    ["shellscript", "# Sorts the list.\n"],
    ["typescript", "// Sorts the list.\n"],
    ["rust", "// Sorts the list.\n"],
    ["sql", "-- Sorts the list.\n"],
    ["lua", "-- Sorts the list.\n"],
    ["erlang", "% Sorts the list.\n"],
    ["clojure", ";; Sorts the list.\n"],
    ["vb", "' Sorts the list.\n"],
    ["bat", "REM Sorts the list.\n"],
    ["html", "<!-- Sorts the list. -->\n"],
    ["css", "/* Sorts the list. */\n"],
    ["ocaml", "(* Sorts the list. *)\n"],
  ];
  for (const [language, expected] of cases) {
    it(`comments a line of ${language}`, () => {
      const syntax = commentSyntaxFor(language);
      assert.ok(syntax);
      assert.equal(formatComment("Sorts the list.", syntax), expected);
    });
  }

  it("has no syntax for JSON or plain text", () => {
    assert.equal(commentSyntaxFor("json"), undefined);
    assert.equal(commentSyntaxFor("plaintext"), undefined);
  });

  it("knows every language the server reports except JSON", () => {
    const missing = ENGINE_LANGUAGES.filter((language) => language !== "json" && !commentSyntaxFor(language));
    assert.deepEqual(missing, []);
  });

  it("indents the comment like the selected line and keeps the document's line ends", () => {
    const syntax = commentSyntaxFor("python");
    assert.ok(syntax);
    assert.equal(formatComment("Sorts.\nStable.", syntax, "    ", "\r\n"), "    # Sorts.\r\n    # Stable.\r\n");
  });

  it("puts a multi-line block comment on lines of its own", () => {
    const syntax = commentSyntaxFor("xml");
    assert.ok(syntax);
    assert.equal(formatComment("One.\nTwo.", syntax, "  "), "  <!--\n  One.\n  Two.\n  -->\n");
  });

  it("keeps a closing delimiter in the text from ending the comment", () => {
    const syntax = commentSyntaxFor("css");
    assert.ok(syntax);
    assert.equal(formatComment("Ends with */ here.", syntax), "/* Ends with * / here. */\n");
  });

  it("drops blank lines around the text", () => {
    const syntax = commentSyntaxFor("go");
    assert.ok(syntax);
    assert.equal(formatComment("\n  Reads a file.  \n\n", syntax), "// Reads a file.\n");
  });

  it("reads the indentation of a line", () => {
    assert.equal(indentOf("\t  x = 1"), "\t  ");
    assert.equal(indentOf("x"), "");
  });
});

describe("which language's comments to write", () => {
  it("uses the document's language in a code file", () => {
    assert.equal(commentLanguage("python", "ruby"), "python");
  });

  it("uses the snippet's language inside Markdown", () => {
    assert.equal(commentLanguage("markdown", "rust"), "rust");
  });

  it("keeps Markdown comments when the snippet's language is unknown or has no comments", () => {
    assert.equal(commentLanguage("markdown", "unknown"), "markdown");
    assert.equal(commentLanguage("markdown", "json"), "markdown");
  });

  it("uses the snippet's language in plain text", () => {
    assert.equal(commentLanguage("plaintext", "python"), "python");
  });
});
