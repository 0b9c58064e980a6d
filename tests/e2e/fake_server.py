"""A Snippet Lens server over stdio with a small rule-based engine, for protocol-only tests.

Environment:
  FAKE_ENGINE_GATED=1        loading waits until the client runs the ``fakeEngine.release`` command
  FAKE_ENGINE_PROBLEMS=a|b   the engine reports these model problems
A snippet containing ``slow_description`` is described until the request is cancelled.
Command ``fakeEngine.state`` returns the analyze calls the engine received and its settings.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from lsp_server.engine import UNKNOWN, EngineSettings, Enrichment, LanguageGuess, Tag
from lsp_server.engine.describer.decoding import DecodingCancelled
from lsp_server.server import SnippetLensServer, create_server, run_stdio

GATE_TIMEOUT_S = 30

RULES = (
    ("def ", LanguageGuess("python", 0.9, (("ruby", 0.06),))),
    ("fn ", LanguageGuess("rust", 0.85, (("go", 0.1),))),
    ("SELECT ", LanguageGuess("sql", 0.8)),
)
UNSURE = LanguageGuess(UNKNOWN, 0.3, (("python", 0.3), ("ruby", 0.2)))
DESCRIPTION_RULES = (
    ("def ", "Computes a value from its arguments."),
    ("fn ", "Adds two numbers."),
)
TAG_RULES = (
    ("requests", Tag("http-client", 0.93)),
    ("json", Tag("json", 0.88)),
    ("sorted(", Tag("sorting", 0.71)),
)


class FakeEngine:
    """Same surface as ``lsp_server.engine.Engine``; decides by keywords and records its calls."""

    def __init__(self, problems: list[str]) -> None:
        self.settings = EngineSettings()
        self._problems = problems
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def analyze(self, text: str, *, path: str | None = None, language_hint: str | None = None,
                document_language: str | None = None, documentation: str | None = None,
                describe: bool | None = None,
                cancelled: Callable[[], bool] = lambda: False, workspace_exemplars: Any = None) -> Enrichment:
        with self._lock:
            self.calls.append({"text": text[:200], "length": len(text), "path": path, "language_hint": language_hint,
                               "document_language": document_language, "documentation": documentation,
                               "describe": describe})
        if "\x00" in text:
            return Enrichment(LanguageGuess(UNKNOWN, 0.0, source="binary"), ("snippet looks like binary data",))
        tags = self.tags(text)
        wanted = self.settings.describe if describe is None else describe
        description = self.description(text, cancelled) if wanted else None
        source = "model" if description else None
        if language_hint:
            return Enrichment(LanguageGuess(language_hint, 1.0, source="hint"), tags=tags, description=description,
                              description_source=source)
        guess = next((guess for keyword, guess in RULES if keyword in text), UNSURE)
        if guess.confidence < self.settings.unknown_threshold and guess.language != UNKNOWN:
            guess = LanguageGuess(UNKNOWN, guess.confidence, ((guess.language, guess.confidence),))
        return Enrichment(guess, tags=tags, description=description, description_source=source)

    def description(self, text: str, cancelled: Callable[[], bool]) -> str | None:
        """A canned sentence per keyword; ``slow_description`` decodes until cancelled (bounded)."""
        if "slow_description" in text:
            deadline, steps = time.monotonic() + GATE_TIMEOUT_S, 0
            while time.monotonic() < deadline:
                steps += 1
                if cancelled():
                    raise DecodingCancelled(steps)
                time.sleep(0.01)
            return "Never cancelled."
        return next((sentence for keyword, sentence in DESCRIPTION_RULES if keyword in text), None)

    def tags(self, text: str) -> tuple[Tag, ...]:
        """A tag for each keyword in the text, best first, unless tagging is switched off."""
        if not self.settings.tags:
            return ()
        return tuple(sorted((tag for keyword, tag in TAG_RULES if keyword in text), key=lambda tag: -tag.score))

    def problems(self) -> list[str]:
        return list(self._problems)

    def models(self) -> list[Any]:
        return []

    def configure(self, settings: EngineSettings) -> None:
        self.settings = settings

    def snapshot(self) -> dict[str, Any]:
        """What the engine was asked and how it is configured, for the tests to check."""
        with self._lock:
            return {"calls": list(self.calls), "settings": dataclasses.asdict(self.settings)}


def build() -> SnippetLensServer:
    problems = [p for p in os.environ.get("FAKE_ENGINE_PROBLEMS", "").split("|") if p]
    engine = FakeEngine(problems)
    gate = threading.Event()
    if os.environ.get("FAKE_ENGINE_GATED") != "1":
        gate.set()

    def load_engine(progress: Any) -> FakeEngine:
        progress("loading fake", 0.0)
        if not gate.wait(GATE_TIMEOUT_S):
            raise RuntimeError("the test never released the fake engine")
        progress("models ready", 1.0)
        return engine

    server = create_server(load_engine)

    @server.command("fakeEngine.release")
    def release(ls: SnippetLensServer, *args: Any) -> None:
        gate.set()

    @server.command("fakeEngine.state")
    def state(ls: SnippetLensServer, *args: Any) -> dict[str, Any]:
        return engine.snapshot()

    return server


if __name__ == "__main__":
    sys.exit(run_stdio(build()))
