"""Data access: SQLModel tables, the engine, and the queries the app needs."""
