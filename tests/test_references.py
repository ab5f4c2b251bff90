"""references.bib parses, has unique keys, and every citation in the book resolves."""

import re
from pathlib import Path

from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]


def test_bibliography_parses_and_every_cited_key_exists():
    db = parse_file(str(ROOT / "references.bib"))  # raises on syntax errors and duplicate keys
    keys = set(db.entries)
    text = "\n".join(p.read_text(encoding="utf-8") for p in
                     [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("chapters/*.md"), ROOT / "intro.md"])
    cited = set()
    for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", text):
        cited.update(k.strip() for k in group.split(","))
    missing = sorted(cited - keys)
    assert not missing, f"cited but not in references.bib: {missing}"
