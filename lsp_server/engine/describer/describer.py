"""One-sentence descriptions from a T5-family encoder-decoder exported to ONNX (Optimum layout).

Three manifest entries make a describer: ``describer-encoder`` (whose ``preprocessing`` says how to
tokenize and decode), ``describer-decoder`` (first step) and ``describer-decoder-with-past`` (every
later step, fed the key/value cache). The tokenizer is a ``tokenizers`` JSON file named in the
encoder's preprocessing, checked against its sha256 like the models.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from tokenizers import Tokenizer

from lsp_server.engine.describer.confidence import ConfidenceModel, Evidence, code_lines, grounding
from lsp_server.engine.describer.decoding import Decoded, DecodingOptions, candidates, decode_scored, never
from lsp_server.engine.describer.degenerate import is_degenerate, repeats_content, unfinished
from lsp_server.engine.describer.exemplars import Exemplar, ExemplarIndex, borrowed_sentence
from lsp_server.engine.describer.identifiers import split_identifiers
from lsp_server.engine.errors import ManifestError, ModelCorruptError, ModelMissingError
from lsp_server.engine.runtime import OnnxModel, sha256_of

ENCODER = "describer-encoder"
DECODER = "describer-decoder"
DECODER_WITH_PAST = "describer-decoder-with-past"
SOURCE_TRANSFORMS: dict[str, Callable[[str], str]] = {"none": str, "split-identifiers": split_identifiers}
RERANK_BEAMS = (4, 12)
"""Beam widths tried in turn to find another sentence when the greedy one is degenerate: the wider
one only when every candidate of the first is; after them, greedy decoding under
:meth:`Describer.sentence_guard` (on validation the beams' sentences read better where they exist)."""
SENTENCE_ENDS = frozenset({".", "\u0120.", "\u2581."})
"""Tokenizer pieces that end a sentence (with the end token)."""
WORD_STARTS = ("\u0120", "\u2581")
"""How byte-level BPE and SentencePiece pieces mark a space before them: a new word starts."""
CHARS_PER_SOURCE_TOKEN = 16
"""Only this many characters per source token are read: the rest would be cut after tokenizing."""


@dataclass(frozen=True)
class DescriberConfig:
    """The encoder entry's ``preprocessing``: how text becomes tokens and tokens a sentence."""

    tokenizer: str
    tokenizer_sha256: str
    num_layers: int
    source_prefix: str = "<{language}>"
    """Prepended to the code; ``{language}`` becomes the language id (or ``other`` if unknown to the
    model). Empty for models trained without one (a plain CodeT5 export)."""
    known_languages: tuple[str, ...] = ()
    source_transform: str = "none"
    """How the code is rewritten before tokenizing: ``none`` or ``split-identifiers``."""
    max_source_tokens: int = 128
    decoder_start_token_id: int = 0
    eos_token_id: int = 1
    pad_token_id: int = 0
    max_new_tokens: int = 32
    beams: int = 1
    no_repeat_ngram: int = 3
    repetition_penalty: float = 1.0
    confidence: ConfidenceModel | None = None
    """How a description's log-probabilities become ``description_confidence`` (fitted on validation);
    None for a model without one."""
    recommended_min_confidence: float = 0.0
    """The default ``minDescriptionConfidence``, chosen from the coverage/quality curve on validation."""
    borrow_similarity: float | None = None
    """From this similarity on, the nearest documented function of the user's open documents lends its
    summary (its name's words replaced by the snippet's) instead of the model's sentence; None: never."""
    exemplar_tokens: int = 0
    """For a model fine-tuned to read an exemplar: the tokens of the most similar documented function's
    name and summary (:func:`exemplar_text`) written after the code; 0: the model reads the code only."""
    exemplar_index: str | None = None
    """The index of documented training functions the exemplar is found in (besides the user's open
    documents), relative to the models folder; checked against ``exemplar_index_sha256``."""
    exemplar_index_sha256: str = ""
    exemplar_min_similarity: float = 0.0
    """An exemplar less similar than this is not given to the model (it reads the code alone)."""

    @classmethod
    def from_preprocessing(cls, raw: dict[str, Any]) -> DescriberConfig:
        fields = {name: raw[name] for name in cls.__dataclass_fields__ if name in raw}
        if "known_languages" in fields:
            fields["known_languages"] = tuple(fields["known_languages"])
        if "confidence" in fields:
            fields["confidence"] = ConfidenceModel.from_json(fields["confidence"])
        return cls(**fields)


@dataclass(frozen=True)
class Description:
    """A sentence and how sure the model is of it."""

    sentence: str
    """Empty when every candidate was degenerate."""
    confidence: float | None
    """Calibrated on validation pairs: the chance the sentence says what the author's own first sentence
    says (see :mod:`~lsp_server.engine.describer.confidence`); None when the model has no calibration."""
    exemplar: Exemplar | None = None
    """The documented function whose summary the sentence borrows, if one was similar enough."""
    log_probs: tuple[float, ...] = ()
    """The decoder's log-probability of each token of the sentence, then of the end."""
    guide: Exemplar | None = None
    """The documented function the model read beside the code, if it reads one."""


class Describer:
    """Describes a snippet in one sentence; thread-safe (sessions are, and no state is kept)."""

    def __init__(self, encoder: OnnxModel, decoder: OnnxModel, decoder_with_past: OnnxModel, models_dir: Path) -> None:
        self.encoder, self.decoder, self.decoder_with_past = encoder, decoder, decoder_with_past
        self.graphs = (encoder, decoder, decoder_with_past)
        self.config = DescriberConfig.from_preprocessing(encoder.spec.preprocessing)
        if self.config.source_transform not in SOURCE_TRANSFORMS:
            raise ManifestError(
                models_dir / "manifest.json",
                f"unknown describer source_transform {self.config.source_transform!r}",
                f"Use one of: {', '.join(SOURCE_TRANSFORMS)}",
            )
        self.transform = SOURCE_TRANSFORMS[self.config.source_transform]
        self.tokenizer = _load_tokenizer(models_dir / self.config.tokenizer, self.config.tokenizer_sha256)
        self.index = _load_index(models_dir, self.config) if self.config.exemplar_tokens else None

    def source_ids(self, code: str, language: str, guide: Exemplar | None = None) -> np.ndarray:
        """The encoder's input: language token, code, ``</s>``, and for a model that reads one, the
        ``guide`` exemplar's name and summary and ``</s>``."""
        c = self.config
        name = language if not c.known_languages or language in c.known_languages else "other"
        prefix = c.source_prefix.format(language=name) if c.source_prefix else ""
        code = self.transform(code[: c.max_source_tokens * CHARS_PER_SOURCE_TOKEN])
        ids = self.tokenizer.encode(prefix + code, add_special_tokens=False).ids[: c.max_source_tokens - 1]
        ids.append(c.eos_token_id)
        if guide is not None and c.exemplar_tokens:
            text = exemplar_text(guide.name, guide.summary)
            ids += [*self.tokenizer.encode(text, add_special_tokens=False).ids[: c.exemplar_tokens - 1], c.eos_token_id]
        return np.array([ids], dtype=np.int64)

    def guide_for(self, code: str, exemplar: Exemplar | None) -> Exemplar | None:
        """The exemplar a model that reads one is given: the more similar of the user's nearest
        documented function (``exemplar``) and the shipped index's."""
        if not self.config.exemplar_tokens:
            return None
        shipped = self.index.nearest(code) if self.index is not None else None
        found = [e for e in (exemplar, shipped) if e is not None]
        best = max(found, key=lambda e: e.similarity) if found else None
        return best if best is not None and best.similarity >= self.config.exemplar_min_similarity else None

    def describe(
        self,
        code: str,
        language: str,
        cancelled: Callable[[], bool] = never,
        beams: int | None = None,
        exemplar: Exemplar | None = None,
        name: str | None = None,
        guided: bool = True,
    ) -> Description:
        """One sentence for ``code`` (whose function is called ``name``): borrowed from ``exemplar``, a
        documented function, when it is similar enough, else written by the model, which a model that
        reads exemplars does beside the most similar one found (``guided=False``: the code alone)."""
        if self.borrows(exemplar):
            assert exemplar is not None
            return self._description(tidy(borrowed_sentence(exemplar, name)), code, language, (), exemplar)
        guide = self.guide_for(code, exemplar) if guided else None
        c = self.config
        options = DecodingOptions(
            max_new_tokens=c.max_new_tokens,
            beams=beams or c.beams,
            no_repeat_ngram=c.no_repeat_ngram,
            repetition_penalty=c.repetition_penalty,
        )
        source = self.source_ids(code, language, guide)
        for decoded in self._attempts(source, code, options, cancelled):
            sentence = self.sentence_of(decoded.tokens)
            if not is_degenerate(sentence, code):
                return self._description(sentence, code, language, decoded.log_probs, guide=guide)
        return Description("", None)

    def _attempts(
        self, source: np.ndarray, code: str, options: DecodingOptions, cancelled: Callable[[], bool]
    ) -> Iterator[Decoded]:
        """Greedy decoding; then, each only if everything before was degenerate, the candidates of
        each beam width of :data:`RERANK_BEAMS`, and greedy decoding under :meth:`sentence_guard`."""
        eos = self.config.eos_token_id
        hidden = self.encode(source)  # once: each attempt only needs a fresh decoding step over it

        def step() -> _Step:
            return _Step(self, hidden, np.ones_like(source))

        yield decode_scored(step(), eos, options, cancelled)
        for width in RERANK_BEAMS:
            yield from candidates(step(), eos, replace(options, beams=max(width, options.beams)), cancelled)
        yield decode_scored(step(), eos, replace(options, allows=self.sentence_guard(code)), cancelled)

    def sentence_of(self, tokens: list[int]) -> str:
        return tidy(self.tokenizer.decode(tokens, skip_special_tokens=True))

    def sentence_guard(self, code: str) -> Callable[[list[int], int], bool]:
        """Greedy decoding's guard against degenerate sentences: a content word is not written twice,
        and a sentence does not end while it stops on an article or only restates the name."""

        def allows(tokens: list[int], token: int) -> bool:
            piece = self.tokenizer.id_to_token(token) or ""
            if token == self.config.eos_token_id or piece in SENTENCE_ENDS:
                return not unfinished(self.sentence_of(tokens), code)
            if piece.startswith(WORD_STARTS):
                return not repeats_content(self.sentence_of(tokens), piece[1:])
            return True

        return allows

    def borrows(self, exemplar: Exemplar | None) -> bool:
        threshold = self.config.borrow_similarity
        return exemplar is not None and threshold is not None and exemplar.similarity >= threshold

    def _description(
        self,
        sentence: str,
        code: str,
        language: str,
        log_probs: Sequence[float],
        exemplar: Exemplar | None = None,
        guide: Exemplar | None = None,
    ) -> Description:
        model = self.config.confidence
        evidence = Evidence(
            tuple(log_probs),
            grounding(sentence, code),
            exemplar.similarity if exemplar else None,
            guide.similarity if guide else None,
            code_lines(code),
            language,
        )
        confidence = model.probability(evidence) if model else None
        return Description(sentence, confidence, exemplar, tuple(log_probs), guide)

    def step_for(self, source: np.ndarray) -> _Step:
        return _Step(self, self.encode(source), np.ones_like(source))

    def encode(self, source: np.ndarray) -> np.ndarray:
        return self.encoder.run({"input_ids": source, "attention_mask": np.ones_like(source)})[0]


class _Step:
    """The decoding step over one encoded source; the cache is the dict of past key/values."""

    def __init__(self, describer: Describer, hidden: np.ndarray, mask: np.ndarray) -> None:
        self.d, self.hidden, self.mask = describer, hidden, mask

    def first(self, rows: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        start = np.full((1, 1), self.d.config.decoder_start_token_id, dtype=np.int64)
        outputs = self.d.decoder.run(
            {"input_ids": start, "encoder_attention_mask": self.mask, "encoder_hidden_states": self.hidden}
        )
        named = dict(zip(self.d.decoder.spec.outputs, outputs, strict=False))
        cache = {
            "past_key_values" + name[len("present") :]: value
            for name, value in named.items()
            if name.startswith("present")
        }
        return named["logits"][:, -1], cache

    def next(self, tokens: np.ndarray, cache: dict[str, np.ndarray]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        rows = tokens.shape[0]
        if self.mask.shape[0] != rows:  # beams widen the single encoded row once, not every step
            self.mask = np.repeat(self.mask[:1], rows, axis=0)
            cache = {k: v if v.shape[0] == rows else np.repeat(v[:1], rows, axis=0) for k, v in cache.items()}
        outputs = self.d.decoder_with_past.run({"input_ids": tokens, "encoder_attention_mask": self.mask, **cache})
        named = dict(zip(self.d.decoder_with_past.spec.outputs, outputs, strict=False))
        for name, value in named.items():
            if name.startswith("present"):
                cache["past_key_values" + name[len("present") :]] = value
        return named["logits"][:, -1], cache

    def reorder(self, cache: dict[str, np.ndarray], rows: np.ndarray) -> dict[str, np.ndarray]:
        # the encoder's keys/values are the same for every beam; only the decoder's follow the beams
        return {k: v[rows] if ".decoder." in k else v for k, v in cache.items()}


def _load_tokenizer(path: Path, sha256: str) -> Tokenizer:
    if not path.is_file():
        raise ModelMissingError(
            path, "describer tokenizer is missing", "Reinstall snippet-lens or rebuild the describer"
        )
    if sha256_of(path) != sha256:
        raise ModelCorruptError(
            path,
            "describer tokenizer sha256 does not match the manifest",
            "Reinstall snippet-lens or rebuild the describer",
        )
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for a bad file
        raise ModelCorruptError(path, f"describer tokenizer unreadable ({exc})", "Reinstall snippet-lens") from None


def _load_index(models_dir: Path, config: DescriberConfig) -> ExemplarIndex:
    if config.exemplar_index is None:
        return ExemplarIndex.empty()
    path = models_dir / config.exemplar_index
    if not path.is_file():
        raise ModelMissingError(path, "describer exemplar index is missing", "Reinstall snippet-lens")
    if sha256_of(path) != config.exemplar_index_sha256:
        raise ModelCorruptError(
            path, "describer exemplar index sha256 does not match the manifest", "Reinstall snippet-lens"
        )
    try:
        return ExemplarIndex.load(path)
    except (OSError, ValueError, KeyError) as exc:
        problem = f"describer exemplar index unreadable ({exc})"
        raise ModelCorruptError(path, problem, "Reinstall snippet-lens") from None


def lowercase_opening(summary: str) -> str:
    """The form the model writes summaries in: `` load the file`` for ``Load the file``, so the opening
    verb is the token the code's identifiers hold; an acronym or CamelCase name (``JSON``) stays."""
    first, _, rest = summary.partition(" ")
    if first[:1].isupper() and (len(first) == 1 or first[1:].islower()):
        first = first.lower()
    return " " + " ".join(filter(None, (first, rest)))


def exemplar_text(name: str, summary: str) -> str:
    """How an exemplar is written beside the code for a model that reads one: its name as words, then
    its summary as the model writes summaries (``load config: load the config file.``)."""
    return f"{split_identifiers(name)}:{lowercase_opening(summary)}"


def tidy(text: str) -> str:
    """One clean sentence: single spaces, capital first letter, a final period."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
