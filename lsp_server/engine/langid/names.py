"""Language names: the ids the engine speaks, and the many spellings clients and files use for them."""

from __future__ import annotations

from pathlib import PurePath

LANGUAGES: tuple[str, ...] = (
    "python", "javascript", "typescript", "java", "c", "cpp", "csharp", "go", "rust", "ruby", "php",
    "swift", "kotlin", "scala", "haskell", "ocaml", "fsharp", "lua", "perl", "r", "julia", "dart",
    "elixir", "erlang", "clojure", "lisp", "scheme", "shellscript", "powershell", "bat", "sql", "html",
    "css", "json", "yaml", "toml", "xml", "ini", "markdown", "dockerfile", "makefile", "fortran",
    "matlab", "objective-c", "groovy", "vb", "pascal", "prolog", "cobol", "zig", "nim", "asm",
)

# Spellings seen in editors' languageIds, Markdown fence info strings, shebangs and modelines.
_ALIASES: dict[str, tuple[str, ...]] = {
    "python": ("py", "python3", "py3", "python2", "gyp", "sage"),
    "javascript": ("js", "javascriptreact", "jsx", "node", "nodejs", "mjs", "cjs"),
    "typescript": ("ts", "typescriptreact", "tsx", "mts", "cts", "deno"),
    "java": (),
    "c": ("h",),
    "cpp": ("c++", "cc", "cxx", "hpp", "hh", "cuda", "cu"),
    "csharp": ("c#", "cs"),
    "go": ("golang",),
    "rust": ("rs",),
    "ruby": ("rb", "jruby", "irb"),
    "php": ("php3", "php4", "php5", "php7", "php8"),
    "swift": (),
    "kotlin": ("kt", "kts"),
    "scala": ("sc",),
    "haskell": ("hs", "runhaskell", "runghc"),
    "ocaml": ("ml", "mli"),
    "fsharp": ("f#", "fs", "fsx", "fsi"),
    "lua": ("luajit",),
    "perl": ("pl", "pm", "perl5"),
    "r": ("rscript", "splus"),
    "julia": ("jl",),
    "dart": (),
    "elixir": ("ex", "exs"),
    "erlang": ("erl", "escript", "hrl"),
    "clojure": ("clj", "cljs", "cljc", "edn", "bb"),
    "lisp": ("common-lisp", "commonlisp", "cl", "elisp", "emacs-lisp", "sbcl", "clisp"),
    "scheme": ("scm", "ss", "guile", "racket", "rkt", "chicken", "csi"),
    "shellscript": ("sh", "bash", "zsh", "ksh", "dash", "ash", "shell", "console", "shell-script", "fish"),
    "powershell": ("ps1", "psm1", "pwsh", "posh", "ps"),
    "bat": ("batch", "cmd", "dosbatch", "bat-file"),
    "sql": ("mysql", "postgresql", "postgres", "psql", "plsql", "plpgsql", "sqlite", "tsql", "pgsql"),
    "html": ("htm", "xhtml", "html5"),
    "css": (),
    "json": ("jsonc", "json5", "jsonl"),
    "yaml": ("yml",),
    "toml": (),
    "xml": ("xsd", "xsl", "xslt", "plist", "svg", "nxml"),
    "ini": ("cfg", "conf", "dosini", "properties", "editorconfig"),
    "markdown": ("md", "mkd", "gfm"),
    "dockerfile": ("docker", "containerfile"),
    "makefile": ("make", "mk", "gnumakefile", "bsdmakefile"),
    "fortran": ("f", "f77", "f90", "f95", "f03", "f08", "for", "fortran-modern", "fortran-fixed-form", "fortran90"),
    "matlab": ("octave",),
    "objective-c": ("objc", "objectivec", "obj-c", "objective-cpp", "objcpp"),
    "groovy": ("gradle", "gvy"),
    "vb": ("vbnet", "vb.net", "vba", "vbscript", "vbs", "visualbasic", "visual-basic"),
    "pascal": ("pas", "delphi", "objectpascal", "freepascal", "fpc", "lazarus"),
    "prolog": ("swipl", "swi-prolog", "gprolog"),
    "cobol": ("cob", "cbl"),
    "zig": (),
    "nim": ("nimrod",),
    "asm": ("assembly", "nasm", "gas", "x86asm", "masm", "s", "arm", "armasm"),
}

ALIASES: dict[str, str] = {alias: lang for lang, names in _ALIASES.items() for alias in (lang, *names)}

# What editors send when they know nothing; never a language.
UNTRUSTED_IDS = frozenset({"", "plaintext", "text", "txt", "fundamental", "unknown", "none", "plain"})

