"""Greedy and beam-search decoding over a step function, in numpy.

The model is reached only through ``Step``: ``first(batch)`` and ``next(tokens, cache)`` return
next-token logits for each row plus an opaque cache, and ``reorder(cache, rows)`` reorders the cache
rows for beam search. Between steps ``cancelled()`` is asked; a true answer stops decoding with
:class:`DecodingCancelled`. A :class:`Decoded` keeps the log-probability of each token chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from lsp_server.engine.errors import EngineError


class DecodingCancelled(EngineError):
    """The caller no longer wants the description (the editor moved on)."""

    def __init__(self, steps: int) -> None:
        super().__init__(f"description cancelled after {steps} decoding steps")
        self.steps = steps


class Step(Protocol):
    def first(self, rows: int) -> tuple[np.ndarray, Any]: ...
    def next(self, tokens: np.ndarray, cache: Any) -> tuple[np.ndarray, Any]: ...
    def reorder(self, cache: Any, rows: np.ndarray) -> Any: ...


MAX_REFUSALS = 16


@dataclass(frozen=True)
class DecodingOptions:
    max_new_tokens: int = 32
    beams: int = 1
    no_repeat_ngram: int = 3
    """No n-gram of this size appears twice in the output (0 turns the rule off)."""
    length_penalty: float = 1.0
    repetition_penalty: float = 1.0
    """Logits of tokens already written are divided (if positive) or multiplied by this (1 = off)."""
    min_new_tokens: int = 2
    allows: Callable[[list[int], int], bool] | None = None
    """Greedy decoding only: asked whether the best next token may follow the tokens so far; a false
    answer takes the next best instead (up to ``MAX_REFUSALS`` times a step)."""


@dataclass(frozen=True)
class Decoded:
    """A token sequence (without the end token) and the model's log-probability of each token
    chosen, the end token's last."""

    tokens: list[int]
    log_probs: list[float]


def never() -> bool:
    return False


def decode(step: Step, eos: int, options: DecodingOptions, cancelled: Callable[[], bool] = never) -> list[int]:
    """The best token sequence (without the end token)."""
    return decode_scored(step, eos, options, cancelled).tokens


def decode_scored(
    step: Step,
    eos: int,
    options: DecodingOptions,
    cancelled: Callable[[], bool] = never,
) -> Decoded:
    """The best token sequence with its log-probabilities."""
    if options.beams <= 1:
        return _greedy(step, eos, options, cancelled)
    return _beam(step, eos, options, cancelled)[0]


def candidates(
    step: Step,
    eos: int,
    options: DecodingOptions,
    cancelled: Callable[[], bool] = never,
) -> list[Decoded]:
    """Beam search's finished sequences, best first (at least one)."""
    return _beam(step, eos, options, cancelled)


def _log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted: np.ndarray = logits - logits.max(axis=-1, keepdims=True)
    return np.asarray(shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True)))


def _banned(tokens: list[int], n: int) -> set[int]:
    """Tokens that would repeat an n-gram already in ``tokens``."""
    if n <= 0 or len(tokens) < n - 1:
        return set()
    prefix = tuple(tokens[len(tokens) - n + 1 :]) if n > 1 else ()
    return {tokens[i + n - 1] for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n - 1]) == prefix}


def _mask(scores: np.ndarray, tokens: list[int], eos: int, options: DecodingOptions) -> np.ndarray:
    scores = scores.copy()
    banned = _banned(tokens, options.no_repeat_ngram)
    if banned:
        scores[list(banned)] = -np.inf
    if len(tokens) < options.min_new_tokens:
        scores[eos] = -np.inf
    return scores


def _penalize(logits: np.ndarray, tokens: list[int], penalty: float) -> np.ndarray:
    if penalty == 1.0 or not tokens:
        return logits
    logits = logits.copy()
    seen = np.unique(tokens)
    logits[seen] = np.where(logits[seen] > 0, logits[seen] / penalty, logits[seen] * penalty)
    return logits


def _check(cancelled: Callable[[], bool], steps: int) -> None:
    if cancelled():
        raise DecodingCancelled(steps)


def _greedy(step: Step, eos: int, options: DecodingOptions, cancelled: Callable[[], bool]) -> Decoded:
    logits, cache = step.first(1)
    tokens: list[int] = []
    log_probs: list[float] = []
    for steps in range(options.max_new_tokens):
        scores = _log_softmax(_penalize(logits[0], tokens, options.repetition_penalty))
        token = _choose(_mask(scores, tokens, eos, options), tokens, options)
        log_probs.append(float(scores[token]))
        if token == eos:
            break
        tokens.append(token)
        _check(cancelled, steps + 1)
        logits, cache = step.next(np.array([[token]], dtype=np.int64), cache)
    return Decoded(tokens, log_probs)


def _choose(scores: np.ndarray, tokens: list[int], options: DecodingOptions) -> int:
    """The best token that ``options.allows``."""
    token = int(np.argmax(scores))
    if options.allows is None:
        return token
    for _ in range(MAX_REFUSALS):
        if options.allows(tokens, token) or not np.isfinite(scores[token]):
            break
        scores[token] = -np.inf
        token = int(np.argmax(scores))
    return token


def _beam(step: Step, eos: int, options: DecodingOptions, cancelled: Callable[[], bool]) -> list[Decoded]:
    width = options.beams
    logits, cache = step.first(1)
    beams: list[tuple[list[int], list[float], float]] = [([], [], 0.0)]
    finished: list[tuple[list[int], list[float], float]] = []
    for steps in range(options.max_new_tokens):
        penalized = np.stack(
            [_penalize(logits[row], tokens, options.repetition_penalty) for row, (tokens, _, _) in enumerate(beams)]
        )
        log_probs = _log_softmax(penalized)
        candidates = []
        for row, (tokens, _, score) in enumerate(beams):
            scores = _mask(log_probs[row], tokens, eos, options)
            for token in np.argsort(scores)[::-1][: 2 * width]:
                if np.isfinite(scores[token]):
                    candidates.append((score + float(scores[token]), row, int(token)))
        candidates.sort(key=lambda c: -c[0])
        kept: list[tuple[list[int], list[float], float]] = []
        rows = []
        for score, row, token in candidates:
            tokens, scored = beams[row][0], [*beams[row][1], float(log_probs[row, token])]
            if token == eos:
                finished.append((tokens, scored, score / max(1, len(tokens)) ** options.length_penalty))
            else:
                kept.append(([*tokens, token], scored, score))
                rows.append(row)
            if len(kept) == width:
                break
        best_open = max((s / (len(t) ** options.length_penalty) for t, _, s in kept), default=-np.inf)
        if not kept or (finished and max(s for _, _, s in finished) >= best_open):
            break
        _check(cancelled, steps + 1)
        beams = kept
        cache = step.reorder(cache, np.array(rows))
        logits, cache = step.next(np.array([[t[-1]] for t, _, _ in beams], dtype=np.int64), cache)
    else:  # out of steps: the open beams count as they are
        finished += [(t, lp, s / max(1, len(t)) ** options.length_penalty) for t, lp, s in beams]
    best: dict[tuple[int, ...], tuple[float, list[float]]] = {}
    for tokens, scored, score in finished:
        if score > best.get(tuple(tokens), (-np.inf, []))[0]:
            best[tuple(tokens)] = (score, scored)
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    return [Decoded(list(tokens), scored) for tokens, (_, scored) in ranked]
