"""Lifecycle: ``initialize``, ``initialized``, ``workspace/didChangeConfiguration``, ``shutdown``, ``exit``.

The engine is asked for in a worker thread once the client says ``initialized`` (the command line
has been loading it since the process started), reporting ``$/progress`` when the client supports
it; requests that come meanwhile wait for it. Model problems are shown once and the server keeps
serving. Logs of ``lsp_server`` also go to ``window/logMessage``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.exceptions import JsonRpcException

from lsp_server.server import diagnostics
from lsp_server.server.core import ProgressCallback, SnippetLensServer
from lsp_server.server.settings import SECTION, engine_settings, parse_settings, section_of, to_wire

log = logging.getLogger(__name__)

PROGRESS_TOKEN = "snippet-lens/loading-models"
CLIENT_WAIT_S = 10.0
"""How long start-up waits for the client to answer a request before going on without it."""


def register(server: SnippetLensServer) -> None:
    server.feature(types.INITIALIZE)(initialize)
    server.feature(types.INITIALIZED)(lifecycle)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    server.feature(types.SHUTDOWN)(shutdown)
    server.feature(types.EXIT)(exit_)


def initialize(ls: SnippetLensServer, params: types.InitializeParams) -> None:
    """Read ``initializationOptions``; start forwarding logs to the client."""
    LogForwarder.install(ls)
    ls.initial_settings, problems = parse_settings(section_of(params.initialization_options))
    ls.settings = ls.initial_settings
    for problem in problems:
        log.warning("%s", problem)


async def lifecycle(ls: SnippetLensServer, params: types.InitializedParams) -> None:
    """``initialized``: load the engine in a worker, pull settings meanwhile, report problems once."""
    token = await begin_progress(ls)
    loading = ls.start_engine(progress_reporter(ls, token))
    if get_capability(ls.client_capabilities, "workspace.configuration", False):
        await pull_settings(ls)
    try:
        engine = await loading
    finally:
        if token is not None:
            ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
    problems = engine.problems()
    for problem in problems:
        ls.show_once(problem)
    await ls.in_worker(lambda: engine.configure(engine_settings(ls.settings, engine.settings)))
    log.info("Snippet Lens ready%s", f" with {len(problems)} model problem(s)" if problems else "")


async def begin_progress(ls: SnippetLensServer) -> str | None:
    """Create and begin a progress token, or None when the client shows no server progress."""
    if not get_capability(ls.client_capabilities, "window.work_done_progress", False):
        return None
    try:
        await asyncio.wait_for(asyncio.shield(ls.work_done_progress.create_async(PROGRESS_TOKEN)), CLIENT_WAIT_S)
    except (JsonRpcException, asyncio.TimeoutError) as exc:  # the client refused or stalled: no progress bar
        log.info("no progress reporting: %r", exc)
        return None
    begin = types.WorkDoneProgressBegin(title="Snippet Lens", message="loading models", percentage=0)
    ls.work_done_progress.begin(PROGRESS_TOKEN, begin)
    return PROGRESS_TOKEN


def progress_reporter(ls: SnippetLensServer, token: str | None) -> ProgressCallback:
    """A callback for the loading thread: logs, and reports progress on the event loop."""
    loop = asyncio.get_running_loop()

    def report(message: str, fraction: float) -> None:
        percentage = max(0, min(100, int(fraction * 100)))
        log.info("%s (%d%%)", message, percentage)
        if token is not None:
            value = types.WorkDoneProgressReport(message=message, percentage=percentage)
            loop.call_soon_threadsafe(ls.work_done_progress.report, token, value)

    return report


async def pull_settings(ls: SnippetLensServer) -> None:
    """Ask the client for the ``snippetLens`` section and apply it over ``initializationOptions``."""
    request = types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
    try:
        answer = await asyncio.wait_for(asyncio.shield(ls.workspace_configuration_async(request)), CLIENT_WAIT_S)
    except (JsonRpcException, asyncio.TimeoutError) as exc:  # the client could not answer: keep what we have
        log.warning("workspace/configuration failed: %r", exc)
        return
    await apply_settings(ls, answer[0] if answer else None)


async def apply_settings(ls: SnippetLensServer, raw: Any) -> None:
    """Parse, log what was ignored, hand the engine its part, refresh diagnostics."""
    settings, problems = parse_settings(raw, base=ls.initial_settings)
    for problem in problems:
        log.warning("%s", problem)
    ls.settings = settings
    engine = ls.loaded_engine()
    if engine is not None:
        await ls.in_worker(lambda: engine.configure(engine_settings(settings, engine.settings)))
    await diagnostics.publish_all(ls)
    log.info("settings applied: %s", to_wire(settings))


async def did_change_configuration(ls: SnippetLensServer, params: types.DidChangeConfigurationParams) -> None:
    """Pull the section again when the client can answer, else use what the notification carries."""
    if get_capability(ls.client_capabilities, "workspace.configuration", False):
        await pull_settings(ls)
    else:
        await apply_settings(ls, section_of(params.settings))


def shutdown(ls: SnippetLensServer, params: None) -> None:
    ls.shutdown_requested = True
    ls.stop_worker()


def exit_(ls: SnippetLensServer, params: None) -> None:
    """pygls ends the process after this (code 1 when no ``shutdown`` came first, as LSP says)."""
    LogForwarder.remove(ls)  # stdout closes next: log to stderr only
    if not ls.shutdown_requested:
        log.warning("exit without shutdown")
    ls.stop_worker()


class LogForwarder(logging.Handler):
    """Sends ``lsp_server`` log records to the client as ``window/logMessage``, from any thread."""

    def __init__(self, ls: SnippetLensServer) -> None:
        super().__init__(logging.INFO)
        self.ls = ls
        self.loop = asyncio.get_running_loop()

    @classmethod
    def install(cls, ls: SnippetLensServer) -> None:
        logger = logging.getLogger("lsp_server")
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.INFO)
        if not any(isinstance(h, cls) and h.ls is ls for h in logger.handlers):
            logger.addHandler(cls(ls))

    @classmethod
    def remove(cls, ls: SnippetLensServer) -> None:
        logger = logging.getLogger("lsp_server")
        for handler in [h for h in logger.handlers if isinstance(h, cls) and h.ls is ls]:
            logger.removeHandler(handler)

    def emit(self, record: logging.LogRecord) -> None:
        params = types.LogMessageParams(type=message_type(record.levelno), message=self.format(record))
        with contextlib.suppress(RuntimeError):  # the loop has closed: the session is over
            self.loop.call_soon_threadsafe(self.ls.window_log_message, params)


def message_type(level: int) -> types.MessageType:
    if level >= logging.ERROR:
        return types.MessageType.Error
    if level >= logging.WARNING:
        return types.MessageType.Warning
    return types.MessageType.Info if level >= logging.INFO else types.MessageType.Log
