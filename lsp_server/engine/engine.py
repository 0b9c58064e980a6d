"""The engine: one object that owns the models and turns a snippet into an :class:`Enrichment`."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lsp_server.engine import syntax
from lsp_server.engine.describer.decoding import never
from lsp_server.engine.describer.describer import DECODER, DECODER_WITH_PAST, ENCODER, Describer, Description
from lsp_server.engine.describer.exemplars import Exemplar, ExemplarIndex
from lsp_server.engine.errors import EngineError, ModelCorruptError, ModelError
from lsp_server.engine.langid import signals
from lsp_server.engine.langid.identifier import LanguageIdentifier, guess_language
from lsp_server.engine.manifest import default_models_dir, load_manifest
from lsp_server.engine.runtime import ModelRegistry, OnnxModel, ProgressCallback, RuntimeOptions
from lsp_server.engine.tagger.tagger import ConceptTagger
from lsp_server.engine.types import UNKNOWN, Enrichment, LanguageGuess, ModelStatus, Tag

log = logging.getLogger(__name__)

LANGID = "langid"
TAGGER = "tagger"
DESCRIBER = "describer"
MAX_TEXT_CHARS = 1_000_000
DESCRIPTION_CACHE_SIZE = 512
NOT_DESCRIBED = {UNKNOWN, "json", "yaml", "toml", "ini", "xml", "markdown", "csv", "html", "css"}
"""Data and markup: a sentence about what they "do" would be noise."""
BINARY_CONTROL_RATIO = 0.1
DOCUMENTATION, EXEMPLAR, MODEL = "documentation", "exemplar", "model"
"""Where a description comes from: the code's own documentation, a similar documented function's, or
the model."""
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class EngineSettings:
    """What callers may change while the engine runs."""

    unknown_threshold: float = 0.5
    """Below this calibrated probability the language is reported as ``unknown``."""
    tags: bool = True
    """Run the concept tagger (when the manifest lists one)."""
    max_tags: int | None = None
    """The most tags per snippet; None keeps the tagger's own limit."""
    describe: bool = True
    """Write a one-sentence description (when the manifest lists a describer)."""
    description_beams: int | None = None
    """Beam width for descriptions; None keeps the model's own (greedy for the shipped one)."""
    min_description_confidence: float | None = None
    """A model description less likely to be right than this is withheld (``description`` None, its
    ``description_confidence`` kept); None uses the model's recommended value, 0 always describes."""
    runtime: RuntimeOptions = field(default_factory=RuntimeOptions)