FILENAMES: dict[str, str] = {
    "dockerfile": "dockerfile", "containerfile": "dockerfile",
    "makefile": "makefile", "gnumakefile": "makefile", "bsdmakefile": "makefile",
    "gemfile": "ruby", "rakefile": "ruby", "guardfile": "ruby", "podfile": "ruby", "vagrantfile": "ruby",
    "jenkinsfile": "groovy", "build.gradle": "groovy", "settings.gradle": "groovy",
    ".bashrc": "shellscript", ".bash_profile": "shellscript", ".profile": "shellscript", ".zshrc": "shellscript",
    "pkgbuild": "shellscript", "cargo.lock": "toml", "pipfile": "toml", ".editorconfig": "ini",
    ".gitconfig": "ini", "setup.cfg": "ini", "tox.ini": "ini", "cmakelists.txt": "unknown",
}

EXTENSIONS: dict[str, str] = {
    "py": "python", "pyi": "python", "pyw": "python", "js": "javascript", "mjs": "javascript", "cjs": "javascript",
    "jsx": "javascript", "ts": "typescript", "tsx": "typescript", "mts": "typescript", "cts": "typescript",
    "java": "java", "c": "c", "cc": "cpp", "cpp": "cpp", "cxx": "cpp", "c++": "cpp", "hpp": "cpp", "hh": "cpp",
    "hxx": "cpp", "cs": "csharp", "go": "go", "rs": "rust", "rb": "ruby", "rake": "ruby", "gemspec": "ruby",
    "php": "php", "swift": "swift", "kt": "kotlin", "kts": "kotlin", "scala": "scala", "sc": "scala",
    "hs": "haskell", "lhs": "haskell", "ml": "ocaml", "mli": "ocaml", "fs": "fsharp", "fsx": "fsharp",
    "fsi": "fsharp", "lua": "lua", "pm": "perl", "t": "perl", "r": "r", "jl": "julia", "dart": "dart",
    "ex": "elixir", "exs": "elixir", "erl": "erlang", "hrl": "erlang", "clj": "clojure", "cljs": "clojure",
    "cljc": "clojure", "edn": "clojure", "lisp": "lisp", "lsp": "lisp", "cl": "lisp", "el": "lisp",
    "asd": "lisp", "scm": "scheme", "ss": "scheme", "sld": "scheme", "rkt": "scheme", "sh": "shellscript",
    "bash": "shellscript", "zsh": "shellscript", "ksh": "shellscript", "ps1": "powershell",
    "psm1": "powershell", "psd1": "powershell", "bat": "bat", "cmd": "bat", "sql": "sql", "html": "html",
    "htm": "html", "xhtml": "html", "css": "css", "json": "json", "jsonc": "json", "yml": "yaml",
    "yaml": "yaml", "toml": "toml", "xml": "xml", "xsd": "xml", "xsl": "xml", "xslt": "xml", "pom": "xml",
    "csproj": "xml", "plist": "xml", "ini": "ini", "cfg": "ini", "desktop": "ini", "md": "markdown",
    "markdown": "markdown", "dockerfile": "dockerfile", "mk": "makefile", "mak": "makefile", "f": "fortran",
    "f77": "fortran", "f90": "fortran", "f95": "fortran", "f03": "fortran", "f08": "fortran", "for": "fortran",
    "mm": "objective-c", "groovy": "groovy", "gradle": "groovy", "gvy": "groovy", "vb": "vb", "vbs": "vb",
    "bas": "vb", "pas": "pascal", "dpr": "pascal", "lpr": "pascal",
    "cob": "cobol", "cbl": "cobol", "cpy": "cobol", "zig": "zig", "nim": "nim",
    "nims": "nim", "asm": "asm", "s": "asm", "nasm": "asm",
}

# Extensions shared by several languages: the model decides among these only.
AMBIGUOUS_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "h": ("c", "cpp", "objective-c"),
    "m": ("matlab", "objective-c"),
    "pl": ("perl", "prolog"),
    "inc": ("pascal", "php", "asm", "c", "cpp"),
    "v": ("unknown",),
}


def normalize(name: str | None) -> str | None:
    """The engine's id for a spelling (``c++`` → ``cpp``), or None when it names no language."""
    if name is None:
        return None
    key = name.strip().lower()
    if key in UNTRUSTED_IDS:
        return None
    return ALIASES.get(key)


def languages_for_path(path: str) -> tuple[str, ...]:
    """Candidate languages implied by a file name: one, several (ambiguous extension), or none."""
    name = PurePath(path).name.lower()
    if name in FILENAMES:
        lang = FILENAMES[name]
        return () if lang == "unknown" else (lang,)
    if name.startswith(("dockerfile.", "containerfile.")) or name.endswith(".dockerfile"):
        return ("dockerfile",)
    if name.startswith("makefile."):
        return ("makefile",)
    suffix = PurePath(name).suffix.lstrip(".")
    if suffix in AMBIGUOUS_EXTENSIONS:
        return tuple(lang for lang in AMBIGUOUS_EXTENSIONS[suffix] if lang in LANGUAGES)
    if suffix in EXTENSIONS:
        return (EXTENSIONS[suffix],)
    return ()
