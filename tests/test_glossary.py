"""The glossary (chapters/A2_glossary.md) agrees with the chapters.

* every entry says where the term is first used, ``First used in {ref}`label```, and that
  label is the first chapter, in the order of ``_toc.yml``, whose prose uses the term
  (any of its names; British or American spelling; singular or plural);
* every glossary term is linked (``{term}``) from at least one chapter, except the ones
  listed in ``NOT_YET_LINKED`` (a list that may only shrink: the test fails when a term
  there gets a link, so the list stays exact);
* every ``{term}`` link in a chapter points at a glossary entry.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "chapters" / "A2_glossary.md"

#: Glossary terms no chapter links with {term} yet (the chapters belong to their authors).
NOT_YET_LINKED: set[str] = set()
#: Glossary terms no chapter uses yet: their entry says only where the topic is treated.
NOT_YET_USED: set[str] = set()


@lru_cache(maxsize=None)
def chapter_files() -> tuple[str, ...]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return tuple(c["file"] for part in toc["parts"] for c in part["chapters"]
                 if c["file"].startswith("chapters/") and not c["file"].endswith("A2_glossary"))


@lru_cache(maxsize=None)
def prose(f: str) -> str:
    """What a reader reads in a chapter: its markdown cells and figure captions."""
    nb = ROOT / (f + ".ipynb")
    if nb.exists():
        parts = []
        for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "markdown":
                parts.append("".join(c["source"]))
            caption = c.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption")
            if caption:
                parts.append(caption)
        return "\n".join(parts)
    return (ROOT / (f + ".md")).read_text(encoding="utf-8")


def label(f: str) -> str:
    m = re.search(r"^\(((?:ch|app)-[\w-]+)\)=", prose(f), flags=re.M)
    assert m, f"{f} has no (label)= line"
    return m.group(1)


@lru_cache(maxsize=None)
def words(f: str) -> str:
    """The chapter's running text: role contents kept, code and maths removed."""
    t = prose(f)
    t = re.sub(r"```.*?```", " ", t, flags=re.S)
    t = re.sub(r"\$\$.*?\$\$", " ", t, flags=re.S)
    t = re.sub(r"\$[^$\n]*\$", " ", t)
    t = re.sub(r"\{(?:term|ref|doc|numref)\}`([^`]*)`", r" \1 ", t)   # {term}`ReLU <relu>` -> ReLU <relu>
    t = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", t)                           # citations, glue
    return re.sub(r"`[^`\n]*`", " ", t)


def variants(term: str) -> set[str]:
    out = {term}
    for a, b in (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("centred", "centered")):
        out |= {v.replace(a, b) for v in out}
    return out


def uses(term: str, text: str) -> bool:
    alts = "|".join(re.escape(v) for v in sorted(variants(term), key=len, reverse=True))
    return re.search(r"(?<![\w-])(?:" + alts + r")(?:s|es)?(?![\w-])", text, flags=re.I) is not None


def entries() -> list[tuple[list[str], str]]:
    """(names, definition) of every glossary entry."""
    body = GLOSSARY.read_text(encoding="utf-8").split("```{glossary}", 1)[1].split("\n```", 1)[0]
    out, names = [], []
    for line in body.splitlines()[1:]:
        if not line.strip() or line.startswith(":"):
            names = []
        elif line.startswith("  "):
            out.append((names, line.strip()))
            names = []
        else:
            names.append(line.strip())
    return out


def first_use(names: list[str]) -> str | None:
    for f in chapter_files():
        if any(uses(n, words(f)) for n in names):
            return label(f)
    return None


def links() -> dict[str, set[str]]:
    """{chapter label: lower-cased targets of its {term} links}."""
    out = {}
    for f in chapter_files():
        targets = set()
        for role in re.findall(r"\{term\}`([^`]+)`", prose(f)):
            m = re.search(r"<([^>]+)>\s*$", role)
            targets.add((m.group(1) if m else role).strip().lower())
        out[label(f)] = targets
    return out


ENTRIES = entries()


def test_glossary_parses():
    assert len(ENTRIES) > 60
    names = [n.lower() for ns, _ in ENTRIES for n in ns]
    assert len(names) == len(set(names)), "a term is defined twice"
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    for a, b in zip(lines, lines[1:]):   # Sphinx: a term must follow an empty line or another term
        assert not (a.startswith("  ") and b.strip() and not b.startswith((" ", "```"))), b


@pytest.mark.parametrize("names, text", ENTRIES, ids=[ns[0] for ns, _ in ENTRIES])
def test_first_used_in_points_at_the_chapter_of_first_use(names, text):
    assert "中文" in text, f"{names[0]}: no Chinese term"
    found = re.findall(r"First used in \{ref\}`([\w-]+)`", text)
    if names[0] in NOT_YET_USED:
        assert first_use(names) is None, f"{names[0]} is used now: remove it from NOT_YET_USED"
        assert not found and re.search(r"Treated in \{ref\}`[\w-]+`", text), names[0]
        return
    assert len(found) == 1, f"{names[0]}: needs exactly one 'First used in {{ref}}`...`'"
    assert found[0] == first_use(names), (
        f"{names[0]}: first used in {first_use(names)}, the glossary says {found[0]}")


def test_every_term_is_linked_from_a_chapter():
    linked = set().union(*links().values())
    unlinked = {ns[0] for ns, _ in ENTRIES if not any(n.lower() in linked for n in ns)}
    assert unlinked - NOT_YET_LINKED == set(), f"terms no chapter links: {sorted(unlinked - NOT_YET_LINKED)}"
    assert NOT_YET_LINKED - unlinked == set(), (
        f"now linked, remove from NOT_YET_LINKED: {sorted(NOT_YET_LINKED - unlinked)}")


def test_every_term_link_has_an_entry():
    defined = {n.lower() for ns, _ in ENTRIES for n in ns}
    for chapter, targets in links().items():
        assert targets <= defined, f"{chapter} links undefined terms: {sorted(targets - defined)}"
