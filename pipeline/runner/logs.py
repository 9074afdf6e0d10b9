"""Structured logging to stderr: logfmt (`key=value`) or one JSON object per line.

Nightly jobs are read by log collectors, so every line carries a timestamp, a level, an
event name and its fields; `--log-format json` suits collectors that parse JSON.
"""
from __future__ import annotations

import logging
import sys
import time

import orjson

_RESERVED = set(vars(logging.makeLogRecord({})))


def _fields(record: logging.LogRecord) -> dict:
    return {k: v for k, v in vars(record).items() if k not in _RESERVED and not k.startswith("_")}


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        parts = [f"ts={time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(record.created))}Z",
                 f"level={record.levelname.lower()}", f"msg={_quote(record.getMessage())}"]
        parts += [f"{k}={_quote(v)}" for k, v in _fields(record).items()]
        return " ".join(parts)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        obj = {"ts": record.created, "level": record.levelname.lower(), "msg": record.getMessage(),
               **_fields(record)}
        return orjson.dumps(obj, default=str).decode()


def _quote(value) -> str:
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return orjson.dumps(text).decode() if not text or any(c in text for c in ' ="\n') else text


def setup_logging(level: str = "INFO", fmt: str = "logfmt") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else LogfmtFormatter())
    root = logging.getLogger("govextract")
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    root.propagate = False
