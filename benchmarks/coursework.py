"""Autograde time per submission per chapter (issue 22; section ``coursework`` of benchmarks/run.py).

    python benchmarks/coursework.py [--quick] [--repeats 3] [--old 03_relu_family,07_softmax_sigmoid]

For every chapter with exercises: a throw-away nbgrader course, ``generate_assignment``
of the chapter's assignment notebook (tools/coursework.py), two submissions (the
instructor's answers and the untouched student release), and nbgrader's ``Autograde``
run once per submission, ``--repeats`` times; the table gives the median seconds per
submission (kernel start, every cell, the gradebook) — what a class costs on one machine:
300 students x the median. ``--old`` also times the old way, the whole chapter as the
submission. Budget: <= 5 s per submission per chapter. Timings on a shared machine are
noisy: the load average is recorded with each row.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_S = 5.0
CLASS = 300


def _tool():
    spec = importlib.util.spec_from_file_location("coursework_tool", ROOT / "tools" / "coursework.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _load() -> str:
    return " ".join(f"{v:.2f}" for v in os.getloadavg())


def time_autograde(cw, name: str, notebook, work: Path, repeats: int, whole: bool = False,
                   cases: tuple[str, ...] = ("solution", "blank")) -> dict:
    """Median seconds of one Autograde run per submission (the instructor's answers, the blank release)."""
    import nbformat
    from nbgrader.converters import Autograde

    root = work / (("old-" if whole else "") + name)
    if root.exists():
        shutil.rmtree(root)
    (root / "source" / name).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(cw.config_text(root, None))
    nbformat.write(notebook, root / "source" / name / f"{name}.ipynb")
    cw.nbgrader_generate(root, name)
    released = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    cfg = cw.load_config(root)
    out = {}
    for sid in cases:
        nb, _ = cw.submission(notebook, released, sid)
        d = root / "submitted" / sid / name
        d.mkdir(parents=True)
        nbformat.write(nb, d / f"{name}.ipynb")
        times = []
        for _ in range(repeats):
            app = Autograde(coursedir=cw._coursedir(cfg, assignment_id=name, student_id=sid), config=cfg)
            app.force, app.create_student = True, True
            t0 = time.perf_counter()
            cw._start(app)
            times.append(time.perf_counter() - t0)
        out[sid] = statistics.median(times)
    return out


def bench(quick: bool = False, chapters_dir: Path | None = None, table=None, write_csv=None,
          repeats: int | None = None, old: list[str] | None = None) -> dict:
    import warnings

    import nbformat
    warnings.filterwarnings("ignore")     # SQLAlchemy autoflush notes from nbgrader's gradebook
    if chapters_dir is not None:
        os.environ["ACTBOOK_CHAPTERS"] = str(chapters_dir)
    cw = _tool()
    repeats = repeats or (1 if quick else 3)
    old = ["03_relu_family", "07_softmax_sigmoid"] if old is None else old
    names = [p.stem for p in cw.chapters()]
    if quick:
        names, old = names[:1], []
    rows = []
    work = Path(tempfile.mkdtemp(prefix="actbook-bench-cw-"))
    try:
        for name in names:
            nb, rep = cw.build_assignment(cw.CHAPTERS / f"{name}.ipynb")
            load0 = _load()
            t = time_autograde(cw, name, nb, work, repeats)
            row = {"chapter": name, "cells": rep["cells"], "borrowed": len(rep["borrowed"]),
                   "solution_s": t["solution"], "blank_s": t["blank"], "load": load0,
                   "class_min": CLASS * t["solution"] / 60, "status": "PASS" if t["solution"] <= BUDGET_S else "MISS"}
            if name in old:
                whole = nbformat.read(cw.CHAPTERS / f"{name}.ipynb", as_version=4)
                for c in whole.cells:
                    if c.cell_type == "markdown" and cw.nbg(c).get("solution"):
                        cw._wrap_model_answer(c)
                row["old_whole_chapter_s"] = time_autograde(cw, name, whole, work, 1, whole=True,
                                                            cases=("solution",))["solution"]
            rows.append(row)
            print(f"  {name}: {t['solution']:.1f} s per submission (blank {t['blank']:.1f} s; "
                  f"{row['borrowed']} borrowed cells; load {load0})", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cols = [("chapter", "chapter", ""), ("cells", "cells", ""), ("borrowed", "borrowed", ""),
            ("solution_s", "s/submission", ".1f"), ("blank_s", "blank s", ".1f"),
            ("old_whole_chapter_s", "old (whole chapter) s", ".1f"), ("class_min", f"class of {CLASS}, min", ".0f"),
            ("load", "load avg", ""), ("status", "", "")]
    title = (f"\n== Coursework: nbgrader autograde per submission (median of {repeats}; budget <= {BUDGET_S:g} s; "
             f"'borrowed' = chapter cells the exercise region still needs)")
    if table is not None:
        print(table(rows, cols, title))
    else:
        print(title)
        for r in rows:
            print("  ".join(f"{k}={r.get(k)}" for k, _, _ in cols))
    if write_csv is not None:
        write_csv("coursework", rows)
    return {"rows": rows, "load": _load()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--old", default=None, help="comma-separated chapters to time whole (the old submission)")
    ap.add_argument("--only", default=None, help="comma-separated chapters")
    a = ap.parse_args(argv)
    old = [s for s in a.old.split(",") if s] if a.old is not None else None
    if a.only:
        _only(a, old)
    else:
        bench(a.quick, repeats=a.repeats, old=old)
    return 0


def _only(a, old):
    cw = _tool()
    keep = set(a.only.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="actbook-bench-ch-"))
    for p in cw.chapters():
        if p.stem in keep:
            shutil.copy(p, tmp / p.name)
    try:
        return bench(a.quick, tmp, repeats=a.repeats, old=old)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
