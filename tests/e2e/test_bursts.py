"""Under a burst, the request the user waits for wins: a newer hover on a document supersedes the
older ones still waiting for a worker, and identical snippets in flight share one model run."""

import asyncio
import uuid

from lsp_session import WAIT_S, open_document
from lsprotocol import types
from pytest_lsp import LanguageClient
from test_hover import hover_params, report_selection, state

CONTENT_MODIFIED = -32801

SLOW = "def slow_description():\n    return 1\n"
THREE = "def a():\n    return 1\n\n\ndef b():\n    return 2\n\n\ndef c():\n    return 3\n"


def send_hover(client, uri, line):
    request_id = str(uuid.uuid4())
    future = client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, hover_params(uri, line, 4), msg_id=request_id)
    return request_id, asyncio.wrap_future(future)


async def open_parsed(client, uri, text):
    """Open a document and let the server parse it (an automatic code-action request does), so that
    later hovers go straight to the model."""
    open_document(client, uri, text, "python")
    await report_selection(client, uri, types.Position(line=0, character=0), types.Position(line=0, character=0))


async def occupy_the_workers(client):
    """Two slow descriptions keep both worker threads busy until they are cancelled."""
    busy = []
    for name in ("slow1", "slow2"):
        uri = f"file:///src/{name}.py"
        open_document(client, uri, SLOW, "python")
        busy.append(send_hover(client, uri, 0))
    return busy


async def release(client, busy):
    for request_id, answer in busy:
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=request_id))
        await asyncio.wait([answer], timeout=WAIT_S)


async def test_a_newer_hover_supersedes_older_ones_still_waiting(fake_client: LanguageClient):
    uri = "file:///src/three.py"
    await open_parsed(fake_client, uri, THREE)
    busy = await occupy_the_workers(fake_client)
    waiting = [send_hover(fake_client, uri, line)[1] for line in (0, 4, 8)]
    await release(fake_client, busy)
    done = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), WAIT_S)
    assert [getattr(result, "code", None) for result in done[:2]] == [CONTENT_MODIFIED, CONTENT_MODIFIED]
    assert done[2].range.start.line == 8
    calls = [call["text"] for call in (await state(fake_client))["calls"] if "slow" not in call["text"]]
    assert calls == ["def c():\n    return 3"]


async def test_identical_snippets_in_flight_share_one_model_run(fake_client: LanguageClient):
    uris = [f"file:///src/copy{n}.py" for n in range(3)]
    for uri in uris:
        await open_parsed(fake_client, uri, THREE)
    busy = await occupy_the_workers(fake_client)
    waiting = [send_hover(fake_client, uri, 4)[1] for uri in uris]
    await release(fake_client, busy)
    done = await asyncio.wait_for(asyncio.gather(*waiting), WAIT_S)
    assert all(result.range.start.line == 4 for result in done)
    calls = [call["text"] for call in (await state(fake_client))["calls"] if "slow" not in call["text"]]
    assert calls == ["def b():\n    return 2"]


async def test_a_newer_hover_stops_an_older_one_already_decoding(fake_client: LanguageClient):
    uri = "file:///src/moved_on.py"
    await open_parsed(fake_client, uri, SLOW + "\n\n" + THREE)
    _, running = send_hover(fake_client, uri, 0)
    await asyncio.sleep(0.3)  # the slow description is decoding in a worker now
    newer = await asyncio.wait_for(fake_client.text_document_hover_async(hover_params(uri, 8, 4)), WAIT_S)
    older = await asyncio.wait_for(asyncio.gather(running, return_exceptions=True), WAIT_S)
    assert getattr(older[0], "code", None) == CONTENT_MODIFIED
    assert newer.range.start.line == 8


async def test_a_newer_completion_supersedes_older_ones_still_waiting(fake_client: LanguageClient):
    uri = "file:///src/typing.py"
    await open_parsed(fake_client, uri, "#\ndef a():\n    return 1\n\n\n#\ndef b():\n    return 2\n")
    busy = await occupy_the_workers(fake_client)
    waiting = []
    for line in (0, 0, 5):  # the first two share a run: the same function
        params = types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri),
                                        position=types.Position(line=line, character=1))
        waiting.append(asyncio.wrap_future(fake_client.protocol.send_request(types.TEXT_DOCUMENT_COMPLETION, params)))
    await release(fake_client, busy)
    done = await asyncio.wait_for(asyncio.gather(*waiting, return_exceptions=True), WAIT_S)
    assert done[2] is not None and done[2].items
    older = [call for call in (await state(fake_client))["calls"] if call["text"].startswith("def a")]
    # the older two never ran, unless a worker was free before the newest one came in
    assert [getattr(result, "code", None) for result in done[:2]] == [CONTENT_MODIFIED, CONTENT_MODIFIED] or older
