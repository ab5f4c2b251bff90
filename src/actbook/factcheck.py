r"""Claim records and the summary table of the appendix *Fact check*.

Each popular claim about activations is stated, tested by code and given a verdict:

* ``TRUE`` — the measurement supports the claim as stated;
* ``FALSE`` — the measurement contradicts it;
* ``DEPENDS`` — true under a condition and false otherwise; the condition is required.

A :class:`Claim` holds one verdict and the chapter (a label such as ``ch-relu-family``)
that explains it; :func:`summary_table` renders a list of claims as a MyST markdown table
whose chapter column is a ``{ref}`` link, and :func:`verdict_counts` tallies the verdicts.
:func:`spread` formats repeated measurements as ``mean ± std (min–max)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Mapping, Sequence

import numpy as np

from ._validate import as_float_array, check_int

__all__ = ["VERDICTS", "CHAPTERS", "BASES", "Claim", "summary_table", "verdict_counts", "spread",
           "numbered_table"]

#: The three verdicts, in the order they are tallied.
VERDICTS = ("TRUE", "FALSE", "DEPENDS")

#: Chapter labels of the book and their short titles.
CHAPTERS = {
    "ch-nonlinearity": "Why nonlinearity",
    "ch-sigmoid-tanh": "Sigmoid and tanh",
    "ch-relu-family": "The ReLU family",
    "ch-smooth": "Smooth activations",
    "ch-vanishing": "Vanishing gradients",
    "ch-regions": "Linear regions",
    "ch-softmax": "Softmax vs sigmoid",
    "ch-init": "Initialisation",
    "ch-dropout": "Dropout",
    "ch-batchnorm": "Batch normalisation",
}


def _text(value: Any, name: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    v = " ".join(value.split())
    if not v and not allow_empty:
        raise ValueError(f"{name} must be a non-empty string")
    return v


@dataclass(frozen=True)
class Claim:
    """One checked claim.

    Parameters
    ----------
    claim : the claim in the book's own words.
    source : where it comes from (e.g. "seed notes", "tutorial folklore").
    verdict : one of :data:`VERDICTS` (case-insensitive).
    chapter : a key of :data:`CHAPTERS`, the chapter that explains the verdict.
    condition : when the verdict is ``DEPENDS``, the condition that decides it (required
        then); for ``TRUE``/``FALSE`` an optional qualification.
    evidence : one line with the measured numbers behind the verdict.
    """

    claim: str
    source: str
    verdict: str
    chapter: str
    condition: str = ""
    evidence: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "claim", _text(self.claim, "claim"))
        object.__setattr__(self, "source", _text(self.source, "source"))
        if not isinstance(self.verdict, str):
            raise TypeError(f"verdict must be a string, got {type(self.verdict).__name__}")
        v = self.verdict.strip().upper()
        if v not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, got {self.verdict!r}")
        object.__setattr__(self, "verdict", v)
        if not isinstance(self.chapter, str):
            raise TypeError(f"chapter must be a string, got {type(self.chapter).__name__}")
        if self.chapter not in CHAPTERS:
            raise ValueError(f"chapter must be one of {sorted(CHAPTERS)}, got {self.chapter!r}")
        object.__setattr__(self, "condition", _text(self.condition, "condition", allow_empty=True))
        object.__setattr__(self, "evidence", _text(self.evidence, "evidence", allow_empty=True))
        if v == "DEPENDS" and not self.condition:
            raise ValueError("condition must be given when verdict is 'DEPENDS'")


def _cell(text: str) -> str:
    """Escape a string for a markdown table cell (pipes would split the cell)."""
    return text.replace("|", r"\|")


def _claims(claims: Sequence[Claim]) -> list[Claim]:
    if isinstance(claims, Claim) or not hasattr(claims, "__iter__"):
        raise TypeError("claims must be a sequence of Claim records")
    out = list(claims)
    for i, c in enumerate(out):
        if not isinstance(c, Claim):
            raise TypeError(f"claims[{i}] must be a Claim, got {type(c).__name__}")
    if not out:
        raise ValueError("claims must contain at least one Claim")
    return out


def summary_table(claims: Sequence[Claim], links: bool = True, evidence: bool = False) -> str:
    """A MyST markdown table with one row per claim: #, claim, verdict (with condition), chapter.

    With ``links=True`` the chapter column is ``{ref}`label```` (resolved by Sphinx to the
    chapter title); otherwise it is the short title from :data:`CHAPTERS`.  With
    ``evidence=True`` a column with the measured evidence is added.
    """
    rows = _claims(claims)
    if not isinstance(links, bool) or not isinstance(evidence, bool):
        raise TypeError("links and evidence must be True or False")
    head = ["#", "Claim", "Verdict", "Chapter"] + (["Evidence"] if evidence else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for i, c in enumerate(rows, 1):
        verdict = f"**{c.verdict}**" + (f": {c.condition}" if c.condition else "")
        chapter = f"{{ref}}`{c.chapter}`" if links else CHAPTERS[c.chapter]
        cells = [str(i), c.claim, verdict, chapter] + ([c.evidence] if evidence else [])
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return "\n".join(lines)


def verdict_counts(claims: Sequence[Claim]) -> dict[str, int]:
    """How many claims got each verdict, in the order of :data:`VERDICTS`."""
    rows = _claims(claims)
    return {v: sum(c.verdict == v for c in rows) for v in VERDICTS}


def spread(values: Any, digits: int = 2) -> str:
    r"""Format repeated measurements as ``mean ± std (min–max)`` with ``digits`` decimals.

    The standard deviation is the sample one (ddof = 1), :math:`s = \sqrt{\sum (v_i - \bar v)^2/(n-1)}`;
    a single value is shown without spread.
    """
    v = as_float_array(values, "values", finite=True).ravel()
    if v.size == 0:
        raise ValueError("values must contain at least one number")
    d = check_int(digits, "digits", low=0, high=10)
    if v.size == 1:
        return f"{v[0]:.{d}f}"
    return f"{v.mean():.{d}f} ± {v.std(ddof=1):.{d}f} ({v.min():.{d}f}–{v.max():.{d}f})"


#: What a verdict rests on: a computation in the appendix, or a primary source it cites.
BASES = ("code", "citation")


def numbered_table(claims: Mapping[int, Claim], cited: Collection[int] = (), evidence: bool = True,
                   links: bool = True) -> str:
    """A MyST markdown table of claims keyed by their number in the appendix.

    ``claims`` maps the claim number (1, 2, ..., N without gaps, so that re-running a cell
    overwrites its own entry instead of appending a duplicate) to its :class:`Claim`.
    Columns: #, claim, verdict (with condition), basis (one of :data:`BASES`: ``citation``
    for the numbers in ``cited``, whose verdict rests on a cited source rather than on the
    code), chapter and, with ``evidence=True``, the measured evidence.
    """
    if not isinstance(claims, Mapping):
        raise TypeError(f"claims must be a mapping number -> Claim, got {type(claims).__name__}")
    if not claims:
        raise ValueError("claims must contain at least one Claim")
    keys = list(claims)
    for k in keys:
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
            raise TypeError(f"claim numbers must be integers, got {k!r}")
    if sorted(int(k) for k in keys) != list(range(1, len(keys) + 1)):
        raise ValueError(f"claim numbers must be 1..{len(keys)} without gaps, got {sorted(keys)}")
    if isinstance(cited, (str, bytes)) or not hasattr(cited, "__iter__"):
        raise TypeError("cited must be a collection of claim numbers")
    cited = set(cited)
    if not cited <= set(keys):
        raise ValueError(f"cited numbers not among the claims: {sorted(cited - set(keys))}")
    if not isinstance(links, bool) or not isinstance(evidence, bool):
        raise TypeError("links and evidence must be True or False")
    for k in keys:
        if not isinstance(claims[k], Claim):
            raise TypeError(f"claims[{k}] must be a Claim, got {type(claims[k]).__name__}")
    head = ["#", "Claim", "Verdict", "Basis", "Chapter"] + (["Evidence"] if evidence else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for k in sorted(keys):
        c = claims[k]
        verdict = f"**{c.verdict}**" + (f": {c.condition}" if c.condition else "")
        chapter = f"{{ref}}`{c.chapter}`" if links else CHAPTERS[c.chapter]
        cells = [str(k), c.claim, verdict, BASES[k in cited], chapter] + ([c.evidence] if evidence else [])
        lines.append("| " + " | ".join(_cell(x) for x in cells) + " |")
    return "\n".join(lines)
