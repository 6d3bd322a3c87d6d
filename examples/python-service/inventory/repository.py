"""Storage for items: an in-memory repository and a PostgreSQL one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Item:
    """One stocked item."""

    id: int
    name: str
    quantity: int


class Repository(Protocol):
    """What the web layer needs from storage."""

    def list_items(self) -> list[Item]: ...

    def add_item(self, name: str, quantity: int) -> Item: ...


class MemoryRepository:
    """Keeps items in a list; for tests and local runs without a database."""

    def __init__(self) -> None:
        self._items: list[Item] = []

    def list_items(self) -> list[Item]:
        return list(self._items)

    def add_item(self, name: str, quantity: int) -> Item:
        item = Item(id=len(self._items) + 1, name=name, quantity=quantity)
        self._items.append(item)
        return item


def connection_arguments(dsn: str) -> dict[str, object]:
    """Splits a postgresql:// DSN into pg8000's connect() arguments."""
    parts = urlsplit(dsn)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"not a PostgreSQL DSN: {dsn!r}")
    return {
        "user": unquote(parts.username or "postgres"),
        "password": unquote(parts.password) if parts.password else None,
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "database": parts.path.lstrip("/") or None,
    }


class PostgresRepository:
    """Items in a PostgreSQL table `items`, created on first use."""

    def __init__(self, dsn: str) -> None:
        import pg8000.native  # pylint: disable=import-outside-toplevel

        self._connection = pg8000.native.Connection(**connection_arguments(dsn))
        self._connection.run(
            "CREATE TABLE IF NOT EXISTS items ("
            "id SERIAL PRIMARY KEY, name TEXT NOT NULL, quantity INTEGER NOT NULL)"
        )

    def list_items(self) -> list[Item]:
        rows = self._connection.run("SELECT id, name, quantity FROM items ORDER BY id")
        return [Item(id=row[0], name=row[1], quantity=row[2]) for row in rows]

    def add_item(self, name: str, quantity: int) -> Item:
        rows = self._connection.run(
            "INSERT INTO items (name, quantity) VALUES (:name, :quantity) RETURNING id",
            name=name,
            quantity=quantity,
        )
        return Item(id=rows[0][0], name=name, quantity=quantity)

    def close(self) -> None:
        """Closes the connection."""
        self._connection.close()
