"""The WSGI application: /health, /status and /items."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from inventory.repository import Repository

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

STATUS_FILE = Path(__file__).resolve().parent.parent / "status.json"


def _json(start_response: StartResponse, status: str, body: object) -> list[bytes]:
    payload = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def read_status(path: Path = STATUS_FILE) -> dict[str, str]:
    """The status.json the CI bakes into the image (version, service, project)."""
    if not path.is_file():
        return {"version": "dev", "service": "inventory", "project": "local"}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: str(value) for key, value in data.items()}


def _new_item(environ: dict[str, Any]) -> tuple[str, int] | None:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        data = json.loads(environ["wsgi.input"].read(length) or b"{}")
        name, quantity = data["name"], int(data.get("quantity", 0))
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(name, str) or not name or quantity < 0:
        return None
    return name, quantity


def create_app(repository: Repository, status_file: Path = STATUS_FILE) -> WSGIApp:
    """Builds the application over a repository."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
        if path == "/health" and method == "GET":
            return _json(start_response, "200 OK", {"status": "ok"})
        if path == "/status" and method == "GET":
            return _json(start_response, "200 OK", read_status(status_file))
        if path == "/items" and method == "GET":
            items = [asdict(item) for item in repository.list_items()]
            return _json(start_response, "200 OK", {"items": items})
        if path == "/items" and method == "POST":
            new = _new_item(environ)
            if new is None:
                return _json(start_response, "400 Bad Request", {"error": "expected {name, quantity>=0}"})
            return _json(start_response, "201 Created", asdict(repository.add_item(*new)))
        return _json(start_response, "404 Not Found", {"error": f"no route {method} {path}"})

    return app
