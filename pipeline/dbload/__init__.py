"""Loading records into databases: DuckDB (embedded default) and PostgreSQL."""
