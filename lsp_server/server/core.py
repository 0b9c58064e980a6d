"""The server object the feature handlers share: the engine (loaded in a worker), settings, documents."""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from lsp_server import __version__
from lsp_server.engine import EngineError, EngineSettings, Enrichment
from lsp_server.engine.describer.decoding import DecodingCancelled
from lsp_server.engine.describer.exemplars import ExemplarIndex
from lsp_server.server.positions import UTF16, LineIndex, encoding_name
from lsp_server.server.protocol import SnippetLensProtocol
from lsp_server.server.settings import Settings, engine_settings
from lsp_server.server.snippets import Document, Snippet
from lsp_server.server.workspace_exemplars import OpenDocument, WorkspaceExemplars

log = logging.getLogger(__name__)

ENGINE_WAIT_S = 60.0
"""How long a request waits for the engine to finish loading before it answers with nothing."""

ProgressCallback = Callable[[str, float], None]
T = TypeVar("T")


class EngineLike(Protocol):
    """What the server needs from :class:`lsp_server.engine.Engine`; tests pass smaller fakes."""

    settings: EngineSettings

    def analyze(
        self,
        text: str,
        *,
        path: str | None = None,
        language_hint: str | None = None,
        document_language: str | None = None,
        documentation: str | None = None,
        describe: bool | None = None,
        cancelled: Callable[[], bool] = ...,
        workspace_exemplars: ExemplarIndex | None = None,
    ) -> Enrichment: ...
    def problems(self) -> list[str]: ...
    def models(self) -> list[Any]: ...
    def configure(self, settings: EngineSettings) -> None: ...


LoadEngine = Callable[[ProgressCallback], EngineLike]


def analyze_or_none(
    engine: EngineLike,
    snippet: Snippet,
    describe: bool,
    cancelled: Callable[[], bool],
    workspace: ExemplarIndex | None = None,
) -> Enrichment | None:
    try:
        return engine.analyze(
            snippet.text,
            path=snippet.path,
            language_hint=snippet.language_hint,
            document_language=snippet.document_language,
            documentation=snippet.documentation,
            describe=describe,
            cancelled=cancelled,
            workspace_exemplars=workspace,
        )
    except DecodingCancelled as exc:
        log.info("%s", exc)
        return None


@dataclass(frozen=True)
class Ticket:
    """Which request this is, in arrival order, for a feature on a document."""

    feature: str
    uri: str
    number: int


class Superseded(Exception):
    """A newer request of the same feature for the same document came in while this one waited."""


class SharedRun:
    """One model run that several identical requests wait on; decoding stops only when all cancel."""

    future: asyncio.Future[Enrichment | None]

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.superseded = False
        self.waiters = 0
        self.ticket: Ticket | None = None

    def supersede(self) -> None:
        """Stop decoding for a request nobody waits for any more; its waiters get ContentModified."""
        self.superseded = True
        self.stop.set()


