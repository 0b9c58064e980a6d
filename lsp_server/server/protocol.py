"""JSON-RPC and LSP answers by the book, where pygls' defaults stay silent.

- A request whose params do not validate (a hover position of the wrong type, ``character: -1``)
  gets InvalidParams (-32602) with its id, instead of no answer.
- Before ``initialize``, requests get ServerNotInitialized (-32002) and notifications are dropped
  (``exit`` still ends the server); after ``shutdown``, requests get InvalidRequest (-32600).
- Text with lone surrogates (``"\\ud800"`` in JSON) has each replaced by U+FFFD on the way in: one
  UTF-16 code unit for another, so positions stay right and the engine never meets unencodable text.
"""

from __future__ import annotations

import logging
from typing import Any

import attrs
from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCNotification, RPCRequest

from lsp_server.engine.engine import LONE_SURROGATE

log = logging.getLogger(__name__)

TEXT_METHODS = frozenset({types.TEXT_DOCUMENT_DID_OPEN, types.TEXT_DOCUMENT_DID_CHANGE})


@attrs.define
class InvalidRequest:
    """A request that could not be read into its LSP type: answered with an error, never handled."""

    id: int | str
    method: str
    error: JsonRpcException
    jsonrpc: str = "2.0"


class SnippetLensProtocol(LanguageServerProtocol):
    """pygls' LSP protocol, with the error answers and input repairs listed in the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initialize_received = False

    def structure_message(self, data: dict[str, Any]) -> Any:
        if data.get("method") in TEXT_METHODS:
            data = without_lone_surrogates(data)
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and isinstance(data.get("method"), str):
                return InvalidRequest(data["id"], data["method"], error)
            raise

    def handle_message(self, message: Any) -> None:
        if isinstance(message, InvalidRequest):
            log.warning("request %s %s has invalid params", message.id, message.method)
            self._send_response(message.id, None, JsonRpcInvalidParams(str(message.error)).to_response_error())
            return
        method = getattr(message, "method", None)
        refusal = self.refusal(message, method)
        if refusal is not None:
            self._send_response(message.id, None, refusal.to_response_error())
            return
        if not self.initialize_received and is_notification(message) and method != types.EXIT:
            return  # notifications before initialize are dropped
        if method == types.INITIALIZE:
            self.initialize_received = True
        super().handle_message(message)

    def refusal(self, message: Any, method: str | None) -> JsonRpcException | None:
        """The error a request gets when the session is not in a state to answer it."""
        if not isinstance(message, RPCRequest):
            return None
        if not self.initialize_received and method != types.INITIALIZE:
            return JsonRpcServerNotInitialized("the server has not been initialized")
        if self._shutdown and method != types.EXIT:
            return JsonRpcInvalidRequest("the server is shutting down")
        return None


def is_notification(message: Any) -> bool:
    """A notification has a method and no id (a request matches pygls' notification protocol too)."""
    return isinstance(message, RPCNotification) and not isinstance(message, RPCRequest)


def without_lone_surrogates(value: Any) -> Any:
    """``value`` (decoded JSON) with every lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value) if LONE_SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {key: without_lone_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    return value
