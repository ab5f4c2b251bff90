"""Check the exercise regions of the chapters without nbgrader, in one process per chapter.

For every chapter with exercises this builds the assignment notebook (the chapter's first
cell + its exercise region, which starts at the ``## Exercises`` heading, then its set-up
code cell, then the first ``:::{exercise}`` cell; the same region as ``tools/coursework.py``)
and executes its code cells in fresh namespaces:

* the instructor version: no cell may fail;
* the student version (every solution region replaced by nbgrader's stub): every graded
  test cell fails with an ``ExerciseError`` saying the function is not implemented, and
  no other cell fails except solution stubs with ``NotImplementedError``;
* every wrong answer of ``tools/wrong_answers.json``: the test cell after its solution fails
  with an ``ExerciseError``/``AssertionError`` and no other test cell fails;
* three cheats: ``actbook.checks`` patched (with zero answers and with the real answers)
  and ``numpy.allclose``/``array_equal`` patched with zero answers: no test cell passes.

Usage: ``PYTHONPATH=src python tools/check_exercises.py [chapters/NN_x.ipynb ...]``.
Exit status 1 if anything is wrong. Real nbgrader runs are in ``tools/coursework.py``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUB = 'raise NotImplementedError("exercise not answered yet: replace this line with your code")'
CHEAT_CHECKS = '''import actbook.checks as _c
for _name in ("check_close", "check_true", "check_equal", "check_shape"):
    setattr(_c, _name, lambda *a, **k: None)
_c.check_implemented = _c.call = lambda f, *a, **k: f(*a)
check_close = check_true = check_equal = lambda *a, **k: None
'''
CHEAT_NUMPY = '''import numpy as _n
_n.allclose = lambda *a, **k: True
_n.array_equal = lambda *a, **k: True
'''


def _src(cell: dict) -> str:
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _nbg(cell: dict) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def region_start(cells: list) -> int:
    """Index of the first cell of the exercise region (its ``## Exercises`` heading if any)."""
    for i, c in enumerate(cells):
        if c["cell_type"] == "markdown" and ":::{exercise}" in _src(c):
            j = i - 1
            while j > 0 and cells[j]["cell_type"] == "code":   # the region's set-up cell(s)
                j -= 1
            if j >= 0 and cells[j]["cell_type"] == "markdown" and _src(cells[j]).strip() == "## Exercises":
                return j
            return i
    raise ValueError("no exercise in this notebook")


def assignment(cells: list) -> list:
    """The assignment notebook's cells: the title cell and the exercise region."""
    return [cells[0]] + cells[region_start(cells):]


def stub_code(source: str) -> str:
    out, skip = [], False
    for line in source.split("\n"):
        if line.strip() == "### BEGIN SOLUTION":
            ind = line[: len(line) - len(line.lstrip())]
            out += [ind + "# YOUR CODE HERE", ind + STUB]
            skip = True
        elif line.strip() == "### END SOLUTION":
            skip = False
        elif not skip:
            out.append(line)
    return "\n".join(out)


def run(cells: list, replace: dict | None = None, stub: bool = False) -> list[tuple[int, str, str, str | None]]:
    """Execute the code cells; one (index, grade_id, kind, error) per code cell."""
    import numpy

    saved = (numpy.allclose, numpy.array_equal)
    ns: dict = {"__name__": "__main__"}
    res = []
    try:
        for i, c in enumerate(cells):
            if c["cell_type"] != "code":
                continue
            g, s = _nbg(c), _src(c)
            gid = g.get("grade_id", c.get("id", str(i)))
            if g.get("solution") and stub:
                s = stub_code(s)
            if replace and gid in replace:
                s = replace[gid]
            kind = "solution" if g.get("solution") else ("test" if g.get("grade") else "other")
            err = None
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(s, f"<cell {i} {gid}>", "exec"), ns)
            except Exception as e:  # noqa: BLE001 - a failing cell is a result here
                err = f"{type(e).__name__}: {str(e)[:200]}"
            res.append((i, gid, kind, err))
    finally:
        numpy.allclose, numpy.array_equal = saved
        importlib.reload(importlib.import_module("actbook.checks"))
    return res


def check_chapter(path: Path, wrong: dict) -> list[str]:
    cells = assignment(json.loads(path.read_text())["cells"])
    problems = []
    t0 = time.process_time()
    for i, gid, kind, err in run(cells):
        if err:
            problems.append(f"solution version: {gid} failed: {err}")
    cpu = time.process_time() - t0
    for i, gid, kind, err in run(cells, stub=True):
        if kind == "test" and not (err and err.startswith("ExerciseError") and "not implemented" in err):
            problems.append(f"student version: {gid} gave {err!r}, not a clear 'not implemented' message")
        elif kind != "test" and err and not err.startswith("NotImplementedError"):
            problems.append(f"student version: {gid} failed with {err}")
    sols = [c for c in cells if c["cell_type"] == "code" and _nbg(c).get("solution")]
    n_wrong = 0
    for c in sols:
        gid = _nbg(c)["grade_id"]
        for item in wrong.get(gid, []):
            n_wrong += 1
            res = run(cells, replace={gid: item["source"]})
            idx = next(r[0] for r in res if r[1] == gid)
            mine = next(r for r in res if r[2] == "test" and r[0] > idx)
            if not (mine[3] and mine[3].startswith(("ExerciseError", "AssertionError"))):
                problems.append(f"wrong answer {gid} [{item['why']}]: test gave {mine[3]!r}")
            others = [r for r in res if r[2] == "test" and r[3] and r[0] != mine[0]]
            if others:
                problems.append(f"wrong answer {gid} [{item['why']}] also broke {[r[1] for r in others]}")
    for label, code, honest in (("checks patched, zero answers", CHEAT_CHECKS, False),
                                ("checks patched, real answers", CHEAT_CHECKS, True),
                                ("numpy patched, zero answers", CHEAT_NUMPY, False)):
        rep = {}
        for k, c in enumerate(sols):
            s = _src(c)
            if not honest:
                s = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "return 0.0", s, flags=re.S)
            rep[_nbg(c)["grade_id"]] = (code + s) if k == 0 else s
        for i, gid, kind, err in run(cells, replace=rep):
            if kind == "test" and not err:
                problems.append(f"cheat ({label}): {gid} passed")
    n_tests = sum(1 for c in cells if _nbg(c).get("grade") and c["cell_type"] == "code")
    print(f"{path.name}: {n_tests} graded tests, {n_wrong} wrong answers, 3 cheats; "
          f"instructor version {cpu:.2f} s CPU; {len(problems)} problem(s)")
    return problems


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    wrong = json.loads((ROOT / "tools" / "wrong_answers.json").read_text())
    paths = [Path(a) for a in argv] or sorted((ROOT / "chapters").glob("[01][0-9]_*.ipynb"))
    problems = []
    for p in paths:
        problems += [f"{p.name}: {m}" for m in check_chapter(p, wrong)]
    for m in problems:
        print("PROBLEM", m)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
