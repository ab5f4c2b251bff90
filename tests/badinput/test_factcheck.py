"""Bad-input cases for actbook.factcheck (appendix A)."""

import numpy as np
from hypothesis import strategies as st

from actbook import factcheck as F

from .harness import Case, T, V, arrays, bad_array, bad_bool, bad_int, constant, make_tests


def _claim(**kw):
    base = dict(claim="ReLU is fast", source="folklore", verdict="TRUE", chapter="ch-relu-family")
    base.update(kw)
    return F.Claim(**base)


CLAIMS = st.builds(lambda v: [_claim(verdict=v, condition="if" if v == "DEPENDS" else "")],
                   st.sampled_from(F.VERDICTS))
BAD_CLAIMS = st.one_of(st.tuples(st.sampled_from(["claims", 3, None, ["x"]]), st.just(T)))

CASES = {
    "VERDICTS": constant(F.VERDICTS, lambda v: v == ("TRUE", "FALSE", "DEPENDS")),
    "CHAPTERS": constant(F.CHAPTERS, lambda v: all(k.startswith("ch-") for k in v)),
    "Claim": Case(lambda **kw: _claim(**kw).verdict, valid={"verdict": st.sampled_from(["true", "FALSE"])},
                  bad={"verdict": st.tuples(st.sampled_from(["maybe", ""]), st.just(V)),
                       "chapter": st.tuples(st.sampled_from(["ch-bogus"]), st.just(V)),
                       "claim": st.tuples(st.sampled_from([3, None]), st.just((TypeError, ValueError)))},
                  finite=False),
    "summary_table": Case(F.summary_table, valid={"claims": CLAIMS, "links": st.booleans(), "evidence": st.booleans()},
                          bad={"claims": BAD_CLAIMS, "links": bad_bool(), "evidence": bad_bool()},
                          names={"links": ("links",), "evidence": ("evidence",)},
                          check=lambda out, kw: out.startswith("| #")),
    "verdict_counts": Case(F.verdict_counts, valid={"claims": CLAIMS}, bad={"claims": BAD_CLAIMS},
                           check=lambda out, kw: sum(out.values()) == 1),
    "spread": Case(F.spread, valid={"values": arrays((5,)), "digits": st.integers(0, 10)},
                   bad={"values": bad_array(), "digits": bad_int(0, 10)}, check=lambda out, kw: isinstance(out, str)),
}

CASES["BASES"] = constant(F.BASES, lambda v: v == ("code", "citation"))
TABLE = st.builds(lambda v: {1: _claim(verdict=v, condition="if" if v == "DEPENDS" else ""), 2: _claim()},
                  st.sampled_from(F.VERDICTS))
CASES["numbered_table"] = Case(
    F.numbered_table, valid={"claims": TABLE, "cited": st.sampled_from([(), (1,), [1, 2]]),
                             "evidence": st.booleans(), "links": st.booleans()},
    bad={"claims": st.one_of(st.tuples(st.sampled_from(["claims", 3, None, [_claim()], {1: "x"}, {True: _claim()}]),
                                       st.just(T)),
                             st.tuples(st.sampled_from([{}, {2: _claim()}, {1: _claim(), 3: _claim()}]), st.just(V))),
         "cited": st.one_of(st.tuples(st.sampled_from([[5], (0,)]), st.just(V)),
                            st.tuples(st.sampled_from([3, "1", None]), st.just(T))),
         "evidence": bad_bool(), "links": bad_bool()},
    names={"claims": ("claim",)}, finite=False,
    check=lambda out, kw: out.count("\n") == 3 and out.startswith("| #"))

test_valid, test_bad = make_tests(CASES)
