"""The five extractors; importing this package registers their spaCy factories."""
from pipeline.extractors import dates, officials, places, quantities, reconcile, slogans  # noqa: F401
