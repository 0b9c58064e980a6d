"""The one place that imports onnxruntime: verified, configured inference sessions per model."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from lsp_server.engine.errors import ModelCorruptError, ModelError, ModelMissingError
from lsp_server.engine.manifest import ModelSpec
from lsp_server.engine.types import ModelStatus

log = logging.getLogger(__name__)

_OPTIMIZATION_LEVELS = {
    "disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
}

ProgressCallback = Callable[[str, float], None]


@dataclass(frozen=True)
class RuntimeOptions:
    """How ONNX Runtime sessions are created."""

    intra_op_threads: int = 1
    """Threads one model run may use. Small by default: the editor needs the other cores."""
    graph_optimization: str = "all"
    """``disable``, ``basic``, ``extended`` or ``all``."""
    providers: tuple[str, ...] = ("CPUExecutionProvider",)
    """Execution providers to try, in order; those not installed are skipped with a warning."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def available_providers(wanted: tuple[str, ...]) -> list[str]:
    """The wanted providers this onnxruntime build has, CPU always last as the fallback."""
    installed = set(ort.get_available_providers())
    chosen = [p for p in wanted if p in installed]
    for missing in sorted(set(wanted) - installed):
        log.warning("execution provider %s is not installed; skipping it", missing)
    if "CPUExecutionProvider" not in chosen:
        chosen.append("CPUExecutionProvider")
    return chosen


class OnnxModel:
    """A verified session plus its spec; ``run`` feeds inputs by the names the manifest declares."""

    def __init__(self, spec: ModelSpec, path: Path, options: RuntimeOptions) -> None:
        self.spec = spec
        self.path = path
        self._session = _create_session(path, options)
        self._output_names = list(spec.outputs)
        check_interface(spec, path, self._session)

    def run(self, feeds: Mapping[str, np.ndarray]) -> list[np.ndarray]:
        missing = [name for name in self.spec.inputs if name not in feeds]
        if missing:
            raise ValueError(f"model {self.spec.name} needs inputs {missing}")
        feed = {name: feeds[name] for name in self.spec.inputs}
        return self._session.run(self._output_names, feed)  # type: ignore[no-any-return]


def _create_session(path: Path, options: RuntimeOptions) -> ort.InferenceSession:
    session_options = ort.SessionOptions()
    session_options.intra_op_num_threads = max(1, options.intra_op_threads)
    session_options.inter_op_num_threads = 1
    level = _OPTIMIZATION_LEVELS.get(options.graph_optimization, ort.GraphOptimizationLevel.ORT_ENABLE_ALL)
    session_options.graph_optimization_level = level
    session_options.log_severity_level = 3
    try:
        return ort.InferenceSession(str(path), session_options, providers=available_providers(options.providers))
    except Exception as exc:  # onnxruntime raises several unrelated types for a bad file
        raise ModelCorruptError(
            path, f"ONNX Runtime cannot load it ({exc})", "Reinstall snippet-lens or rebuild the model"
        ) from None


def check_interface(spec: ModelSpec, path: Path, session: ort.InferenceSession) -> None:
    """The graph takes the inputs and gives the outputs the manifest names, and its first output has
    one value per label when the manifest lists labels."""
    inputs = {node.name for node in session.get_inputs()}
    outputs = {node.name: node.shape for node in session.get_outputs()}
    missing = [name for name in (*spec.inputs, *spec.outputs) if name not in inputs and name not in outputs]
    if missing:
        raise ModelCorruptError(
            path,
            f"model '{spec.name}' has no input or output named {missing}",
            "The manifest and the graph disagree: reinstall snippet-lens or rebuild the model",
        )
    width = outputs[spec.outputs[0]][-1] if spec.outputs and outputs[spec.outputs[0]] else None
    if spec.labels and isinstance(width, int) and width != len(spec.labels):
        raise ModelCorruptError(
            path,
            f"model '{spec.name}' gives {width} scores but the manifest lists {len(spec.labels)} labels",
            "Reinstall snippet-lens or rebuild the model",
        )


def verify_file(spec: ModelSpec, path: Path) -> None:
    """Refuse a file that is missing or whose bytes are not the ones the manifest recorded."""
    if not path.is_file():
        raise ModelMissingError(
            path,
            f"model '{spec.name}' file is missing",
            "Reinstall snippet-lens, or rebuild it with the pipeline in models/",
        )
    actual = sha256_of(path)
    if actual != spec.sha256:
        problem = f"model '{spec.name}' sha256 is {actual[:12]}…, manifest says {spec.sha256[:12]}…"
        raise ModelCorruptError(
            path, problem, "The file is damaged or was replaced: reinstall snippet-lens or rebuild the model"
        )


class ModelRegistry:
    """Loads every model in a manifest; a model that fails is remembered with its error, not fatal."""

    def __init__(self, models_dir: Path, specs: list[ModelSpec], options: RuntimeOptions) -> None:
        self.models_dir = models_dir
        self.specs = {spec.name: spec for spec in specs}
        self._options = options
        self._models: dict[str, OnnxModel] = {}
        self._errors: dict[str, ModelError] = {}
        self._lock = threading.Lock()

    def load_all(self, progress: ProgressCallback | None = None) -> None:
        names = list(self.specs)
        for index, name in enumerate(names):
            if progress:
                progress(f"loading {name}", index / max(1, len(names)))
            self._load(name)
        if progress:
            progress("models ready", 1.0)

    def _load(self, name: str) -> None:
        spec = self.specs[name]
        path = spec.path_in(self.models_dir)
        try:
            verify_file(spec, path)
            model = OnnxModel(spec, path, self._options)
        except ModelError as exc:
            log.error("%s", exc)
            with self._lock:
                self._errors[name] = exc
                self._models.pop(name, None)
            return
        with self._lock:
            self._models[name] = model
            self._errors.pop(name, None)
        log.info("loaded model %s %s from %s", name, spec.version, path)

    def reconfigure(self, options: RuntimeOptions) -> bool:
        """Recreate sessions with new options (thread counts, providers) without a restart; True when
        they were recreated."""
        if options == self._options:
            return False
        self._options = options
        self.load_all()
        return True

    def mark_broken(self, names: list[str], error: ModelError) -> None:
        """Record that the models ``names`` cannot be used (found when their reader was built)."""
        with self._lock:
            for name in names:
                self._errors[name] = error
                self._models.pop(name, None)

    def get(self, name: str) -> OnnxModel:
        """The loaded model, or the :class:`ModelError` that stopped it from loading."""
        with self._lock:
            if name in self._models:
                return self._models[name]
            error = self._errors.get(name)
        if error is not None:
            raise error
        raise ModelMissingError(
            self.models_dir / "manifest.json",
            f"no model named '{name}' in the manifest",
            "Reinstall snippet-lens or add the model to the manifest",
        )

    def statuses(self) -> list[ModelStatus]:
        return [self._status(spec) for spec in self.specs.values()]

    def _status(self, spec: ModelSpec) -> ModelStatus:
        path = spec.path_in(self.models_dir)
        error = self._errors.get(spec.name)
        return ModelStatus(
            name=spec.name,
            version=spec.version,
            file=str(path),
            size_bytes=path.stat().st_size if path.is_file() else 0,
            sha256_ok=path.is_file() and sha256_of(path) == spec.sha256,
            loaded=spec.name in self._models,
            error=str(error) if error else None,
            labels=spec.labels,
            metrics=spec.metrics,
        )
