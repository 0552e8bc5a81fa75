"""A chat platform's incoming webhook on loopback (http.server in a thread), for the tests of
notices posted to Slack or Teams: it keeps each JSON post, and answers 500 to the first `fail`
posts, as a platform having a bad minute does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Incoming:
    """What the server received: `posts` ({"path", "type", "json"}), and `fail` to come."""

    def __init__(self, url: str):
        self.url = url
        self.posts: list[dict] = []
        self.fail = 0


@contextmanager
def incoming_webhook() -> Iterator[Incoming]:
    state = Incoming("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if state.fail:
                state.fail -= 1
                self.send_response(500)
                self.end_headers()
                self.wfile.write(b"try later")
                return
            state.posts.append(
                {"path": self.path, "type": self.headers["Content-Type"], "json": body}
            )
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"1")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
