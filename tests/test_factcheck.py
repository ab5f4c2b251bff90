"""Tests of actbook.factcheck: claim records, the summary table, verdict counts, spread."""

import numpy as np
import pytest

from actbook.factcheck import CHAPTERS, VERDICTS, Claim, spread, summary_table, verdict_counts


def make(verdict="TRUE", chapter="ch-relu-family", condition="", **kw):
    return Claim("ReLU is piecewise linear.", "folklore", verdict, chapter, condition=condition, **kw)


def test_claim_normalises_verdict_and_whitespace():
    c = Claim("  two   spaces\n", "seed notes", " false ", "ch-init")
    assert c.verdict == "FALSE"
    assert c.claim == "two spaces"


def test_depends_requires_condition():
    with pytest.raises(ValueError, match="condition must be given"):
        make("DEPENDS")
    assert make("depends", condition="with He init").condition == "with He init"


@pytest.mark.parametrize("kw, exc, msg", [
    ({"verdict": "MAYBE"}, ValueError, "verdict must be one of"),
    ({"verdict": 1}, TypeError, "verdict must be a string"),
    ({"chapter": "ch-nope"}, ValueError, "chapter must be one of"),
    ({"chapter": 3}, TypeError, "chapter must be a string"),
])
def test_claim_rejects_bad_fields(kw, exc, msg):
    with pytest.raises(exc, match=msg):
        make(**kw)


def test_claim_rejects_empty_or_nonstring_text():
    with pytest.raises(ValueError, match="claim must be a non-empty string"):
        Claim("   ", "folklore", "TRUE", "ch-init")
    with pytest.raises(TypeError, match="source must be a string"):
        Claim("x", None, "TRUE", "ch-init")


def test_claim_is_frozen():
    c = make()
    with pytest.raises(AttributeError):
        c.verdict = "FALSE"


def test_summary_table_rows_links_and_escaping():
    claims = [make(), Claim("a | b", "seed notes", "DEPENDS", "ch-dropout", condition="if p > 0", evidence="gap 0.1")]
    t = summary_table(claims)
    lines = t.splitlines()
    assert lines[0] == "| # | Claim | Verdict | Chapter |"
    assert len(lines) == 2 + len(claims)
    assert "{ref}`ch-relu-family`" in lines[2] and "**TRUE**" in lines[2]
    assert r"a \| b" in lines[3] and "**DEPENDS**: if p > 0" in lines[3]
    # every row has the same number of unescaped cell separators as the header
    n_sep = lambda s: s.replace(r"\|", "").count("|")
    assert all(n_sep(l) == n_sep(lines[0]) for l in lines)


def test_summary_table_plain_titles_and_evidence_column():
    t = summary_table([make(evidence="measured 3%")], links=False, evidence=True)
    assert "{ref}" not in t and CHAPTERS["ch-relu-family"] in t
    assert t.splitlines()[0].endswith("| Evidence |") and "measured 3%" in t


def test_summary_table_bad_input():
    with pytest.raises(ValueError, match="at least one Claim"):
        summary_table([])
    with pytest.raises(TypeError, match=r"claims\[1\] must be a Claim"):
        summary_table([make(), "not a claim"])
    with pytest.raises(TypeError, match="sequence of Claim"):
        summary_table(make())
    with pytest.raises(TypeError, match="True or False"):
        summary_table([make()], links="yes")


def test_verdict_counts():
    claims = [make("TRUE"), make("FALSE"), make("FALSE"), make("DEPENDS", condition="c")]
    counts = verdict_counts(claims)
    assert list(counts) == list(VERDICTS)
    assert counts == {"TRUE": 1, "FALSE": 2, "DEPENDS": 1}


def test_spread_values():
    v = [1.0, 2.0, 3.0, 6.0]
    s = spread(v, digits=3)
    assert s == f"{np.mean(v):.3f} ± {np.std(v, ddof=1):.3f} (1.000–6.000)"
    assert spread([0.5]) == "0.50"
    assert spread(np.array([[1, 1], [1, 1]])) == "1.00 ± 0.00 (1.00–1.00)"


def test_spread_errors():
    with pytest.raises(ValueError, match="at least one number"):
        spread([])
    with pytest.raises(ValueError, match="finite"):
        spread([1.0, np.nan])
    with pytest.raises(ValueError, match=r"digits must be an integer in \[0, 10\]"):
        spread([1.0], digits=-1)
    with pytest.raises(TypeError, match="real numbers"):
        spread(["a", "b"])


def test_numbered_table_uses_keys_and_basis():
    from actbook.factcheck import numbered_table
    claims = {2: make("FALSE", evidence="e2"), 1: make("TRUE", evidence="e1")}
    rows = numbered_table(claims, cited=[2], links=False).splitlines()
    assert rows[0] == "| # | Claim | Verdict | Basis | Chapter | Evidence |"
    assert rows[2].startswith("| 1 |") and "| code |" in rows[2] and rows[2].endswith("| e1 |")
    assert rows[3].startswith("| 2 |") and "| citation |" in rows[3]
    assert "Evidence" not in numbered_table(claims, evidence=False)


@pytest.mark.parametrize("claims, cited, exc, msg", [
    ({1: make(), 3: make()}, (), ValueError, "without gaps"),
    ({}, (), ValueError, "at least one"),
    ([make()], (), TypeError, "mapping"),
    ({"1": make()}, (), TypeError, "integers"),
    ({1: "x"}, (), TypeError, "must be a Claim"),
    ({1: make()}, [2], ValueError, "not among"),
    ({1: make()}, "1", TypeError, "collection"),
])
def test_numbered_table_rejects(claims, cited, exc, msg):
    from actbook.factcheck import numbered_table
    with pytest.raises(exc, match=msg):
        numbered_table(claims, cited=cited)
