"""govextract: Chinese government news → validated JSONL records (see README.md)."""
__version__ = "0.1.0"
