"""govextract: Chinese government news → validated JSONL records (see README.md)."""
__version__ = "0.1.0"


def _hide_torch_from_thinc() -> None:
    """Keep torch out of the rule pipeline when the optional `[hanlp]` extra installed it.

    spaCy's thinc imports torch at import time whenever it is installed (4 s and ~400 MB here),
    though no rule component uses it. This finder refuses `import torch` to code of thinc only,
    so thinc runs as on a machine without torch; HanLP, when `--ner hanlp:MODEL` asks for it,
    imports torch itself (issue 12). Nothing is imported here (the Spark daemon must limit
    math-library threads before numpy loads)."""
    import sys

    class _HideTorchFromThinc:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name != "torch" and not name.startswith("torch."):
                return None
            frame = sys._getframe(1)
            while frame is not None:
                if frame.f_globals.get("__name__", "").startswith("thinc."):
                    raise ModuleNotFoundError(f"No module named {name!r} (hidden from thinc by govextract)")
                frame = frame.f_back
            return None

    if not any(type(f).__name__ == "_HideTorchFromThinc" for f in sys.meta_path):
        sys.meta_path.insert(0, _HideTorchFromThinc())


_hide_torch_from_thinc()
