"""Run machinery for many documents: batch accounting, worker pool, manifest, progress, logs, database sync."""
