"""Progress of a long run: a bar with docs/s on a terminal, periodic log lines otherwise.

Cron jobs and CI capture stderr to files, where a redrawn bar is noise; there a log line
every `every` seconds says how far the run is.
"""
from __future__ import annotations

import logging
import sys
import time

log = logging.getLogger("govextract.progress")


class Progress:
    def __init__(self, quiet: bool = False, every: float = 10.0, stream=None):
        self.stream = stream or sys.stderr
        self.every = every
        self.started = self.last = time.monotonic()
        self.bar = None
        self.log_lines = not quiet and not _isatty(self.stream)
        if not quiet and _isatty(self.stream):
            from tqdm import tqdm
            tqdm.monitor_interval = 0      # no monitor thread: the process pool forks
            self.bar = tqdm(unit="doc", desc="extracting", file=self.stream, smoothing=0.1)

    def __call__(self, summary) -> None:
        if self.bar is not None:
            self.bar.update(1)
            if summary.errors or summary.skipped_unchanged:
                self.bar.set_postfix(errors=summary.errors, skipped=summary.skipped_unchanged, refresh=False)
            return
        now = time.monotonic()
        if self.log_lines and now - self.last >= self.every:
            self.last = now
            done = summary.records + summary.errors
            log.info("progress", extra={"event": "progress", "inputs": summary.inputs, "records": summary.records,
                                        "errors": summary.errors, "skipped": summary.skipped_unchanged,
                                        "docs_per_s": round(done / (now - self.started), 1)})

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
