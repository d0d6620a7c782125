"""Databases: one interface over SQLite and PostgreSQL."""
