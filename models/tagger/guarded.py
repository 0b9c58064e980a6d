"""Map a function over many snippets in watched child processes, for work that may never return.

A few of the corpus's snippets make a tree-sitter grammar loop forever (tree-sitter-kotlin and -perl
1.x on some unfinished declarations), inside C, where no timeout reaches. Each lane here is a child
process working through its share of the items; the parent watches its progress, and when the child
spends ``STUCK_SECONDS`` on one item it is killed, that item gets None, and a new child carries on
after it.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

STUCK_SECONDS = 30
BATCH = 512
CONTEXT = multiprocessing.get_context("fork")  # the children inherit the items instead of unpickling them


class Lane:
    """One child process over ``items``, restarted past any item it gets stuck on."""

    def __init__(self, function: Callable[[Any], Any], items: Sequence[Any]) -> None:
        self.function, self.items = function, items
        self.done: list[Any] = []
        self.stuck: set[int] = set()
        self.start()

    def start(self) -> None:
        self.progress = CONTEXT.Value("q", len(self.done), lock=False)
        self.receiver, sender = CONTEXT.Pipe(duplex=False)
        args = (self.function, self.items, len(self.done), frozenset(self.stuck), self.progress, sender)
        self.child = CONTEXT.Process(target=work, args=args, daemon=True)
        self.child.start()
        sender.close()
        self.seen, self.since = self.progress.value, time.monotonic()

    @property
    def finished(self) -> bool:
        return len(self.done) == len(self.items)

    def step(self) -> None:
        """Take what the child sent, or restart it past the item it is stuck on."""
        try:
            if self.receiver.poll(0):
                self.done.extend(self.receiver.recv())
                return
        except EOFError:
            pass  # the child died: its item is one it cannot finish
        else:
            if self.child.is_alive() and self.progress.value != self.seen:
                self.seen, self.since = self.progress.value, time.monotonic()
                return
            if self.child.is_alive() and time.monotonic() - self.since < STUCK_SECONDS:
                return
        self.child.kill()
        self.child.join()
        self.stuck.add(self.progress.value)
        print(f"item {self.progress.value} of a lane never finished; left out", flush=True)
        self.start()


def work(function: Callable[[Any], Any], items: Sequence[Any], start: int, stuck: frozenset[int], progress: Any,
         sender: Connection) -> None:
    batch = []
    for i in range(start, len(items)):
        progress.value = i
        batch.append(None if i in stuck else function(items[i]))
        if len(batch) == BATCH or i == len(items) - 1:
            sender.send(batch)
            batch = []


def guarded_map(function: Callable[[Any], Any], items: Sequence[Any], lanes: int = 2) -> list[Any]:
    """``function`` of each item, in ``lanes`` child processes; None for an item it never finished."""
    size = max(1, math.ceil(len(items) / lanes))
    running = [Lane(function, items[i:i + size]) for i in range(0, len(items), size)]
    while not all(lane.finished for lane in running):
        wait([lane.receiver for lane in running if not lane.finished], timeout=1.0)
        for lane in running:
            if not lane.finished:
                lane.step()
    for lane in running:
        lane.child.join()
    return [result for lane in running for result in lane.done]
