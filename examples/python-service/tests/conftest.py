"""Shared helpers: call the WSGI app without a server."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from inventory import MemoryRepository, create_app


class Client:
    """A tiny WSGI test client."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, path: str, body: object | None = None) -> tuple[int, Any]:
        payload = b"" if body is None else json.dumps(body).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "CONTENT_LENGTH": str(len(payload)),
            "wsgi.input": io.BytesIO(payload),
        }
        captured: dict[str, str] = {}

        def start_response(status: str, headers: list[tuple[str, str]]) -> None:
            captured["status"] = status

        chunks = b"".join(self.app(environ, start_response))
        return int(captured["status"].split()[0]), json.loads(chunks)


@pytest.fixture
def client(tmp_path: Any) -> Client:
    return Client(create_app(MemoryRepository(), status_file=tmp_path / "status.json"))