class Engine:
    """Loads the manifest's models once; ``analyze`` is thread-safe and never raises for bad text."""

    def __init__(
        self,
        registry: ModelRegistry | None,
        settings: EngineSettings = EngineSettings(),
        load_problem: EngineError | None = None,
    ) -> None:
        self.registry = registry
        self.settings = settings
        self.load_problem = load_problem
        self._readers: dict[str, tuple[tuple[OnnxModel, ...], object]] = {}
        self._descriptions: OrderedDict[tuple[str, str, int | None, Exemplar | None], Description] = OrderedDict()
        self._descriptions_lock = threading.Lock()

    @classmethod
    def load(
        cls,
        models_dir: Path | None = None,
        settings: EngineSettings = EngineSettings(),
        progress: ProgressCallback | None = None,
    ) -> Engine:
        """Verify and load every model in the manifest; failures are kept, not raised."""
        directory = models_dir or default_models_dir()
        try:
            specs = load_manifest(directory)
        except ModelError as exc:
            log.error("%s", exc)
            return cls(None, settings, load_problem=exc)
        registry = ModelRegistry(directory, specs, settings.runtime)
        registry.load_all(progress)
        engine = cls(registry, settings)
        engine.validate()
        return engine

    def configure(self, settings: EngineSettings) -> None:
        """Apply new settings; sessions are recreated only when runtime options change."""
        if self.registry is not None and self.registry.reconfigure(settings.runtime):
            self.validate()
        self.settings = settings

    def problems(self) -> list[str]:
        """Why some model is unusable, one line each; empty when all is well."""
        if self.load_problem is not None:
            return [str(self.load_problem)]
        return list(dict.fromkeys(status.error for status in self.models() if status.error))

    def models(self) -> list[ModelStatus]:
        return self.registry.statuses() if self.registry else []

    def analyze(
        self,
        text: str,
        *,
        path: str | None = None,
        language_hint: str | None = None,
        document_language: str | None = None,
        documentation: str | None = None,
        describe: bool | None = None,
        cancelled: Callable[[], bool] = never,
        workspace_exemplars: ExemplarIndex | None = None,
    ) -> Enrichment:
        """Enrich one snippet. ``path`` means the snippet is that whole file. ``language_hint`` (a fence
        label, a whole document's language) decides the language outright; ``document_language``, the
        language of the programming-language document the snippet was selected from, is the answer
        unless the model finds strong evidence of an embedded language (SQL, shell, HTML, JSON...).
        ``documentation`` is the snippet's function's docstring or doc comment when it lies outside the
        text (a comment above a selected function); the description is its first sentence, or that of
        documentation inside the text, before the model is asked. ``describe`` overrides the setting
        for this call; ``cancelled`` is asked between decoding steps and, once true, stops the
        description with
        :class:`~lsp_server.engine.describer.decoding.DecodingCancelled`. ``workspace_exemplars``, the
        documented functions of the user's open documents, are searched for a similar function before
        the index shipped with the model."""
        warnings: list[str] = []
        text = LONE_SURROGATE.sub("\ufffd", text)  # editors and files produce them; no encoder takes them
        if len(text) > MAX_TEXT_CHARS:
            text = text[:MAX_TEXT_CHARS]
            warnings.append(f"snippet truncated to its first {MAX_TEXT_CHARS} characters")
        if looks_binary(text):
            return Enrichment(LanguageGuess(UNKNOWN, 0.0, source="binary"), ("snippet looks like binary data",))
        identifier = self._identifier(warnings)
        guess = guess_language(
            text,
            identifier,
            path=path,
            language_hint=language_hint,
            document_language=document_language,
            threshold=self.settings.unknown_threshold,
        )
        body = code_body(text)
        tags, candidates = self._tags(body, guess.language, warnings) if self.settings.tags else ((), ())
        wanted = self.settings.describe if describe is None else describe
        documented = documented_sentence(body, guess.language, documentation) if wanted else None
        if documented:
            return Enrichment(guess, tuple(warnings), tags, documented, DOCUMENTATION, candidates)
        found = self._description(body, guess.language, warnings, cancelled, workspace_exemplars) if wanted else None
        if found is None or not found.sentence:
            return Enrichment(guess, tuple(warnings), tags, candidates=candidates)
        sentence = found.sentence if self._sure_enough(found) else None
        source = EXEMPLAR if found.exemplar is not None else MODEL
        return Enrichment(guess, tuple(warnings), tags, sentence, source, candidates, found.confidence, found.exemplar)

    def _sure_enough(self, found: Description) -> bool:
        if found.confidence is None:
            return True
        threshold = self.settings.min_description_confidence
        if threshold is None:
            describer = self._describer([])
            threshold = describer.config.recommended_min_confidence if describer is not None else 0.0
        return found.confidence >= threshold

    def _description(
        self,
        body: str,
        language: str,
        warnings: list[str],
        cancelled: Callable[[], bool],
        workspace: ExemplarIndex | None,
    ) -> Description | None:
        body = body.strip("\n")
        if language in NOT_DESCRIBED or not body.strip():
            return None
        describer = self._describer(warnings)
        if describer is None:
            return None
        exemplar = nearest_exemplar(describer, body, workspace)
        beams = self.settings.description_beams
        digest = hashlib.sha256(body.encode("utf-8", "replace")).hexdigest()
        key = (digest, language, beams, exemplar)
        with self._descriptions_lock:
            if key in self._descriptions:
                self._descriptions.move_to_end(key)
                return self._descriptions[key]
        try:
            description = describer.describe(body, language, cancelled, beams, exemplar, function_name(body, language))
        except ModelError as exc:
            warnings.append(str(exc))
            return None
        with self._descriptions_lock:
            self._descriptions[key] = description
            while len(self._descriptions) > DESCRIPTION_CACHE_SIZE:
                self._descriptions.popitem(last=False)
        return description

    def _tags(self, body: str, language: str, warnings: list[str]) -> tuple[tuple[Tag, ...], tuple[Tag, ...]]:
        """The tags, and when none passes its threshold, the best candidates below it."""
        tagger = self._tagger(warnings) if body.strip() else None
        if tagger is None:
            return (), ()
        try:
            tags, candidates = tagger.tagging(body, language)
        except ModelError as exc:
            warnings.append(str(exc))
            return (), ()
        limit = self.settings.max_tags
        return (tags if limit is None else tags[: max(0, limit)]), candidates

    def _identifier(self, warnings: list[str]) -> LanguageIdentifier | None:
        if self.registry is None:
            warnings.append(str(self.load_problem))
            return None
        return self._reader(LANGID, warnings)  # type: ignore[return-value]

    def _tagger(self, warnings: list[str]) -> ConceptTagger | None:
        return self._reader(TAGGER, warnings)  # type: ignore[return-value]

    def _describer(self, warnings: list[str]) -> Describer | None:
        return self._reader(DESCRIBER, warnings)  # type: ignore[return-value]

    def validate(self) -> None:
        """Build every model's reader now, so a manifest entry it cannot use is reported at start-up
        (``problems``, ``snippet-lens models``) instead of on the first request."""
        for kind in READERS:
            self._reader(kind, [])

    def _reader(self, kind: str, warnings: list[str]) -> object | None:
        """The object that runs a model (language identifier, tagger, describer), built once from its
        graphs. The one path for all three: a graph that failed to load, or a manifest entry the reader
        cannot use (a missing field, a wrong label count, a tokenizer that does not load), becomes the
        model's :class:`ModelError`, remembered by the registry; None without a warning when an optional
        model is not in the manifest."""
        names, build = READERS[kind]
        if self.registry is None or names[0] not in self.registry.specs:
            return None
        try:
            graphs = tuple(self.registry.get(name) for name in names)
            cached = self._readers.get(kind)
            if cached is None or cached[0] != graphs:
                cached = self._readers[kind] = (graphs, self._build(build, graphs))
        except ModelError as exc:
            warnings.append(str(exc))
            return None
        return cached[1]

    def _build(self, build: Callable[[tuple[OnnxModel, ...], Path], object], graphs: tuple[OnnxModel, ...]) -> object:
        assert self.registry is not None
        try:
            return build(graphs, self.registry.models_dir)
        except ModelError as exc:
            self.registry.mark_broken([graph.spec.name for graph in graphs], exc)
            raise
        except Exception as exc:  # a reader's constructor meets whatever a hand-edited manifest holds
            error = unusable_entry(graphs[0], exc)
            log.error("%s", error)
            self.registry.mark_broken([graph.spec.name for graph in graphs], error)
            raise error from None


