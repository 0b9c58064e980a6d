"""The Snippet Lens language server: a thin LSP layer over an injected engine.

    >>> from lsp_server.engine import Engine
    >>> from lsp_server.server import serve_stdio
    >>> serve_stdio(lambda progress: Engine.load(progress=progress))  # doctest: +SKIP

``load_engine`` runs in a worker thread after ``initialized`` (the command line's starts loading when
the process starts and waits there); tests pass one returning a fake.
"""

from __future__ import annotations

import logging

from lsp_server.server import code_actions, completion, describe, diagnostics, hover, lifecycle, transport
from lsp_server.server.core import ENGINE_WAIT_S, EngineLike, LoadEngine, SnippetLensServer

__all__ = ["EngineLike", "LoadEngine", "SnippetLensServer", "create_server", "run_stdio", "serve_stdio", "serve_tcp"]


def create_server(load_engine: LoadEngine, *, engine_wait_s: float = ENGINE_WAIT_S) -> SnippetLensServer:
    """A server with every feature registered; nothing loads until a client connects."""
    _quiet_pygls()
    server = SnippetLensServer(load_engine, engine_wait_s=engine_wait_s)
    for feature in (lifecycle, diagnostics, hover, code_actions, completion, describe):
        feature.register(server)
    return server


def serve_stdio(load_engine: LoadEngine) -> int:
    """Serve one client over stdin/stdout; returns the exit code LSP asks for (1 without ``shutdown``)."""
    return run_stdio(create_server(load_engine))


def serve_tcp(load_engine: LoadEngine, host: str, port: int) -> int:
    """Serve one client connecting to ``host:port``."""
    server = create_server(load_engine)
    transport.serve_tcp(server, host, port)
    return 0 if server.shutdown_requested else 1


def run_stdio(server: SnippetLensServer) -> int:
    """Serve ``server`` over stdin/stdout until ``exit`` or end of input."""
    transport.serve_io(server)
    return 0 if server.shutdown_requested else 1


def _quiet_pygls() -> None:
    # pygls logs every message body at INFO: megabytes of stderr for a large document.
    logger = logging.getLogger("pygls")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.WARNING)