class SnippetLensServer(LanguageServer):
    """A pygls server that owns one engine, the user's settings and the selections clients report."""

    def __init__(self, load_engine: LoadEngine, *, engine_wait_s: float = ENGINE_WAIT_S) -> None:
        super().__init__("snippet-lens", __version__, protocol_cls=SnippetLensProtocol)
        self.load_engine = load_engine
        self.engine_wait_s = engine_wait_s
        self.initial_settings = Settings()
        self.settings = Settings()
        self.shutdown_requested = False
        self.selections: dict[str, tuple[int | None, types.Range]] = {}
        """Per document URI: the version and range of the last non-empty selection the client reported."""
        self._engine: Future[EngineLike] = Future()
        self._worker = ThreadPoolExecutor(max_workers=2, thread_name_prefix="snippet-lens")
        self._shown: set[str] = set()
        self._parsed: dict[str, tuple[TextDocument, int | None, Document]] = {}
        self._tickets = itertools.count()
        self._latest: dict[tuple[str, str], int] = {}
        """Per (feature, document URI): the number of the newest request's ticket."""
        self._in_flight: dict[tuple[Snippet, bool], SharedRun] = {}
        self._workspace = WorkspaceExemplars()

    # -- the engine -------------------------------------------------------------------------------

    def start_engine(self, progress: ProgressCallback) -> asyncio.Future[EngineLike]:
        """Load the engine in a worker thread; requests waiting in :meth:`engine` resume when it is ready."""
        if not self._engine.set_running_or_notify_cancel():
            raise RuntimeError("the engine is already loading")
        return asyncio.wrap_future(self._worker.submit(self._load, progress))

    def _load(self, progress: ProgressCallback) -> EngineLike:
        try:
            engine = self.load_engine(progress)
            # the user's settings hold from the first request on, not from when ``initialized`` resumes
            engine.configure(engine_settings(self.settings, engine.settings))
        except BaseException as exc:
            self._engine.set_exception(exc)
            raise
        self._engine.set_result(engine)
        return engine

    async def engine(self) -> EngineLike | None:
        """The engine, waiting (bounded) while it loads; None if it is not ready in time."""
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(self._engine)), self.engine_wait_s)
        except asyncio.TimeoutError:  # the builtin TimeoutError only from Python 3.11
            log.warning("the engine is still loading after %.0f s; answering without it", self.engine_wait_s)
            return None

    def loaded_engine(self) -> EngineLike | None:
        """The engine if it has finished loading, without waiting."""
        if self._engine.done() and self._engine.exception() is None:
            return self._engine.result()
        return None

    async def in_worker(self, fn: Callable[[], T]) -> T:
        """Run CPU work off the event loop so it keeps answering cancellation and shutdown."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn)

    async def analyze(
        self, snippet: Snippet, *, describe: bool = False, ticket: Ticket | None = None
    ) -> Enrichment | None:
        """The engine's enrichment of ``snippet``, with a description only when asked for (it costs
        tens of milliseconds) and enabled. If the request is cancelled meanwhile, decoding stops.

        With a ``ticket`` (see :meth:`ticket`), a newer request of the same feature on the same document
        supersedes this one: it is answered ContentModified, without running if it still waits for a
        worker, with its decoding stopped if it runs. Identical snippets in flight share one model run."""
        engine = await self.engine()
        if engine is None:
            return None
        if ticket is not None and not self.is_newest(ticket):
            raise JsonRpcContentModified("a newer request for this document came in")
        wanted = describe and self.settings.enable_descriptions
        key = (snippet, wanted)
        run = self._in_flight.get(key)
        if ticket is not None:
            self._supersede_older(ticket, keep=run)
        if run is None or run.future.done() or run.superseded:
            run = SharedRun()
            documents = self.open_documents() if wanted else []
            work = partial(self._run_latest, engine, snippet, wanted, run, documents)
            run.future = asyncio.ensure_future(self.in_worker(work))
            run.future.add_done_callback(partial(self._forget_run, key, run))
            self._in_flight[key] = run
        run.ticket = ticket  # the newest request waiting on it decides
        run.waiters += 1
        try:
            return await asyncio.shield(run.future)
        except asyncio.CancelledError:
            if run.waiters == 1:
                run.stop.set()
            raise
        except Superseded:
            raise JsonRpcContentModified("a newer request for this document came in") from None
        except EngineError as exc:
            log.error("analysis failed: %s", exc)
            self.show_once(str(exc))
            return None
        finally:
            run.waiters -= 1

    def _supersede_older(self, ticket: Ticket, keep: SharedRun | None) -> None:
        """Stop the runs that only older requests of ``ticket``'s feature and document wait for."""
        for key, run in list(self._in_flight.items()):
            older = run.ticket
            if run is keep or older is None or (older.feature, older.uri) != (ticket.feature, ticket.uri):
                continue
            if older.number < ticket.number:
                run.supersede()
                del self._in_flight[key]

    def _forget_run(self, key: tuple[Snippet, bool], run: SharedRun, _: object) -> None:
        if self._in_flight.get(key) is run:
            del self._in_flight[key]

    def ticket(self, feature: str, uri: str) -> Ticket:
        """Taken when a request arrives; a later ticket for the same feature and document makes it stale."""
        ticket = Ticket(feature, uri, next(self._tickets))
        self._latest[(feature, uri)] = ticket.number
        return ticket

    def is_newest(self, ticket: Ticket) -> bool:
        return self._latest.get((ticket.feature, ticket.uri)) == ticket.number

    def _run_latest(
        self, engine: EngineLike, snippet: Snippet, describe: bool, run: SharedRun, documents: list[OpenDocument]
    ) -> Enrichment | None:
        """In a worker: the analysis, unless a newer request for the same feature and document came in
        while this one waited. A description may borrow from the documented functions of ``documents``."""
        if run.ticket is not None and not self.is_newest(run.ticket):
            raise Superseded
        workspace = self._workspace.index(documents) if describe else None
        enrichment = analyze_or_none(engine, snippet, describe, run.stop.is_set, workspace)
        if run.superseded:
            raise Superseded
        return enrichment

    def stop_worker(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    # -- talking to the user ----------------------------------------------------------------------

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """``window/showMessage``, but never the same message twice in a session."""
        if message in self._shown:
            return
        self._shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=f"Snippet Lens: {message}"))

    # -- documents --------------------------------------------------------------------------------

    @property
    def position_encoding(self) -> str:
        """What ``initialize`` agreed on (pygls negotiates it; see positions.choose_position_encoding)."""
        return encoding_name(self.workspace.position_encoding or UTF16)

    def text_document(self, uri: str) -> TextDocument | None:
        """An open document, or None: pygls would otherwise read unknown URIs from disk."""
        document: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return document

    async def document(self, uri: str) -> Document | None:
        """The open document as the snippet helpers see it: parsed in a worker, once per version."""
        text_document = self.text_document(uri)
        if text_document is None:
            return None
        version, cached = text_document.version, self._parsed.get(uri)
        if cached is not None and cached[0] is text_document and cached[1] == version:
            return cached[2]
        earlier = cached[2] if cached is not None and cached[0] is text_document else None
        parse = partial(Document.parse, text_document.source, text_document.path, text_document.language_id, earlier)
        document = await self.in_worker(parse)
        self._parsed[uri] = (text_document, version, document)
        return document

    def open_documents(self) -> list[OpenDocument]:
        """A snapshot of the open documents, taken on the event loop for a worker to read."""
        return [
            OpenDocument(uri, document.version, document.source, document.language_id, document.path)
            for uri, document in list(self.workspace.text_documents.items())
        ]

    def forget(self, uri: str) -> None:
        """Drop what is remembered about a closed document."""
        self._parsed.pop(uri, None)
        self.selections.pop(uri, None)

    def remember_selection(self, uri: str, range_: types.Range) -> None:
        """Keep the client's latest selection for hover; an empty one means the selection is gone."""
        document = self.text_document(uri)
        if range_.start == range_.end or document is None:
            self.selections.pop(uri, None)
        else:
            self.selections[uri] = (document.version, range_)

    def selection(self, uri: str, index: LineIndex) -> tuple[int, int] | None:
        """Offsets of the remembered selection, if the document has not changed since."""
        document = self.text_document(uri)
        remembered = self.selections.get(uri)
        if document is None or remembered is None or remembered[0] != document.version:
            return None
        return index.offsets(remembered[1], self.position_encoding)
