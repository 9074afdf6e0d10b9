"""Per-document stages: read → normalise → metadata → extractors (spaCy) → record."""
