"""The PostgreSQL repository; runs only when DATABASE_URL names a database (CI's service)."""

import os

import pytest

from inventory.app import create_app
from inventory.repository import PostgresRepository
from tests.conftest import Client

DSN = os.environ.get("DATABASE_URL")
pytestmark = pytest.mark.skipif(not DSN, reason="DATABASE_URL is not set (no PostgreSQL)")


def test_items_round_trip_through_postgres(tmp_path) -> None:
    assert DSN is not None
    repository = PostgresRepository(DSN)
    try:
        before = len(repository.list_items())
        client = Client(create_app(repository, status_file=tmp_path / "status.json"))
        status, item = client.request("POST", "/items", {"name": "washer", "quantity": 7})
        assert status == 201
        assert client.request("GET", "/items")[1]["items"][-1] == item
        assert len(repository.list_items()) == before + 1
    finally:
        repository.close()
