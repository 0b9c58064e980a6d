"""Lifecycle: loading progress, requests waiting for the engine, problems shown once, exit codes."""

import asyncio

import pytest_lsp
from lsp_session import (
    FAKE_SERVER,
    READY,
    SERVER_ENV,
    WAIT_S,
    initialize_params,
    open_document,
    wait_for_log,
)
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

PROGRESS_TOKEN = "snippet-lens/loading-models"


def config(**env):
    return ClientServerConfig(server_command=FAKE_SERVER, server_env={**SERVER_ENV, **env})


@pytest_lsp.fixture(config=config(FAKE_ENGINE_GATED="1"))
async def gated_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params("visual_studio_code"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config(FAKE_ENGINE_PROBLEMS="langid.onnx: file is missing. Reinstall"))
async def troubled_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params("neovim"))
    await wait_for_log(lsp_client, READY)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config())
async def exiting_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(initialize_params("emacs"))
    await wait_for_log(lsp_client, READY)
    yield  # each test ends the session itself


def hover_params(uri):
    return types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=0)
    )


async def command(client, name):
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(command=name))


async def test_loading_reports_progress_from_begin_to_end(fake_client: LanguageClient):
    reports = fake_client.progress_reports[PROGRESS_TOKEN]
    assert [report.kind for report in reports] == ["begin", "report", "report", "end"]
    assert [report.percentage for report in reports[1:3]] == [0, 100]


async def test_requests_before_the_engine_is_ready_wait_for_it(gated_client: LanguageClient):
    open_document(gated_client, "file:///src/a.txt", "def f(): pass", "plaintext")
    hover = asyncio.ensure_future(gated_client.text_document_hover_async(hover_params("file:///src/a.txt")))
    assert (await command(gated_client, "fakeEngine.state"))["calls"] == []
    await command(gated_client, "fakeEngine.release")
    answer = await asyncio.wait_for(hover, WAIT_S)
    assert answer.contents.value.startswith("**Language:** `python` (90%)")


async def test_model_problems_are_shown_once_as_warnings(troubled_client: LanguageClient):
    open_document(troubled_client, "file:///src/a.txt", "def f(): pass", "plaintext")
    await troubled_client.text_document_hover_async(hover_params("file:///src/a.txt"))
    assert troubled_client.messages == [
        types.ShowMessageParams(
            type=types.MessageType.Warning, message="Snippet Lens: langid.onnx: file is missing. Reinstall"
        )
    ]


async def test_exit_after_shutdown_ends_the_process_with_code_0(exiting_client: LanguageClient):
    await exiting_client.shutdown_async(None)
    exiting_client.exit(None)
    assert await asyncio.wait_for(exiting_client._server.wait(), WAIT_S) == 0


async def test_exit_without_shutdown_ends_the_process_with_code_1(exiting_client: LanguageClient):
    exiting_client.exit(None)
    assert await asyncio.wait_for(exiting_client._server.wait(), WAIT_S) == 1
