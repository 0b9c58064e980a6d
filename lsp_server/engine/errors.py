"""Errors the engine raises on purpose. Handlers catch these and nothing else."""

from __future__ import annotations

from pathlib import Path


class EngineError(Exception):
    """Base class for every error the engine reports to its callers."""


class ModelError(EngineError):
    """A model could not be used. Carries the file and what the user can do about it."""

    def __init__(self, path: Path | str, problem: str, remedy: str) -> None:
        self.path = Path(path)
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{self.path}: {problem}. {remedy}")


class ModelMissingError(ModelError):
    """The manifest names a file that is not there."""


class ModelCorruptError(ModelError):
    """The file is there but its sha256 does not match the manifest, or ONNX Runtime rejects it."""


class ManifestError(ModelError):
    """The manifest itself is missing or malformed."""