def unusable_entry(graph: OnnxModel, exc: Exception) -> ModelCorruptError:
    """The error for a manifest entry a reader cannot use, naming the file and the field."""
    what = f"field {exc.args[0]!r} is missing" if isinstance(exc, KeyError) and exc.args else str(exc)
    return ModelCorruptError(
        graph.path,
        f"manifest entry '{graph.spec.name}' cannot be used: {what}",
        "Reinstall snippet-lens, or restore the entry in models/manifest.json",
    )


READERS: dict[str, tuple[tuple[str, ...], Callable[[tuple[OnnxModel, ...], Path], object]]] = {
    LANGID: ((LANGID,), lambda graphs, _: LanguageIdentifier(graphs[0])),
    TAGGER: ((TAGGER,), lambda graphs, _: ConceptTagger(graphs[0])),
    DESCRIBER: (
        (ENCODER, DECODER, DECODER_WITH_PAST),
        lambda graphs, models_dir: Describer(graphs[0], graphs[1], graphs[2], models_dir),
    ),
}
"""Per model kind: the manifest graphs it runs and how its reader is built from them."""


def documented_sentence(body: str, language: str, documentation: str | None) -> str | None:
    """The first sentence of the code's own documentation: ``documentation`` when given, else the
    docstring or doc comment of the function the snippet consists of."""
    if documentation is None and syntax.has_grammar(language):
        tree = syntax.parse_snippet(body, language)
        found = syntax.own_documentation(tree) if tree is not None else None
        documentation = found.text if found is not None else None
    return syntax.first_sentence(documentation) if documentation else None


def nearest_exemplar(describer: Describer, body: str, workspace: ExemplarIndex | None) -> Exemplar | None:
    """The user's own documented function most like ``body``: lent when similar enough to borrow from,
    else a guide for a model that reads exemplars, else nothing."""
    found = workspace.nearest(body) if workspace is not None else None
    return found if describer.borrows(found) or describer.config.exemplar_tokens else None


def function_name(body: str, language: str) -> str | None:
    """The name of the first function the snippet defines, from its syntax tree."""
    tree = syntax.parse_snippet(body, language) if syntax.has_grammar(language) else None
    units = syntax.functions(tree) if tree is not None else []
    return syntax.function_name(tree, units[0]) if tree is not None and units else None


def code_body(text: str) -> str:
    """The code inside a Markdown fence, or ``text`` itself: what the tagger and describer read."""
    fence = signals.split_fence(text)
    return fence.body if fence is not None else text


def looks_binary(text: str) -> bool:
    """NUL bytes, or a high share of control characters, mean this is not source code."""
    if "\x00" in text:
        return True
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v\x1b")
    return bool(sample) and controls / len(sample) > BINARY_CONTROL_RATIO
