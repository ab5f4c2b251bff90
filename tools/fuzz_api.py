"""One-off fuzz run over the public API, reusing the bad-input suite's cases (not run in CI).

    PYTHONPATH=src python tools/fuzz_api.py [--examples N] [--module NAME]

For every public name of every public ``actbook`` module (``tests/badinput/test_<module>.py``
``CASES``) it draws ``N`` valid argument sets and ``N`` bad values per argument, checks each
call with the suite's own checks, and prints per module: names covered, functions among
them, generated calls, and violations (calls that broke the promise), with the first
message of each violation.  Exit status 1 if any violation was found.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import actbook  # noqa: E402
from badinput.harness import SETTINGS, _strategy, check_bad_call, check_valid_call  # noqa: E402


def run_case(case, examples: int, counts: dict, problems: list, label: str) -> None:
    strat = st.fixed_dictionaries({k: _strategy(v) for k, v in case.valid.items()})

    def attempt(what, f):
        counts["calls"] += 1
        try:
            f()
        except BaseException as exc:  # noqa: BLE001 - a fuzzer records everything
            if isinstance(exc, KeyboardInterrupt):
                raise
            counts["violations"] += 1
            if len(problems) < 200:
                problems.append(f"{label} [{what}]: {type(exc).__name__}: {str(exc).splitlines()[0][:160]}")

    n_valid = examples or case.valid_examples
    n_bad = examples or case.bad_examples

    @settings(max_examples=n_valid, **SETTINGS)
    @given(kw=strat)
    def valid(kw):
        attempt("valid", lambda: check_valid_call(case, kw))

    valid()
    for arg, bad in case.bad.items():
        @settings(max_examples=n_bad, **SETTINGS)
        @given(kw=strat, b=bad)
        def one(kw, b):
            attempt(f"bad {arg}={b[0]!r:.40}", lambda: check_bad_call(case, kw, arg, b[0], b[1]))

        one()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=10, help="examples per valid call and per bad argument (0: the suite's own numbers)")
    ap.add_argument("--module", default=None, help="only this actbook module")
    args = ap.parse_args()
    mods = sorted(m.name for m in pkgutil.iter_modules(actbook.__path__) if not m.name.startswith("_"))
    if args.module:
        mods = [args.module]
    total = {"names": 0, "functions": 0, "calls": 0, "violations": 0}
    problems: list[str] = []
    print(f"{'module':<14}{'names':>6}{'funcs':>6}{'calls':>8}{'bad':>6}")
    for m in mods:
        mod = importlib.import_module(f"actbook.{m}")
        cases = importlib.import_module(f"badinput.test_{m}").CASES
        counts = {"calls": 0, "violations": 0}
        funcs = sum(1 for n in mod.__all__ if inspect.isfunction(getattr(mod, n)))
        for name, case in cases.items():
            try:
                run_case(case, args.examples, counts, problems, f"{m}.{name}")
            except Exception:  # a strategy that cannot be drawn
                problems.append(f"{m}.{name}: harness error\n{traceback.format_exc(limit=2)}")
        print(f"{m:<14}{len(cases):>6}{funcs:>6}{counts['calls']:>8}{counts['violations']:>6}")
        total["names"] += len(cases)
        total["functions"] += funcs
        total["calls"] += counts["calls"]
        total["violations"] += counts["violations"]
    print(f"{'TOTAL':<14}{total['names']:>6}{total['functions']:>6}{total['calls']:>8}{total['violations']:>6}")
    for p in problems:
        print(" -", p)
    return 1 if total["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
