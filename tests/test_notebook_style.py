"""Reader hygiene of every page in ``_toc.yml``.

* every code line a reader sees in the HTML book is at most ``MAX_LINE`` characters:
  code cells are shown unless tagged ``remove-input`` or ``remove-cell``
  (``hide-input`` only collapses the code, the reader can still open it);
* notebooks are committed without outputs and execution counts;
* no reader-facing text (markdown, figure captions, visible code, ``.md`` pages)
  mentions "source notes" or "seed notes", which readers do not have.

Each test fails with the complete list of offending (file, cell id, line) places.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_LINE = 88
HIDDEN_CODE_TAGS = {"remove-input", "remove-cell"}
FORBIDDEN = re.compile(r"\b(?:source|seed)[\s-]+notes?\b", flags=re.I)


@lru_cache(maxsize=None)
def pages() -> tuple[Path, ...]:
    """Every file of the book's table of contents (the root, chapters, appendices)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    out = []
    for f in files:
        hits = [ROOT / (f + ext) for ext in (".ipynb", ".md") if (ROOT / (f + ext)).exists()]
        assert hits, f"_toc.yml lists {f}, which has no .ipynb or .md file"
        out.append(hits[0])
    return tuple(out)


def notebooks() -> list[Path]:
    return [p for p in pages() if p.suffix == ".ipynb"]


@lru_cache(maxsize=None)
def read(path: Path):
    return nbformat.read(path, as_version=4)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def visible_code(cell) -> bool:
    return cell.cell_type == "code" and not (tags(cell) & HIDDEN_CODE_TAGS)


def long_lines(nb, name: str = "nb") -> list[str]:
    """``file cell-id line N (length)`` of every visible code line longer than MAX_LINE."""
    out = []
    for i, cell in enumerate(nb.cells):
        if not visible_code(cell):
            continue
        for n, line in enumerate(cell.source.splitlines(), 1):
            if len(line) > MAX_LINE:
                out.append(f"{name} cell {cell.get('id', i)} line {n} ({len(line)} chars)")
    return out


def committed_outputs(nb, name: str = "nb") -> list[str]:
    """``file cell-id ...`` of every code cell that carries outputs or an execution count."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            out.append(f"{name} cell {cell.get('id', i)}: {len(cell.outputs)} output(s)")
        if cell.get("execution_count") is not None:
            out.append(f"{name} cell {cell.get('id', i)}: execution_count "
                       f"{cell.execution_count}")
    return out


def reader_text(nb) -> list[tuple[str, str]]:
    """(cell id, text) of what a reader reads: markdown, captions, visible code."""
    out = []
    for i, cell in enumerate(nb.cells):
        cid = cell.get("id", str(i))
        if "remove-cell" in tags(cell):
            continue
        if cell.cell_type == "markdown" or visible_code(cell):
            out.append((cid, cell.source))
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        if fig.get("caption"):
            out.append((cid, fig["caption"]))
    return out


def forbidden_mentions(items: list[tuple[str, str]], name: str = "nb") -> list[str]:
    out = []
    for cid, text in items:
        for n, line in enumerate(text.splitlines(), 1):
            if FORBIDDEN.search(line):
                out.append(f"{name} cell {cid} line {n}: {line.strip()[:80]}")
    return out


# ---------------------------------------------------------------- the checks themselves
def test_the_checks_find_what_they_should():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 1\n" + "y = " + "1 + " * 30 + "1"),
        nbformat.v4.new_code_cell("z = " + "1 + " * 30 + "1", metadata={"tags": ["remove-input"]}),
        nbformat.v4.new_code_cell("w = " + "1 + " * 30 + "1", metadata={"tags": ["hide-input"]}),
        nbformat.v4.new_code_cell("a = " + "1" * 84),                   # exactly 88: fine
        nbformat.v4.new_markdown_cell("As the Source Notes say, ..."),
        nbformat.v4.new_markdown_cell("the seed-notes and the source material"),
        nbformat.v4.new_markdown_cell("notes on the source; seeds"),       # fine
        nbformat.v4.new_code_cell("# from the source notes", metadata={"tags": ["remove-cell"]}),
    ])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[2].execution_count = 3
    ids = [c.id for c in nb.cells]
    assert long_lines(nb) == [f"nb cell {ids[0]} line 2 (125 chars)",
                              f"nb cell {ids[2]} line 1 (125 chars)"]
    assert committed_outputs(nb) == [f"nb cell {ids[0]}: 1 output(s)",
                                     f"nb cell {ids[2]}: execution_count 3"]
    found = forbidden_mentions(reader_text(nb))
    assert [f.split(":")[0] for f in found] == [f"nb cell {ids[4]} line 1", f"nb cell {ids[5]} line 1"]


def test_toc_pages_exist():
    assert len(notebooks()) >= 10


# ---------------------------------------------------------------- the book
@pytest.mark.parametrize("path", notebooks(), ids=rel)
def test_visible_code_lines_fit(path):
    bad = long_lines(read(path), rel(path))
    assert not bad, f"visible code lines longer than {MAX_LINE} characters:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", notebooks(), ids=rel)
def test_no_committed_outputs(path):
    bad = committed_outputs(read(path), rel(path))
    assert not bad, "clear outputs before committing:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", pages(), ids=rel)
def test_no_mention_of_notes_readers_do_not_have(path):
    if path.suffix == ".ipynb":
        items = reader_text(read(path))
    else:
        items = [("-", path.read_text(encoding="utf-8"))]
    bad = forbidden_mentions(items, rel(path))
    assert not bad, "reader-facing text mentions notes readers do not have:\n" + "\n".join(bad)
