"""Markdown files of the repository link only to files of the repository.

A user's clone has no ../shared beside it, so no tracked Markdown file may link (Markdown link or
image syntax) to a path that does not exist in the repository, nor mention the shared design and
annotation pages (../shared/DESIGN.md, ../shared/docs/annotation.md): the project's own versions are
docs/design.md and docs/annotation.md. Links inside code blocks and inline code are not links.
An anchor (`file.md#section`, `#section`) must name a heading of that Markdown file (GitHub's
heading ids). External links (http:, https:, mailto:) are not checked.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "build", "dist", ".pytest_cache", ".hypothesis"}

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?^ {0,3}\1[`~]*[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)
# [text](target "title") and ![alt](target); the target may be wrapped in <…>.
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
# [label]: target   (reference definitions)
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)", re.M)
_SHARED_PAGES = re.compile(r"\.\./shared/(?:DESIGN|ANNOTATION)\.md")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")   # http:, https:, mailto:, …
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)


def tracked_markdown() -> list[Path]:
    """Markdown files tracked by git (all Markdown files outside tool folders when git is absent)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", "*.md"], cwd=ROOT, capture_output=True,
                             check=True).stdout
        files = [ROOT / p for p in out.decode("utf-8").split("\0") if p]
        if files:
            return sorted(p for p in files if p.is_file())
    except (OSError, subprocess.CalledProcessError):
        pass
    return sorted(p for p in ROOT.rglob("*.md") if not _SKIP_DIRS & set(p.relative_to(ROOT).parts))


def _tracked_paths() -> set[Path] | None:
    """Every tracked file and every folder holding one; None when git cannot tell."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    paths: set[Path] = set()
    for rel in out.decode("utf-8").split("\0"):
        if rel:
            p = ROOT / rel
            paths.add(p)
            paths.update(p.parents)
    return paths or None


def strip_code(text: str) -> str:
    """The text without fenced code blocks and inline code spans (they hold no links)."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def link_targets(text: str) -> list[str]:
    """Targets of Markdown links, images and reference definitions outside code."""
    prose = strip_code(text)
    targets = [m.group(1) for m in _INLINE_LINK.finditer(prose)]
    targets += [m.group(1) for m in _REF_DEF.finditer(prose)]
    return [t[1:-1] if t.startswith("<") and t.endswith(">") else t for t in targets]


def local_path(md: Path, target: str) -> Path | None:
    """The file a link points to (`md` itself for an in-page anchor), or None for external links."""
    if _EXTERNAL.match(target):
        return None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return md.resolve()
    base = ROOT if path.startswith("/") else md.parent
    return (base / path.lstrip("/")).resolve()


def heading_ids(text: str) -> set[str]:
    """GitHub's ids of a Markdown file's headings: lower case, punctuation dropped, spaces → `-`,
    `-1`, `-2` … appended to repeats."""
    ids: set[str] = set()
    seen: dict[str, int] = {}
    for m in _HEADING.finditer(_FENCE.sub("", text)):
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))     # a link keeps its text
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        ids.add(slug if n == 0 else f"{slug}-{n}")
    return ids


def broken_links(md: Path, tracked: set[Path] | None) -> list[str]:
    problems = []
    for target in link_targets(md.read_text(encoding="utf-8")):
        path = local_path(md, target)
        if path is None:
            continue
        if ROOT not in path.parents and path != ROOT:
            problems.append(f"{target} (outside the repository)")
        elif not path.exists():
            problems.append(f"{target} (no such file)")
        elif tracked is not None and path not in tracked:
            problems.append(f"{target} (not tracked by git)")
        elif "#" in target and path.suffix == ".md" and path.is_file():
            anchor = unquote(target.split("#", 1)[1])
            if anchor and anchor not in heading_ids(path.read_text(encoding="utf-8")):
                problems.append(f"{target} (no heading #{anchor} in {path.relative_to(ROOT).as_posix()})")
    return problems


MARKDOWN = tracked_markdown()


def test_there_are_markdown_files():
    names = {p.relative_to(ROOT).as_posix() for p in MARKDOWN}
    assert {"README.md", "docs/annotation.md", "docs/design.md", "docs/records.md"} <= names


@pytest.mark.parametrize("md", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_point_to_files_in_the_repository(md: Path):
    bad = broken_links(md, _tracked_paths())
    assert not bad, f"{md.relative_to(ROOT)} links to: " + "; ".join(bad)


@pytest.mark.parametrize("md", MARKDOWN, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_shared_design_or_annotation_page(md: Path):
    lines = [f"{n}: {line.strip()}" for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1)
             if _SHARED_PAGES.search(line)]
    assert not lines, (f"{md.relative_to(ROOT)} mentions ../shared/DESIGN.md or ../shared/docs/annotation.md, "
                       f"which a user does not have (use docs/design.md, docs/annotation.md): " + " | ".join(lines))


def test_readme_links_the_project_docs():
    targets = link_targets((ROOT / "README.md").read_text(encoding="utf-8"))
    assert any(t.startswith("docs/design.md") for t in targets)
    assert any(t.startswith("docs/annotation.md") for t in targets)


def test_link_parser(tmp_path):
    text = ("See [design](docs/design.md#one-document), ![shot](docs/review.png 'title'),\n"
            "[web](https://example.org/x.md), [here](#top), [angle](<docs/a b.md>).\n"
            "`[not](in/code.md)` and\n```\n[nor](in/fence.md)\n```\n"
            "[ref]: tests/gold/NOTES.md\n")
    assert link_targets(text) == ["docs/design.md#one-document", "docs/review.png",
                                  "https://example.org/x.md", "#top", "docs/a b.md", "tests/gold/NOTES.md"]
    md = ROOT / "docs" / "x.md"
    assert local_path(md, "../README.md") == ROOT / "README.md"
    assert local_path(md, "https://example.org") is None and local_path(md, "#a") == md
    assert {"7-scoring", "database-tables-govextract-load-database-schema-v1", "a-b", "a-b-1"} <= heading_ids(
        "## 7. Scoring\n### Database tables (`govextract load`, database schema v1)\n# A b\n# A b\n"
        "```\n# not-a-heading\n```\n")
    assert "not-a-heading" not in heading_ids("```\n# not-a-heading\n```\n")
    bad = tmp_path / "bad.md"
    bad.write_text("[gone](../shared/DESIGN.md) [missing](nothing-here.md)\n", encoding="utf-8")
    found = broken_links(bad, None)
    assert len(found) == 2 and "outside the repository" in found[0]
