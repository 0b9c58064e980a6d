"""Reading messages from a byte stream, and serving a server over stdio or TCP with that reader.

pygls' own loop matches a header line exactly; after a body whose Content-Length was too short, the
rest of that body runs into the next header line and every later message is misread (the server
stays alive but deaf). This loop finds the ``Content-Length`` header at the end of a line whatever
precedes it, so one bad message costs that message, and answers a body that is not JSON with
ParseError (-32700).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sys
import threading
from typing import Any

from pygls.exceptions import JsonRpcParseError
from pygls.io_ import StdinAsyncReader, StdoutWriter
from pygls.lsp.server import LanguageServer

from lsp_server.server.protocol import SnippetLensProtocol

log = logging.getLogger(__name__)

CONTENT_LENGTH = re.compile(rb"Content-Length: *(\d+)\r?\n$", re.IGNORECASE)


async def read_messages(stop_event: threading.Event, reader: Any, protocol: SnippetLensProtocol) -> None:
    """pygls' message loop, resynchronising on the next ``Content-Length`` header after a bad body and
    answering a body that is not JSON with ParseError (-32700)."""
    content_length = 0
    while not stop_event.is_set():
        header = await reader.readline()
        if not header:
            break
        match = CONTENT_LENGTH.search(header)
        if match:
            content_length = int(match.group(1))
            continue
        if header.strip() or not content_length:
            continue  # another header (Content-Type), or stray bytes between messages
        body = await reader.readexactly(content_length)
        content_length = 0
        if not body:
            break
        dispatch(protocol, body)


def dispatch(protocol: SnippetLensProtocol, body: bytes) -> None:
    try:
        message = json.loads(body, object_hook=protocol.structure_message)
    except (ValueError, UnicodeDecodeError) as exc:
        log.warning("unreadable message (%s): %r", exc, body[:200])
        protocol._send_response(None, None, JsonRpcParseError(str(exc)).to_response_error())  # type: ignore[arg-type]
        return
    except Exception:
        log.exception("unable to read a message")
        return
    try:
        protocol.handle_message(message)
    except Exception:
        log.exception("unable to handle a message")


def serve_io(server: LanguageServer) -> None:
    """Serve over stdin/stdout until ``exit`` or the end of input."""
    stop = server._stop_event = threading.Event()
    reader = StdinAsyncReader(sys.stdin.buffer, server.thread_pool)
    server.protocol.set_writer(StdoutWriter(sys.stdout.buffer))
    try:
        asyncio.run(read_messages(stop, reader, server.protocol))  # type: ignore[arg-type]
    except BrokenPipeError:
        log.error("the connection to the client is lost; shutting down")
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]


def serve_tcp(server: LanguageServer, host: str, port: int) -> None:
    """Serve the first client that connects to ``host:port`` until it exits."""
    stop = server._stop_event = threading.Event()

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        server.protocol.set_writer(writer)
        await read_messages(stop, reader, server.protocol)  # type: ignore[arg-type]
        server.shutdown()  # type: ignore[no-untyped-call]

    async def listen() -> None:
        server._server = await asyncio.start_server(connection, host, port)
        log.info("serving on %s:%s", host, port)
        async with server._server:
            await server._server.serve_forever()

    try:
        asyncio.run(listen())
    except (KeyboardInterrupt, SystemExit, asyncio.CancelledError):
        pass
    finally:
        server.shutdown()  # type: ignore[no-untyped-call]
