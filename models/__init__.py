"""Statistical models shipped with govextract (built by scripts/, licences inside each folder)."""
