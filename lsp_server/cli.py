"""Command line: ``snippet-lens [serve]``, ``snippet-lens analyze``, ``snippet-lens models``.

Exit codes of ``analyze``: 0 all went well; 1 some input could not be read (its place in the output
holds an ``error`` object); 3 a model the command needed could not run (the output still holds what
the others found); 2 for a usage error. ``models`` exits 1 when any model has a problem.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TextIO

from lsp_server import __version__
from lsp_server.engine import Engine, EngineSettings, RuntimeOptions
from lsp_server.engine.runtime import ProgressCallback

log = logging.getLogger("snippet_lens")

EXIT_UNREADABLE_INPUT = 1
EXIT_MODEL_UNUSABLE = 3
TERMINAL_HINT = (
    "snippet-lens is a language server: it speaks LSP on stdin/stdout and is started by an editor.\n"
    "To analyze a file here instead: snippet-lens analyze FILE (snippet-lens --help lists the commands).\n"
)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The server also sends its log to the client (window/logMessage); stderr gets only what matters
    # unless a log file or level is asked for, so editors that show stderr don't show each line twice.
    # The command-line tools print problems themselves, once and plainly; their log stays quiet.
    default_level = "INFO" if args.run is run_serve and args.log_file else "WARNING"
    if args.run is not run_serve and not args.log_file:
        default_level = "CRITICAL"
    setup_logging(args.log_file, args.log_level or default_level)
    return int(args.run(args) or 0)


def report(message: str) -> None:
    """A problem for the person at the terminal: one plain line on stderr."""
    sys.stderr.write(f"snippet-lens: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="snippet-lens", description="On-device insight into code snippets.")
    parser.add_argument("--version", action="version", version=f"snippet-lens {__version__}")
    add_common_options(parser)
    parser.set_defaults(run=run_serve, tcp=None)
    commands = parser.add_subparsers(title="commands")

    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    add_common_options(serve)
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio (for debugging)")
    serve.set_defaults(run=run_serve)

    analyze = commands.add_parser("analyze", help="enrich files, stdin, or a JSON Lines stream; print JSON")
    add_common_options(analyze)
    analyze.add_argument("paths", nargs="*", metavar="PATH", help="files to analyze; '-' or nothing reads stdin")
    analyze.add_argument(
        "--jsonl",
        metavar="IN.jsonl",
        help='read {"id", "text", "path"?, "languageId"?} lines (\'-\' for stdin) and stream one JSON line per input',
    )
    analyze.add_argument("--no-tags", action="store_true", help="skip concept tagging ('tags' stays empty)")
    analyze.add_argument(
        "--no-description",
        action="store_true",
        help="skip the one-sentence description, the slowest part ('description' is null)",
    )
    analyze.add_argument(
        "--language-id",
        metavar="ID",
        default=None,
        help="languageId of the document the text was selected from: the answer unless the "
        "text is clearly an embedded language (SQL, shell, HTML, JSON...)",
    )
    analyze.add_argument(
        "--beams",
        type=int,
        default=None,
        metavar="N",
        help="beam width for descriptions (default: the model's own, greedy)",
    )
    analyze.add_argument(
        "--min-description-confidence",
        type=float,
        default=None,
        metavar="X",
        help="withhold model descriptions less likely to be right than X, 0 to 1 ('description' null, "
        "'description_confidence' kept; 0 always describes; default: the model's recommended value)",
    )
    analyze.set_defaults(run=run_analyze)

    models = commands.add_parser("models", help="list the models with version, size, checksum and metrics")
    add_common_options(models)
    models.add_argument("--json", action="store_true", help="print JSON instead of a table")
    models.set_defaults(run=run_models)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    default = argparse.SUPPRESS if parser.prog != "snippet-lens" else None
    parser.add_argument("--models-dir", type=Path, default=default, help="folder holding manifest.json")
    parser.add_argument(
        "--threads",
        type=int,
        default=argparse.SUPPRESS if default else 1,
        help="ONNX Runtime intra-op threads per model run (default 1)",
    )
    parser.add_argument("--log-file", type=Path, default=default, help="write logs here instead of stderr")
    parser.add_argument("--log-level", default=default, choices=["DEBUG", "INFO", "WARNING", "ERROR"])


def setup_logging(log_file: Path | None, level: str) -> None:
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # The level goes on the handler too: the server raises the lsp_server logger to INFO for
    # window/logMessage, and those records must not reach stderr (clients show stderr as errors).
    handler.setLevel(getattr(logging, level))
    logging.basicConfig(level=getattr(logging, level), handlers=[handler], force=True)


def engine_settings(args: argparse.Namespace) -> EngineSettings:
    return EngineSettings(
        tags=not getattr(args, "no_tags", False),
        describe=not getattr(args, "no_description", False),
        description_beams=getattr(args, "beams", None),
        min_description_confidence=getattr(args, "min_description_confidence", None),
        runtime=RuntimeOptions(intra_op_threads=args.threads),
    )


def run_serve(args: argparse.Namespace) -> int:
    settings = engine_settings(args)
    load_engine = EarlyLoad(lambda progress: Engine.load(args.models_dir, settings, progress))

    from lsp_server.server import serve_stdio, serve_tcp  # pygls and lsprotocol import while the models load

    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        return serve_tcp(load_engine, host or "127.0.0.1", int(port))
    if sys.stdin.isatty():
        sys.stderr.write(TERMINAL_HINT)
    return serve_stdio(load_engine)


class EarlyLoad:
    """Loads the engine in a thread from the moment the server starts, not once the client has said
    ``initialized``: importing the protocol code and the handshake overlap the loading. Called by the
    server's worker, it replays the progress reported so far, forwards the rest, and waits."""

    def __init__(self, load: Callable[[ProgressCallback], Engine]) -> None:
        self._lock = threading.Lock()
        self._reported: list[tuple[str, float]] = []
        self._listener: ProgressCallback | None = None
        self._engine: Future[Engine] = Future()
        threading.Thread(target=self._load, args=(load,), name="snippet-lens-load", daemon=True).start()

    def __call__(self, progress: ProgressCallback) -> Engine:
        with self._lock:
            self._listener = progress
            for message, fraction in self._reported:
                progress(message, fraction)
        return self._engine.result()

    def _load(self, load: Callable[[ProgressCallback], Engine]) -> None:
        try:
            self._engine.set_result(load(self._report))
        except BaseException as exc:  # handed to the server, which reports it
            self._engine.set_exception(exc)

    def _report(self, message: str, fraction: float) -> None:
        with self._lock:
            self._reported.append((message, fraction))
            if self._listener is not None:
                self._listener(message, fraction)


