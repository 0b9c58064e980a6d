"""The model manifest: which ONNX files ship, how to feed them, and what they were measured at."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsp_server.engine.errors import ManifestError

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ModelSpec:
    """One entry of ``manifest.json``."""

    name: str
    version: str
    file: str
    sha256: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    labels: tuple[str, ...] = ()
    preprocessing: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)

    def path_in(self, models_dir: Path) -> Path:
        return models_dir / self.file


def default_models_dir() -> Path:
    """The shipped models: package data when installed, the repository's ``models/`` otherwise."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "models"
    if (installed / MANIFEST_NAME).is_file():
        return installed
    return package_dir.parent / "models"


def load_manifest(models_dir: Path) -> list[ModelSpec]:
    """Parse ``models_dir/manifest.json``; raise :class:`ManifestError` naming what is wrong."""
    path = models_dir / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            path,
            "model manifest not found",
            "Reinstall snippet-lens or point --models-dir at a folder with a manifest.json",
        ) from None
    except (OSError, ValueError) as exc:
        raise ManifestError(
            path, f"model manifest unreadable ({exc})", "Reinstall snippet-lens or fix the JSON"
        ) from None
    try:
        return [_spec_from_json(entry) for entry in raw["models"]]
    except (KeyError, TypeError) as exc:
        raise ManifestError(
            path,
            f"model manifest entry lacks {exc}",
            "Each model needs name, version, file, sha256, inputs and outputs",
        ) from None


def _spec_from_json(entry: dict[str, Any]) -> ModelSpec:
    return ModelSpec(
        name=entry["name"],
        version=str(entry["version"]),
        file=entry["file"],
        sha256=entry["sha256"],
        inputs=tuple(entry["inputs"]),
        outputs=tuple(entry["outputs"]),
        labels=tuple(entry.get("labels", ())),
        preprocessing=dict(entry.get("preprocessing", {})),
        metrics=dict(entry.get("metrics", {})),
    )
