"""The HTTP API over the in-memory repository."""

import json

from inventory.app import create_app, read_status
from inventory.repository import MemoryRepository, connection_arguments
from tests.conftest import Client


def test_health(client: Client) -> None:
    assert client.request("GET", "/health") == (200, {"status": "ok"})


def test_items_start_empty_and_grow(client: Client) -> None:
    assert client.request("GET", "/items") == (200, {"items": []})
    status, item = client.request("POST", "/items", {"name": "bolt", "quantity": 3})
    assert status == 201
    assert item == {"id": 1, "name": "bolt", "quantity": 3}
    assert client.request("GET", "/items")[1]["items"] == [item]


def test_bad_item_is_rejected(client: Client) -> None:
    assert client.request("POST", "/items", {"quantity": 3})[0] == 400
    assert client.request("POST", "/items", {"name": "nut", "quantity": -1})[0] == 400


def test_unknown_route(client: Client) -> None:
    assert client.request("DELETE", "/items")[0] == 404


def test_status_reads_the_baked_file(tmp_path) -> None:
    status_file = tmp_path / "status.json"
    status_file.write_text(json.dumps({"version": "1.2.3", "service": "inventory", "project": "p/i"}))
    app = Client(create_app(MemoryRepository(), status_file=status_file))
    assert app.request("GET", "/status") == (200, {"version": "1.2.3", "service": "inventory", "project": "p/i"})
    assert read_status(tmp_path / "missing.json")["version"] == "dev"


def test_dsn_parsing() -> None:
    args = connection_arguments("postgresql://u:p%40ss@db.example:6543/stock")
    assert args == {"user": "u", "password": "p@ss", "host": "db.example", "port": 6543, "database": "stock"}
