"""Inventory: Slipway's example Python service (a WSGI API over PostgreSQL)."""

from inventory.app import create_app
from inventory.repository import Item, MemoryRepository, Repository

__all__ = ["Item", "MemoryRepository", "Repository", "create_app"]
