"""A JSON-RPC peer that writes raw bytes to the server, for what a well-behaved client never sends."""

from __future__ import annotations

import json
import os
import select
import subprocess
import time
from typing import Any

from lsp_session import FAKE_SERVER, REAL_SERVER, SERVER_ENV, WAIT_S


def frame(message: dict[str, Any], length_delta: int = 0) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % (len(body) + length_delta) + body


class RawSession:
    """The server as a subprocess; ``send`` bytes, ``receive`` the next message with a given id."""

    def __init__(self, real: bool = False) -> None:
        self.process = subprocess.Popen(
            REAL_SERVER if real else FAKE_SERVER,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=SERVER_ENV,
        )
        self.buffer = b""

    def send(self, data: bytes | dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(data if isinstance(data, bytes) else frame(data))
        self.process.stdin.flush()

    def request(self, id_: int | str, method: str, params: Any = None) -> dict[str, Any]:
        self.send({"jsonrpc": "2.0", "id": id_, "method": method, "params": params})
        return self.receive(id_)

    def initialize(self) -> None:
        self.request(0, "initialize", {"capabilities": {}})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def receive(self, id_: int | str | None, timeout: float = WAIT_S) -> dict[str, Any]:
        """The next response carrying ``id_`` (notifications and other responses are skipped)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = self._next_message(deadline)
            if message is not None and "method" not in message and message.get("id") == id_:
                return message
        raise TimeoutError(f"no response with id {id_!r} within {timeout} s")

    def _next_message(self, deadline: float) -> dict[str, Any] | None:
        while b"\r\n\r\n" not in self.buffer or len(self.buffer) < self._frame_end():
            self._read(deadline)
        end = self._frame_end()
        header_end = self.buffer.index(b"\r\n\r\n") + 4
        body, self.buffer = self.buffer[header_end:end], self.buffer[end:]
        return json.loads(body)

    def _frame_end(self) -> int:
        if b"\r\n\r\n" not in self.buffer:
            return 1 << 62
        header, _ = self.buffer.split(b"\r\n\r\n", 1)
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return len(header) + 4 + length

    def _read(self, deadline: float) -> None:
        assert self.process.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the server sent nothing in time")
        ready, _, _ = select.select([self.process.stdout], [], [], remaining)
        if not ready:
            raise TimeoutError("the server sent nothing in time")
        chunk = os.read(self.process.stdout.fileno(), 65536)
        if not chunk:
            raise EOFError("the server closed its output")
        self.buffer += chunk

    def wait(self, timeout: float = WAIT_S) -> int:
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(WAIT_S)
