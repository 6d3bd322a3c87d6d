"""Runs the service: `python -m inventory` (PostgreSQL when DATABASE_URL is set)."""

import os
from wsgiref.simple_server import make_server

from inventory.app import create_app
from inventory.repository import MemoryRepository, PostgresRepository, Repository


def main() -> None:
    """Serves on $PORT (default 8080)."""
    dsn = os.environ.get("DATABASE_URL")
    repository: Repository = PostgresRepository(dsn) if dsn else MemoryRepository()
    port = int(os.environ.get("PORT", "8080"))
    with make_server("", port, create_app(repository)) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
