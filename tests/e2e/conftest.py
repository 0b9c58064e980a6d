"""pytest-lsp sessions over stdio, each run with the recorded capabilities of several editors.

``client``: the real server (``python -m lsp_server``) with the shipped models; ``describing_client``
the same, describing even what the model is unsure of.
``fake_client``: the same server code around a small rule-based engine (``fake_server.py``), for
protocol behaviour that must not depend on what a model predicts.
Both are initialized and have loaded their engine (and first settings) when the test starts.
"""

from __future__ import annotations

import pytest_lsp
from lsp_session import EDITORS, FAKE_SERVER, READY, REAL_SERVER, SERVER_ENV, initialize_params, wait_for_log
from pytest_lsp import ClientServerConfig, LanguageClient


@pytest_lsp.fixture(config=ClientServerConfig(server_command=REAL_SERVER, server_env=SERVER_ENV), params=EDITORS)
async def client(request, lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params(request.param))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=REAL_SERVER, server_env=SERVER_ENV), params=EDITORS)
async def describing_client(request, lsp_client: LanguageClient):
    """The real server asked to describe every snippet, however unsure (``minDescriptionConfidence`` 0)."""
    await lsp_client.initialize_session(initialize_params(request.param, snippetLens={"minDescriptionConfidence": 0}))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=FAKE_SERVER, server_env=SERVER_ENV), params=EDITORS)
async def fake_client(request, lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params(request.param))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()