def run_analyze(args: argparse.Namespace) -> int:
    settings = engine_settings(args)
    engine = Engine.load(args.models_dir, settings)
    unusable = needed_problems(engine, settings)
    for problem in unusable:
        report(problem)
    if args.jsonl:
        with open_input(args.jsonl) as stream:
            status = analyze_jsonl(engine, stream, sys.stdout, args.language_id)
    else:
        status = analyze_paths(engine, args.paths or ["-"], sys.stdout, args.language_id)
    return EXIT_MODEL_UNUSABLE if unusable else status


def needed_problems(engine: Engine, settings: EngineSettings) -> list[str]:
    """Why a model this run needs cannot run: language id always, tags and descriptions when asked for."""
    if engine.load_problem is not None:
        return [str(engine.load_problem)]
    needed = {"langid"} | ({"tagger"} if settings.tags else set())
    errors = [
        s.error
        for s in engine.models()
        if s.error and (s.name in needed or (settings.describe and s.name.startswith("describer")))
    ]
    return list(dict.fromkeys(errors))


def open_input(name: str) -> TextIO:
    if name == "-":
        return sys.stdin
    return open(name, encoding="utf-8", errors="replace")


def analyze_paths(engine: Engine, paths: list[str], out: TextIO, language_id: str | None = None) -> int:
    """One result per path, in order; an unreadable path gets ``{"path", "error"}`` in its place."""
    results: list[dict[str, Any]] = []
    for name in paths:
        path = None if name == "-" else name
        try:
            text = sys.stdin.read() if name == "-" else read_source(Path(name))
        except OSError as exc:
            error = f"cannot read {name}: {exc.strerror or exc}"
            report(error)
            results.append({"path": path, "error": error})
            continue
        results.append({"path": path, **engine.analyze(text, path=path, document_language=language_id).to_json()})
    json.dump(results[0] if len(paths) == 1 else results, out, indent=2)
    out.write("\n")
    return EXIT_UNREADABLE_INPUT if any("error" in result for result in results) else 0


def read_source(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def analyze_jsonl(engine: Engine, stream: TextIO, out: TextIO, language_id: str | None = None) -> int:
    failed = 0
    for row in jsonl_rows(stream):
        if "error" in row:
            report(f"line {row['line']}: {row['error']}")
            failed += 1
        else:
            document = row.get("languageId") or language_id
            row = {
                "id": row["id"],
                **engine.analyze(row["text"], path=row.get("path"), document_language=document).to_json(),
            }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        out.flush()
    return EXIT_UNREADABLE_INPUT if failed else 0


def jsonl_rows(stream: TextIO) -> Iterator[dict[str, Any]]:
    """Parsed input lines; a bad line becomes ``{"id", "error"}`` so outputs stay one per input."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError("expected an object with a string 'text'")
        except ValueError as exc:
            yield {"id": None, "line": number, "error": str(exc)}
            continue
        yield {"id": row.get("id"), "text": row["text"], "path": row.get("path"), "languageId": row.get("languageId")}


def run_models(args: argparse.Namespace) -> int:
    engine = Engine.load(args.models_dir, engine_settings(args))
    statuses = engine.models()
    if args.json:
        json.dump({"models": [s.to_json() for s in statuses], "problems": engine.problems()}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for status in statuses:
            sys.stdout.write(format_status(status.to_json()))
        for problem in engine.problems():
            sys.stdout.write(f"problem: {problem}\n")
    return 1 if engine.problems() else 0


def format_status(status: dict[str, Any]) -> str:
    check = "ok" if status["sha256_ok"] else "MISMATCH"
    lines = [
        f"{status['name']} {status['version']}  ({status['size_bytes'] / 1e6:.1f} MB, sha256 {check}, "
        f"{'loaded' if status['loaded'] else 'not loaded'})",
        f"  file: {status['file']}",
        f"  labels ({len(status['labels'])}): {', '.join(status['labels'])}",
    ]
    lines += [f"  {key}: {value}" for key, value in status["metrics"].items() if not isinstance(value, dict)]
    return "\n".join(lines) + "\n"
