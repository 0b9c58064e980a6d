"""The server as an editor meets it: cold start, memory, and the newest request's latency in a flood.

    python benchmarks/server_load.py [--rounds 340]

One server process (``python -m lsp_server``, the shipped models) driven over stdio with raw JSON-RPC:
- cold start: spawn -> ``initialize`` answered -> first hover with a description answered;
- RSS (``VmRSS``) after that first hover, and after the flood;
- the flood: per round, each of 5 open Python documents is edited (``didChange``: one literal changes,
  so no description comes from the cache) and gets 4 hovers at different functions sent at once, an
  automatic ``codeAction`` (what VS Code sends on every selection change) and a completion request;
  the round ends when all are answered. Reported: latency of the newest hover per document (what the
  user waits for), how the older ones were answered, and the total number of requests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = 6
DOCUMENTS = 5


def document(number: int, round_: int) -> str:
    parts = [f"import json\n\nLIMIT = {round_}\n"]
    for f in range(FUNCTIONS):
        parts.append(f"\n\ndef step_{number}_{f}(items, limit=LIMIT + {f}):\n"
                     f"    kept = [item for item in items if item.get('size', 0) < limit * {f + 1} + {round_}]\n\n"
                     f"    with open('out_{f}.json', 'w') as handle:\n        json.dump(kept, handle)\n"
                     f"    return len(kept)\n")
    return "".join(parts)


class Peer:
    """Writes framed messages; a reader thread timestamps every response by id."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "lsp_server"], cwd=ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.answers: dict[Any, tuple[float, dict[str, Any]]] = {}
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_id = 0

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if not line:
                return
            message = json.loads(stream.read(length))
            if "id" in message and "method" not in message:
                with self.arrived:
                    self.answers[message["id"]] = (time.perf_counter(), message)
                    self.arrived.notify_all()

    def send(self, method: str, params: Any, request: bool = True) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        sent_id = None
        if request:
            self.next_id += 1
            sent_id = message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()
        return sent_id

    def wait(self, ids: list[int], timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not all(i in self.answers for i in ids):
                if not self.arrived.wait(deadline - time.monotonic()):
                    raise TimeoutError(f"no answer for {[i for i in ids if i not in self.answers]}")

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024


def hover(peer: Peer, uri: str, line: int) -> int:
    sent = peer.send("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}})
    assert sent is not None
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=340)
    args = parser.parse_args()
    began = time.perf_counter()
    peer = Peer()
    initialize = peer.send("initialize", {"capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown"]}}}})
    assert initialize is not None
    peer.wait([initialize])
    initialized_at = peer.answers[initialize][0]
    peer.send("initialized", {}, request=False)
    uris = [f"file:///bench/doc{n}.py" for n in range(DOCUMENTS)]
    for n, uri in enumerate(uris):
        peer.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 0,
                                                            "text": document(n, 0)}}, request=False)
    first = hover(peer, uris[0], 6)
    peer.wait([first])
    answered_at, message = peer.answers[first]
    assert "Description" in message["result"]["contents"]["value"], message
    rss_loaded = peer.rss_mb()
    newest, older_codes, sent = [], {}, 2
    for round_ in range(1, args.rounds + 1):
        ids, newest_ids = [], []
        for n, uri in enumerate(uris):
            peer.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": round_},
                                                 "contentChanges": [{"text": document(n, round_)}]}, request=False)
            burst = [hover(peer, uri, 6 + 8 * f) for f in range(4)]
            ids += burst
            newest_ids.append(burst[-1])
            whole = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
            ids.append(peer.send("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": whole,
                                                             "context": {"diagnostics": [], "triggerKind": 2}}))
            ids.append(peer.send("textDocument/completion", {"textDocument": {"uri": uri},
                                                             "position": {"line": 2, "character": 3}}))
        started = time.perf_counter()
        peer.wait([i for i in ids if i is not None])
        sent += len(ids) + len(uris)
        newest += [(peer.answers[i][0] - started) * 1000 for i in newest_ids]
        for i in ids:
            if i is not None and i not in newest_ids:
                code = peer.answers[i][1].get("error", {}).get("code", "result")
                older_codes[code] = older_codes.get(code, 0) + 1
    rss_after = peer.rss_mb()
    peer.send("shutdown", None)
    peer.send("exit", None, request=False)
    peer.process.wait(30)
    ordered = sorted(newest)
    print(json.dumps({
        "cold start: initialize answered (s)": round(initialized_at - began, 3),
        "cold start: first hover with description (s)": round(answered_at - began, 3),
        "RSS after load (MB)": round(rss_loaded, 1),
        "RSS after the flood (MB)": round(rss_after, 1),
        "messages sent in the flood": sent,
        "newest hover per document p50 (ms)": round(statistics.median(ordered), 1),
        "newest hover per document p95 (ms)": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "other requests answered as": older_codes,
        "cpu count": os.cpu_count(),
    }, indent=2))


if __name__ == "__main__":
    main()
