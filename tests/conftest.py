import shutil
from pathlib import Path

import pytest

from lsp_server.engine import Engine
from lsp_server.engine.manifest import default_models_dir


@pytest.fixture(scope="session")
def models_dir() -> Path:
    return default_models_dir()


@pytest.fixture(scope="session")
def engine(models_dir) -> Engine:
    loaded = Engine.load(models_dir)
    assert loaded.problems() == []
    return loaded


@pytest.fixture
def models_copy(models_dir, tmp_path) -> Path:
    """A private copy of the shipped models that a test may damage."""
    target = tmp_path / "models"
    shutil.copytree(models_dir, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "eval", "*.md"))
    return target
