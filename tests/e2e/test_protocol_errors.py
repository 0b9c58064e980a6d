"""Protocol errors answered by the book: the error code a client can act on, never silence."""

import pytest
from raw_session import RawSession, frame

HOVER = {"textDocument": {"uri": "file:///src/a.py"}, "position": {"line": 0, "character": 1}}
OPEN = {
    "textDocument": {
        "uri": "file:///src/a.py",
        "languageId": "python",
        "version": 1,
        "text": "def f(x):\n    return x + 1\n",
    }
}


@pytest.fixture
def session():
    session = RawSession()
    yield session
    session.close()


@pytest.fixture
def ready(session):
    session.initialize()
    session.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": OPEN})
    return session


def test_a_request_before_initialize_is_server_not_initialized(session):
    answer = session.request(7, "textDocument/hover", HOVER)
    assert answer["error"]["code"] == -32002


def test_hover_params_of_the_wrong_type_are_invalid_params_with_the_id(ready):
    answer = ready.request("h1", "textDocument/hover", {"textDocument": "a.py", "position": [0, 1]})
    assert (answer["id"], answer["error"]["code"]) == ("h1", -32602)


def test_a_negative_character_is_invalid_params(ready):
    position = {"line": 0, "character": -1}
    answer = ready.request(8, "textDocument/hover", {**HOVER, "position": position})
    assert answer["error"]["code"] == -32602


def test_a_short_content_length_costs_that_message_only(ready):
    ready.send(frame({"jsonrpc": "2.0", "id": 9, "method": "textDocument/hover", "params": HOVER}, length_delta=-10))
    answer = ready.request(10, "textDocument/hover", HOVER)
    assert "result" in answer


def test_a_body_that_is_not_json_is_a_parse_error(ready):
    ready.send(b"Content-Length: 9\r\n\r\n{not json")
    assert ready.receive(None)["error"]["code"] == -32700
    assert "result" in ready.request(11, "textDocument/hover", HOVER)


def test_after_shutdown_requests_are_invalid_and_exit_ends_with_0(ready):
    assert ready.request(12, "shutdown")["result"] is None
    assert ready.request(13, "textDocument/hover", HOVER)["error"]["code"] == -32600
    ready.send({"jsonrpc": "2.0", "method": "exit"})
    assert ready.wait() == 0


def test_lone_surrogates_in_a_document_do_not_break_hover():
    session = RawSession(real=True)
    try:
        session.initialize()
        text = 'def label(x):\n    name = "\ud800 broken"\n\n    return name + x\n'
        session.send(
            {
                "jsonrpc": "2.0",
                "method": "textDocument/didOpen",
                "params": {"textDocument": {**OPEN["textDocument"], "text": text}},
            }
        )
        answer = session.request(14, "textDocument/hover", {**HOVER, "position": {"line": 1, "character": 6}})
        assert "python" in answer["result"]["contents"]["value"]
        assert answer["result"]["range"]["end"] == {"line": 3, "character": 19}
    finally:
        session.close()
