"""The real server with an audit hook that records every attempt to reach a network.

The log file (``SNIPPET_LENS_NETWORK_LOG``) gets one line per socket created for an internet family,
connection, bind, name lookup or URL opened. asyncio's own self-pipe (an ``AF_UNIX`` socket pair) is
not a network and is not recorded.
"""

from __future__ import annotations

import os
import socket
import sys

NETWORK_EVENTS = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
                  "socket.sendto", "urllib.Request", "http.client.connect"}


def audit(event: str, args: tuple[object, ...]) -> None:
    internet = event == "socket.__new__" and len(args) > 1 and args[1] in (socket.AF_INET, socket.AF_INET6)
    if internet or event in NETWORK_EVENTS:
        with open(os.environ["SNIPPET_LENS_NETWORK_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{event} {args!r}\n")


if __name__ == "__main__":
    sys.addaudithook(audit)
    from lsp_server.cli import main

    sys.exit(main(sys.argv[1:]))
