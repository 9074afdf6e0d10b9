"""Execution engines other than the local process pool (Spark)."""
