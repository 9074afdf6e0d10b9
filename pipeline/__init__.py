"""govextract: Chinese government news → validated JSONL records (see README.md)."""
__version__ = "0.1.0"


def _thinc_without_torch() -> None:
    """Keep torch out of the rule pipeline when the optional `[hanlp]` extra installed it.

    spaCy's thinc imports torch at import time whenever it is installed (4 s and ~400 MB here),
    though no rule component uses it. thinc is imported once with torch hidden, so it runs
    as on a machine without torch; HanLP, when `--ner hanlp:MODEL` asks for it, imports torch
    itself later (issue 12)."""
    import sys

    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        return

    class _HideTorch:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "torch" or name.startswith("torch."):
                raise ModuleNotFoundError(f"No module named {name!r} (hidden from thinc by govextract)")
            return None

    hide = _HideTorch()
    sys.meta_path.insert(0, hide)
    try:
        import thinc.compat  # noqa: F401
    except ImportError:
        pass
    finally:
        sys.meta_path.remove(hide)


_thinc_without_torch()
