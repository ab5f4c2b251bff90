"""Coursework tooling: assignment notebooks, the student release, an nbgrader course, and the cheat suite.

    python tools/coursework.py assignments [--out DIR]   # the assignment notebooks (with solutions)
    python tools/coursework.py release                   # student/ : nbgrader generate_assignment of them
    python tools/coursework.py course DIR                # a working nbgrader course directory to copy
    python tools/coursework.py verify [--jobs 2]         # the tamper and cheat suite (`make test-coursework`)
    python tools/coursework.py tamper-report COURSE ASSIGNMENT   # real edits vs nbgrader issue #1961
    python tools/coursework.py nbgrader ARGS...          # nbgrader with this Python's bin/ on PATH
    python tools/coursework.py public-book               # _build/public : the book without solutions

No command needs an activated virtual environment: nbgrader runs `alembic` by name, so
the tool puts the directory of the Python that runs it first on PATH.

**The assignment notebook of a chapter** is the chapter's first cell (its title) plus
every cell of its exercise region: from the ``## Exercises`` heading before the first
markdown cell containing ``:::{exercise}`` (or from that cell, without a heading) to the
end. The region starts with its own set-up cell (the first code cell after ``## Exercises``:
imports, data), so that autograding runs the exercises and not the chapter's
experiments. Cells outside the region that an assignment needs can be tagged
``assignment`` (documented fallback). With ``--setup tagged`` (the default, and what
``verify`` / ``make test-coursework`` use) a region that uses a name that neither it nor
a tagged cell defines is an error. ``--setup auto`` (for a chapter being drafted)
instead borrows the chapter cells that define such names (found by static analysis,
latest definition first) and says so.

In the assignment notebook every cell that is not a solution is locked (nbgrader
restores a locked cell a student edited), written-answer cells that begin with a prompt
keep the prompt (only the ``Model answer`` block is the solution), and every code cell
gets alt text for its figures.

**verify** runs, for every chapter with exercises and in a temporary course, the whole
nbgrader exchange workflow (generate_assignment, release_assignment, fetch_assignment and
submit for one simulated student per case, collect, autograde, generate_feedback,
export) and prints a score table, one row per graded test and one column per case:

    solution    the instructor's answers                         -> full marks        (strict)
    blank       the student release as fetched                   -> zero, "not answered yet" (strict)
    partial     one of two answers in a cell, or a started answer -> clear message, no NameError (strict)
    monkeypatch ``actbook.checks`` functions replaced + ``return 0.0``   -> zero (strict; --lenient reports)
    helpers     test helpers rebound in the notebook namespace + constants -> zero (reported)
    sysmodules  a fake ``actbook.checks`` in ``sys.modules`` + constants  -> zero (reported)
    reference   the package's own reference (table ``CHEATS``)          -> zero (reported)
    locked      constant answers (``return 0.0`` or table ``CONSTANTS``) and every test
                cell edited to ``pass``      -> zero, edits undone, tamper report flags them (reported)
    wrong       plausible wrong answers (table ``WRONG``)               -> lose points (reported),
                                                                           message says "expected" (strict)
    mutant      automatic mutant: the first + <-> - (or * <-> /) flipped, else the first
                integer constant + 1 (an off-by-one)                    -> lose points (reported),
                                                                           message says "expected" (strict)

A cell reads ``ok`` when the case got what it should, ``GAMED`` / ``SURVIVED`` when it
did not, ``no-msg`` when a wrong answer or mutant lost its points with a message that
does not say what was expected; strict cases and ``no-msg`` fail the run. A test that
calls the learner's function through ``actbook.checks.call`` turns an exception raised
inside it into such a message ("expected a result, got ValueError: ...").
"""

from __future__ import annotations

import argparse
import ast
import builtins
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = Path(os.environ.get("ACTBOOK_CHAPTERS", ROOT / "chapters"))
WORK = ROOT / "_build" / "coursework"
STUDENT = ROOT / "student"
BIN = Path(sys.executable).parent
COURSE_ID = "actbook"
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"

# The texts students see in place of a solution (quoted in the instructors' appendix).
CODE_STUB = ('# YOUR CODE HERE\n'
             'raise NotImplementedError("exercise not answered yet: replace this line with your code")')
TEXT_STUB = "YOUR ANSWER HERE (write your answer in this cell)"
CELL_TIMEOUT = 120          # seconds per cell during autograde
NOT_ANSWERED = re.compile(r"not (answered|implemented) yet")
GOOD_TEST_ERRORS = {"NotImplementedError", "ExerciseError", "AssertionError"}
PROMPT_SPLIT = re.compile(r"^(:::+)\{admonition\}\s*Model answer", re.M)


def nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def env_with_bin() -> dict:
    """os.environ with this Python's bin/ first on PATH (nbgrader runs `alembic` by name)."""
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    return env


os.environ["PATH"] = env_with_bin()["PATH"]   # also for nbgrader called in-process


# --- the exercise region and the assignment notebook ---------------------------------------

def region_start(nb) -> int | None:
    """Index of the first cell of the exercise region, or None.

    The region starts at the ``## Exercises`` heading before the first ``:::{exercise}``
    cell, with the code cells between them (the region's set-up cell); without such a
    heading it starts at the first exercise.
    """
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown" and ":::{exercise}" in c.source:
            j = i - 1
            while j > 0 and nb.cells[j].cell_type == "code":
                j -= 1
            prev = nb.cells[j] if j >= 0 else None
            if prev is not None and prev.cell_type == "markdown" and prev.source.strip().startswith("## Exercises"):
                return j
            return i
    return None


def has_exercises(nb) -> bool:
    return any(nbg(c).get("grade") or nbg(c).get("solution") for c in nb.cells)


def chapters() -> list[Path]:
    """Chapter notebooks with nbgrader cells."""
    return [p for p in sorted(CHAPTERS.glob("*.ipynb")) if has_exercises(nbformat.read(p, as_version=4))]


_IPY = {"display", "get_ipython", "In", "Out", "exit", "quit"}
_BUILTINS = set(dir(builtins)) | _IPY


def cell_names(src: str) -> tuple[set[str], set[str]]:
    """(names a cell binds at top level, names it reads that it did not bind before) — static."""
    src = "\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in src.splitlines())
    try:
        tree = ast.parse(src)
    except SyntaxError:
        return set(), set()
    bound, free, deferred = set(), set(), set()

    def bind(name, local, top):
        (bound if top else local).add(name)

    def visit(node, local, top):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if not isinstance(node, ast.Lambda):
                bind(node.name, local, top)
                for d in node.decorator_list:
                    visit(d, local, top)
            a = node.args
            for d in a.defaults + [d for d in a.kw_defaults if d is not None]:
                visit(d, local, top)
            inner = set(local)
            inner |= {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x}
            body = node.body if isinstance(node.body, list) else [node.body]
            for b in body:
                for n in ast.walk(b):
                    if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load):
                        inner.add(n.id)
                    elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                        inner.add(n.name)
                    elif isinstance(n, (ast.Import, ast.ImportFrom)):
                        inner |= {x.asname or x.name.split(".")[0] for x in n.names}
            for b in body:
                visit(b, inner, False)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            inner = set(local) | {n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
            for child in ast.iter_child_nodes(node):
                visit(child, inner, False if top else False)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for x in node.names:
                if x.name != "*":
                    bind(x.asname or x.name.split(".")[0], local, top)
            return
        if isinstance(node, ast.ClassDef):
            bind(node.name, local, top)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            visit(node.value, local, top)
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                if isinstance(node, ast.AugAssign):
                    visit(ast.Name(id=t.id, ctx=ast.Load()) if isinstance(t, ast.Name) else t, local, top)
                visit(t, local, top)
            return
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load):
                if node.id in local:
                    return
                if top:
                    if node.id not in bound:
                        free.add(node.id)
                else:
                    deferred.add(node.id)
            elif top:
                bound.add(node.id)
            else:
                local.add(node.id)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, local, top)

    for stmt in tree.body:
        visit(stmt, set(), True)
    free |= deferred - bound
    return bound, free - _BUILTINS


def borrowed_cells(nb, start: int, keep: set[int]) -> tuple[list[int], set[str]]:
    """Cells before ``start`` that define names the assignment cells use but do not define.

    Returns (indices to include, names nobody defines). ``keep`` = indices already in.
    """
    have, needed = set(_BUILTINS), set()
    for i in sorted(keep):
        c = nb.cells[i]
        if c.cell_type != "code":
            continue
        b, f = cell_names(c.source)
        needed |= f - have
        have |= b
    take = []
    for j in range(start - 1, 0, -1):
        c = nb.cells[j]
        if j in keep or c.cell_type != "code":
            continue
        b, f = cell_names(c.source)
        if b & needed:
            take.append(j)
            needed = (needed - b) | f
    # names defined by an included cell after their use are fine (order is kept)
    return sorted(take), needed


def _wrap_model_answer(cell) -> None:
    """A written-answer cell that begins with a prompt: mark only the Model answer as solution."""
    if BEGIN in cell.source:
        return
    m = PROMPT_SPLIT.search(cell.source)
    if m and cell.source[:m.start()].strip():
        cell.source = f"{cell.source[:m.start()]}{BEGIN}\n{cell.source[m.start():].rstrip()}\n{END}"


def _alt_text(cell, chapter: str) -> None:
    fig = cell.metadata.get("mystnb", {}).get("figure", {})
    caption = fig.get("caption") if isinstance(fig, dict) else None
    if not cell.metadata.get("alt"):
        cell.metadata["alt"] = (re.sub(r"[{}`$]", "", caption).strip() if caption
                                else f"Figure drawn by this cell of the {chapter} assignment")


def build_assignment(path: Path, setup: str = "tagged") -> tuple[nbformat.NotebookNode, dict]:
    """The assignment notebook of a chapter (with solutions) and a report of what went in."""
    nb = nbformat.read(path, as_version=4)
    start = region_start(nb)
    if start is None:
        raise ValueError(f"{path.name}: no exercise region (no markdown cell with ':::{{exercise}}')")
    region = set(range(start, len(nb.cells)))
    tagged = {i for i, c in enumerate(nb.cells[:start]) if i and "assignment" in tags(c)}
    keep = region | tagged
    borrowed, unresolved = borrowed_cells(nb, start, keep)
    if setup == "tagged" and (borrowed or unresolved):
        raise ValueError(f"{path.name}: the exercise region uses names it does not define: "
                         f"{sorted(unresolved) or 'defined in cells ' + str(borrowed)}")
    if setup == "auto":
        keep |= set(borrowed)
    out = copy.deepcopy(nb)
    cells = [out.cells[0]] + [out.cells[i] for i in sorted(keep) if i]
    for c in cells:
        meta = c.metadata
        if not nbg(c):  # everything that is not an answer is read-only: nbgrader restores edits
            meta["nbgrader"] = {"grade": False, "solution": False, "locked": True, "task": False,
                                "schema_version": 3, "grade_id": f"{path.stem[:4]}-cell-{c.get('id', uuid.uuid4().hex[:8])}"}
        if c.cell_type == "markdown" and nbg(c).get("solution"):
            _wrap_model_answer(c)
        if c.cell_type == "code":
            _alt_text(c, path.stem)
            c.outputs, c.execution_count = [], None
    out.cells = cells
    report = {"chapter": path.stem, "cells": len(cells), "region": len(region), "tagged": sorted(tagged),
              "borrowed": borrowed if setup == "auto" else [], "unresolved": sorted(unresolved)}
    return out, report


def write_assignments(out: Path, setup: str = "tagged") -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    reports = []
    for p in chapters():
        nb, rep = build_assignment(p, setup)
        nbformat.write(nb, out / p.name)
        reports.append(rep)
        note = f" (borrowed {len(rep['borrowed'])} chapter cells: region not self-contained)" if rep["borrowed"] else ""
        print(f"{p.stem}: {rep['cells']} cells{note}")
    return reports


# --- an nbgrader course ----------------------------------------------------------------------

def config_text(root: Path | None, exchange: Path | str | None) -> str:
    """nbgrader_config.py of a course; ``root=None`` writes the lines for an existing course.

    ``exchange="here"`` puts the exchange next to the config file (a course one can copy).
    """
    lines = ["c = get_config()  # noqa: F821  (nbgrader provides get_config)", ""]
    if root is not None:
        lines += [f"c.CourseDirectory.root = {str(root)!r}",
                  f"c.CourseDirectory.db_url = {'sqlite:///' + str(root / 'gradebook.db')!r}"]
    lines += [f"c.CourseDirectory.course_id = {COURSE_ID!r}",
              "# the text students see instead of a solution (the book's tests and appendix quote it)",
              f"c.ClearSolutions.code_stub = {{'python': {CODE_STUB!r}}}",
              f"c.ClearSolutions.text_stub = {TEXT_STUB!r}",
              "# seconds per cell when autograding: a cell that runs longer is interrupted and fails",
              f"c.Execute.timeout = {CELL_TIMEOUT}",
              "c.Execute.interrupt_on_timeout = True"]
    if exchange == "here":
        lines += ["# a local exchange next to this file: release_assignment / fetch_assignment / submit / collect",
                  "import os",
                  "c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'exchange')"]
    elif exchange is not None:
        lines += ["# a local exchange: release_assignment / fetch_assignment / submit / collect",
                  f"c.Exchange.root = {str(exchange)!r}"]
    return "\n".join(lines) + "\n"


def make_course(root: Path, exchange: Path | None = None, setup: str = "tagged", quiet: bool = False) -> Path:
    """A course directory: config, one source assignment per chapter, a local exchange, a wrapper."""
    root = root.resolve()
    local = exchange is None            # the course can be copied: paths relative to its config file
    exchange = (exchange or root / "exchange").resolve()
    root.mkdir(parents=True, exist_ok=True)
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o777)
    (root / "nbgrader_config.py").write_text(config_text(None, "here" if local else exchange))
    for p in chapters():
        nb, rep = build_assignment(p, setup)
        d = root / "source" / p.stem
        d.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, d / p.name)
    wrapper = root / "nbgrader"
    wrapper.write_text(f'#!/bin/sh\n# nbgrader of the book\'s environment, no venv activation needed\n'
                       f'PATH="{BIN}:$PATH" exec "{BIN / "python"}" -m nbgrader "$@"\n')
    wrapper.chmod(0o755)
    if not quiet:
        print(f"course in {root}: nbgrader_config.py, source/<chapter>/, exchange {exchange}\n"
              f"  cd {root} && ./nbgrader generate_assignment 03_relu_family && ./nbgrader release_assignment 03_relu_family")
    return root


def load_config(root: Path):
    from traitlets.config.loader import PyFileConfigLoader
    cfg = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    if "root" not in cfg.CourseDirectory:     # a copyable course: its root is where its config is
        cfg.CourseDirectory.root = str(root)
    return cfg


def _start(app) -> None:
    from nbgrader.utils import capture_log
    res = capture_log(app)
    if not res.get("success", False):
        raise RuntimeError(f"{type(app).__name__} failed:\n{res.get('error', '')}\n{res.get('log', '')[-3000:]}")
    return res.get("log", "")


def _coursedir(cfg, **kw):
    from nbgrader.coursedir import CourseDirectory
    cd = CourseDirectory(config=cfg)
    for k, v in kw.items():
        setattr(cd, k, v)
    return cd


def _auth(cfg):
    from nbgrader.auth import Authenticator
    return Authenticator(config=cfg)


def nbgrader_generate(root: Path, name: str) -> str:
    from nbgrader.converters import GenerateAssignment
    cfg = load_config(root)
    app = GenerateAssignment(coursedir=_coursedir(cfg, assignment_id=name), config=cfg)
    app.force = True
    return _start(app)


# --- the student release ---------------------------------------------------------------------

def release(out: Path = STUDENT, setup: str = "tagged") -> list[Path]:
    """Student release of every chapter's assignment notebook in ``out/chapters``."""
    root = WORK / "release-course"
    if root.exists():
        shutil.rmtree(root)
    make_course(root, setup=setup, quiet=True)
    dest = out / "chapters"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    made = []
    for d in sorted((root / "source").iterdir()):
        nbgrader_generate(root, d.name)
        src = root / "release" / d.name / f"{d.name}.ipynb"
        nb = nbformat.read(src, as_version=4)
        for c in nb.cells:  # students must see their stubs: drop the HTML-book collapse tag
            if nbg(c).get("solution") and "hide-input" in tags(c):
                c.metadata["tags"] = [t for t in tags(c) if t != "hide-input"]
        nbformat.write(nb, dest / src.name)
        made.append(dest / src.name)
    print(f"student release: {len(made)} assignment notebooks in {dest}")
    return made


# --- release checks --------------------------------------------------------------------------

def solution_lines(nb) -> set[str]:
    """Distinctive lines inside solution regions, model answers and hidden tests."""
    inside, outside = set(), set()
    for c in nb.cells:
        lines = c.source.splitlines()
        if c.cell_type == "markdown" and nbg(c).get("solution") and BEGIN not in c.source:
            inside.update(l.strip() for l in lines)
            continue
        state = False
        for l in lines:
            s = l.strip()
            if s.startswith("### BEGIN SOLUTION") or s.startswith("### BEGIN HIDDEN TESTS"):
                state = True
                continue
            if s.startswith("### END SOLUTION") or s.startswith("### END HIDDEN TESTS"):
                state = False
                continue
            (inside if state else outside).add(s)
    return {s for s in inside - outside if len(s) >= 12 and not s.startswith("#") and s not in (":::",)}


def check_release(instructor: Path, student: Path) -> list[str]:
    """No markers or solution text; prompts of written answers kept; stubs and alt text present."""
    problems = []
    text = student.read_text()
    for m in MARKERS:
        if m in text:
            problems.append(f"{student.name}: contains marker {m!r}")
    inst, stud = nbformat.read(instructor, as_version=4), nbformat.read(student, as_version=4)
    student_lines = {l.strip() for c in stud.cells for l in c.source.splitlines()}
    leaked = sorted(solution_lines(inst) & student_lines)
    if leaked:
        problems.append(f"{student.name}: solution text leaked into the student release: {leaked[:3]}")
    for ci, cs in zip(inst.cells, stud.cells):
        if ci.cell_type == "markdown" and nbg(ci).get("solution") and BEGIN in ci.source:
            prompt = ci.source.split(BEGIN)[0].strip()
            if prompt and prompt not in cs.source:
                problems.append(f"{student.name} {nbg(ci).get('grade_id')}: the written answer lost its prompt")
        if cs.cell_type == "code" and not cs.metadata.get("alt"):
            problems.append(f"{student.name}: a code cell has no alt text for its figures")
    return problems


# --- building submissions --------------------------------------------------------------------

def regions(src: str) -> list[tuple[int, int, str]]:
    """Solution regions of a code cell: (line of BEGIN, line of END, indent)."""
    out, lines, begin = [], src.split("\n"), None
    for i, l in enumerate(lines):
        if BEGIN in l:
            begin = i
        elif END in l and begin is not None:
            out.append((begin, i, re.match(r"\s*", lines[begin]).group(0)))
            begin = None
    return out


def region_code(src: str) -> list[str]:
    lines = src.split("\n")
    return [textwrap.dedent("\n".join(lines[b + 1:e])) for b, e, _ in regions(src)]


def replace_regions(src: str, repl: list[str | None]) -> str:
    """Replace each solution region by ``repl[k]`` (None keeps the solution); drop the markers."""
    lines, out, pos = src.split("\n"), [], 0
    for k, (b, e, ind) in enumerate(regions(src)):
        out += lines[pos:b]
        body = repl[k] if k < len(repl) else None
        if body is None:
            out += lines[b + 1:e]
        else:
            out += [ind + l if l else l for l in body.split("\n")]
        pos = e + 1
    out += lines[pos:]
    return "\n".join(out)


STUB = CODE_STUB


def _constant_for(code: str, indent: str) -> str:
    """``return 0.0`` inside a function; ``name = 0.0`` for each name a top-level answer binds."""
    if indent:
        return "return 0.0"
    names = [n for n in sorted(cell_names(code)[0]) if not n.startswith("_")]
    return "\n".join(f"{n} = 0.0" for n in names) or "pass"


class _Sign(ast.NodeTransformer):
    SWAP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}

    def __init__(self):
        self.done = False

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if not self.done and type(node.op) in self.SWAP:
            node.op = self.SWAP[type(node.op)]()
            self.done = True
        return node


class _Const(ast.NodeTransformer):
    def __init__(self):
        self.done = False

    def visit_Constant(self, node):
        if not self.done and type(node.value) is int:
            self.done = True
            return ast.copy_location(ast.Constant(node.value + 1), node)
        return node


def mutate(code: str, kind: str) -> str | None:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    t = _Sign() if kind == "sign" else _Const()
    tree = t.visit(tree)
    return ast.unparse(tree) if t.done else None


PATCH_CHECKS = ("import actbook.checks as _c\n"
                "_c.check_close = _c.check_true = _c.check_equal = _c.check_shape = lambda *a, **k: None\n"
                "_c.check_implemented = lambda f, *a, **k: f(*a)\n")
PATCH_HELPERS = ("import types as _t\n"
                 "check_close = check_true = check_equal = check_shape = lambda *a, **k: None\n"
                 "check_implemented = lambda f, *a, **k: f(*a)\n"
                 "checks = _t.SimpleNamespace(check_close=check_close, check_true=check_true,\n"
                 "    check_equal=check_equal, check_shape=check_shape, check_implemented=check_implemented)\n")
PATCH_SYSMODULES = ("import sys as _s, types as _t, actbook as _a\n"
                    "_f = _t.ModuleType('actbook.checks')\n"
                    "_f.check_close = _f.check_true = _f.check_equal = _f.check_shape = lambda *a, **k: None\n"
                    "_f.check_implemented = lambda f, *a, **k: f(*a)\n"
                    "_f.ExerciseError = AssertionError\n"
                    "_f.fresh = lambda *a, **k: _f\n"
                    "_s.modules['actbook.checks'] = _f\n"
                    "_a.checks = _f\n")

# Per solution cell (grade_id): region replacements, one string per solution region.
CHEATS: dict[str, list[list[str]]] = {   # the package's reference as the answer
    "ch03-ex1-solution": [['return float(activations.get("prelu", alpha=0.25).param_grad(z, g)["alpha"])']],
    "ch03-ex2-solution": [['return dying.gaussian_moments("elu", alpha=alpha)[0]',
                           "alpha_zero_mean = activations.SELU_ALPHA"]],
    "ch07-ex1-solution": [["return losses.softmax(z, axis=1)"]],
    "ch07-ex3-solution": [["return cal.fit_temperature(logits, labels)"]],
    "ch04-ex1-solution": [["return activations.get('swish', beta=beta)(x)"]],
    "ch10-ex1-solution": [["return normalization.batchnorm_forward(x, gamma, beta, eps)[0]"]],
}
CONSTANTS: dict[str, list[str]] = {"ch03-ex3-solution": ["return 1, 0.0"],
                                   "ch03-ex2-solution": ["return 0.0", "alpha_zero_mean = 1.6733"]}
WRONG: dict[str, list[list[str]]] = {    # plausible wrong answers
    "ch03-ex1-solution": [["return float(np.sum(np.where(z > 0, z, 0.0) * np.asarray(g)))"],      # wrong side
                          ["return float(np.sum(np.where(z <= 0, -np.asarray(z), 0.0) * np.asarray(g)))"]],  # sign
    "ch03-ex2-solution": [["return 1 / math.sqrt(2 * math.pi) + alpha * (math.exp(0.5) * special.ndtr(-1.0) + 0.5)",
                           None]],
    "ch07-ex1-solution": [["e = np.exp(np.asarray(z, dtype=float))\nreturn e / e.sum(axis=1, keepdims=True)"],
                          ["z = np.asarray(z, dtype=float)\ne = np.exp(z - z.max(axis=0, keepdims=True))\n"
                           "return e / e.sum(axis=0, keepdims=True)"]],   # normalised over the wrong axis
    "ch07-ex2-solution": [["p = losses.softmax(np.asarray(z, dtype=float))\nr = p - np.asarray(y, dtype=float)\n"
                           "return p * r + p * (p @ r)"]],
    "ch07-ex3-solution": [["logits = np.asarray(logits, dtype=float)\nrows = np.arange(len(labels))\n"
                           "nlls = [-losses.log_softmax(logits / t, axis=1)[rows, labels].mean() for t in temps]\n"
                           "return float(temps[int(np.argmax(nlls))])"]],
}

CASES = ("solution", "blank", "partial", "monkeypatch", "helpers", "sysmodules", "reference", "locked",
         "wrong", "mutant")
STRICT = {"solution", "blank", "partial", "monkeypatch"}
SHOULD_ZERO = {"blank", "monkeypatch", "helpers", "sysmodules", "reference", "locked"}
SHOULD_LOSE = {"wrong", "mutant"}


def submission(source, released, case: str, k: int = 0):
    """The notebook a simulated student submits for ``case`` (None: the case does not apply).

    Returns (notebook, {solution grade_id: what was done}); ``k`` picks a table entry.
    """
    nb = copy.deepcopy(released)
    done = {}
    if case == "blank":
        return nb, {nbg(c)["grade_id"]: "blank" for c in source.cells if nbg(c).get("solution")}
    for cs, cr in zip(source.cells, nb.cells):
        meta = nbg(cs)
        gid = meta.get("grade_id")
        if cs.cell_type == "markdown" and meta.get("solution") and case == "solution":
            cr.source = cs.source.replace(BEGIN + "\n", "").replace("\n" + END, "")
            continue
        if case == "locked" and meta.get("grade") and not meta.get("solution") and cs.cell_type == "code":
            cr.source = "pass  # the test was edited by the student"
            continue
        if cs.cell_type != "code" or not meta.get("solution"):
            continue
        regs, codes = regions(cs.source), region_code(cs.source)
        consts = [_constant_for(code, ind) for (_, _, ind), code in zip(regs, codes)]
        consts = CONSTANTS.get(gid, consts)
        repl, prefix = None, ""
        if case == "solution":
            repl = [None] * len(regs)
        elif case == "locked":
            repl = consts
        elif case in ("monkeypatch", "helpers", "sysmodules"):
            repl = consts
            prefix = {"monkeypatch": PATCH_CHECKS, "helpers": PATCH_HELPERS, "sysmodules": PATCH_SYSMODULES}[case]
        elif case == "partial":
            if len(regs) > 1:
                repl = [None] + [STUB] * (len(regs) - 1)
            else:
                first = codes[0].strip().split("\n")[0] if codes and codes[0].strip() else ""
                trial = replace_regions(cs.source, [first + "\n" + STUB])
                try:
                    ast.parse(trial)
                except SyntaxError:
                    continue
                if not first or first.startswith("#"):
                    continue
                repl = [first + "\n" + STUB]
        elif case == "reference":
            options = CHEATS.get(gid, [])
            repl = options[k] if k < len(options) else None
        elif case == "wrong":
            options = WRONG.get(gid, [])
            repl = options[k] if k < len(options) else None
        elif case == "mutant":
            muts = [mutate(code, "sign") or mutate(code, "const") for code in codes]
            if any(m is not None for m in muts):
                repl = muts
        if repl is None:
            continue
        cr.source = prefix + replace_regions(cs.source, repl)
        done[gid] = case if case not in ("reference", "wrong") else f"{case}[{k}]"
    return (nb, done) if done else (None, {})


def student_plan(source, released) -> list[tuple[str, str, object, dict]]:
    """[(student id, case, notebook, what)] — one simulated student per case and table entry."""
    plan = []
    for case in CASES:
        k_max = 1
        if case in ("reference", "wrong"):
            table = CHEATS if case == "reference" else WRONG
            k_max = max([len(table.get(nbg(c).get("grade_id"), [])) for c in source.cells] + [0])
        for k in range(k_max):
            nb, what = submission(source, released, case, k)
            if nb is not None:
                sid = f"{case.replace('-', '')}{k}" if k_max > 1 else case.replace("-", "")
                plan.append((sid, case, nb, what))
    return plan


# --- grading one chapter through the exchange ------------------------------------------------

def test_cells(nb) -> dict[str, str]:
    """grade_id of each autograded test cell -> grade_id of the solution cell before it."""
    out, last_sol = {}, None
    for c in nb.cells:
        m = nbg(c)
        if m.get("solution") and c.cell_type == "code":
            last_sol = m.get("grade_id")
        elif m.get("grade") and c.cell_type == "code":
            out[m["grade_id"]] = last_sol
    return out


def tamper_report(root: Path, name: str) -> dict[str, list[str]]:
    """Per student: locked cells whose submitted source differs from the *released* one.

    nbgrader warns "checksum has changed" for every honest submission of a cell with
    hidden tests (issue #1961: the stored checksum includes the hidden tests); comparing
    with the release tells a real edit apart.
    """
    rel = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    released = {nbg(c).get("grade_id"): c.source for c in rel.cells if nbg(c).get("locked")}
    out = {}
    for d in sorted((root / "submitted").glob(f"*/{name}")):
        sub = nbformat.read(d / f"{name}.ipynb", as_version=4)
        edited = [nbg(c)["grade_id"] for c in sub.cells
                  if nbg(c).get("grade_id") in released and c.source != released[nbg(c)["grade_id"]]]
        out[d.parent.name] = edited
    return out


def grade_chapter(name: str, work: Path, setup: str = "tagged") -> dict:
    """The whole nbgrader workflow for one chapter with one simulated student per case."""
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.exchange.default import (ExchangeCollect, ExchangeFetchAssignment, ExchangeReleaseAssignment,
                                           ExchangeSubmit)
    from nbgrader.plugins import CsvExportPlugin

    t_start = time.perf_counter()
    base = work / name
    if base.exists():
        shutil.rmtree(base)
    root, exchange = base / "course", base / "exchange"
    root.mkdir(parents=True)
    exchange.mkdir()
    (root / "nbgrader_config.py").write_text(config_text(root, exchange))
    source, rep = build_assignment(CHAPTERS / f"{name}.ipynb", setup)
    (root / "source" / name).mkdir(parents=True)
    src_path = root / "source" / name / f"{name}.ipynb"
    nbformat.write(source, src_path)
    cfg = load_config(root)
    problems, logs = [], {}

    logs["generate"] = nbgrader_generate(root, name)
    rel_path = root / "release" / name / f"{name}.ipynb"
    problems += check_release(src_path, rel_path)
    _start(ExchangeReleaseAssignment(authenticator=_auth(cfg), coursedir=_coursedir(cfg, assignment_id=name), config=cfg))
    released = nbformat.read(rel_path, as_version=4)
    plan = student_plan(source, released)
    for sid, case, nb, _ in plan:
        home = base / "home" / sid
        home.mkdir(parents=True)
        kw = dict(assignment_id=name, student_id=sid)
        scfg = copy.deepcopy(cfg)
        scfg.Exchange.assignment_dir = str(home)
        scfg.Exchange.cache = str(base / "cache" / sid)
        scfg.Exchange.path_includes_course = False
        _start(ExchangeFetchAssignment(authenticator=_auth(scfg), coursedir=_coursedir(scfg, **kw), config=scfg))
        fetched = home / name / f"{name}.ipynb"
        if nbformat.read(fetched, as_version=4).cells[0].source != released.cells[0].source:
            problems.append(f"{name}: fetched notebook differs from the release")
        nbformat.write(nb, fetched)
        _start(ExchangeSubmit(authenticator=_auth(scfg), coursedir=_coursedir(scfg, **kw), config=scfg))
    _start(ExchangeCollect(authenticator=_auth(cfg), coursedir=_coursedir(cfg, assignment_id=name), config=cfg))

    times, grade_logs = {}, {}
    for sid, case, _, _ in plan:
        app = Autograde(coursedir=_coursedir(cfg, assignment_id=name, student_id=sid), config=cfg)
        app.force, app.create_student = True, True
        t0 = time.perf_counter()
        grade_logs[sid] = _start(app)
        times[sid] = time.perf_counter() - t0
    fb_log = _start(GenerateFeedback(coursedir=_coursedir(cfg, assignment_id=name), config=cfg))
    if "Alternative text is missing" in fb_log:
        problems.append(f"{name}: generate_feedback warned 'Alternative text is missing'")
    csv_path = base / "grades.csv"
    ecfg = copy.deepcopy(cfg)
    ecfg.CsvExportPlugin.to = str(csv_path)
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
        CsvExportPlugin(config=ecfg).export(gb)
    if len(csv_path.read_text().strip().splitlines()) != len(plan) + 1:
        problems.append(f"{name}: grades.csv does not have one row per submission")

    tests = test_cells(source)
    max_pts = {nbg(c)["grade_id"]: float(nbg(c).get("points", 0)) for c in source.cells
               if nbg(c).get("grade_id") in tests}
    tamper = tamper_report(root, name)
    scores, messages, answer_msgs = {}, {}, {}
    with Gradebook(cfg.CourseDirectory.db_url) as gb:
        for sid, case, _, what in plan:
            ag = nbformat.read(root / "autograded" / sid / name / f"{name}.ipynb", as_version=4)
            errs = {}
            for c in ag.cells:
                gid = nbg(c).get("grade_id")
                e = [o for o in c.get("outputs", []) if o.get("output_type") == "error"]
                if gid and e:
                    errs[gid] = (e[0]["ename"], e[0].get("evalue", ""))
            for tid, sol in tests.items():
                if sol not in what:
                    continue
                g = gb.find_grade(tid, name, name, sid)
                scores[(tid, sid)] = float(g.score)
                messages[(tid, sid)] = errs.get(tid)
                if sol in errs and errs[sol][0] != "NotImplementedError":
                    messages[(tid, sid)] = (errs[sol][0] + " in the answer cell", errs[sol][1])
                elif sol in errs and not errs.get(tid):   # the answer cell's own stub message
                    messages[(tid, sid)] = errs[sol]
                if sol in errs:
                    answer_msgs[(tid, sid)] = errs[sol][1]
            fb = root / "feedback" / sid / name / f"{name}.html"
            if not fb.exists():
                problems.append(f"{name}: no feedback for {sid}")
    checksum_warnings = {sid: len(re.findall(r"Attribute 'checksum' for cell", grade_logs[sid])) for sid in grade_logs}
    result = {"name": name, "report": rep, "tests": tests, "max": max_pts, "times": times,
              "plan": [(sid, case, what) for sid, case, _, what in plan], "tamper": tamper,
              "checksum_warnings": checksum_warnings, "problems": problems,
              "scores": {f"{t}|{s}": v for (t, s), v in scores.items()},
              "messages": {f"{t}|{s}": v for (t, s), v in messages.items()},
              "answer_messages": {f"{t}|{s}": v for (t, s), v in answer_msgs.items()},
              "seconds": time.perf_counter() - t_start}
    return result


# --- judging and the score table -------------------------------------------------------------

def judge(res: dict, lenient: bool = False) -> tuple[list[dict], list[str], list[str]]:
    """Rows of the score table, strict failures, reported weaknesses."""
    rows, fails, notes = [], [], []
    by_case = {}
    for sid, case, what in res["plan"]:
        by_case.setdefault(case, []).append((sid, what))
    strict = STRICT - ({"monkeypatch"} if lenient else set())
    for tid, sol in res["tests"].items():
        row = {"test": tid, "max": res["max"][tid]}
        for case in CASES:
            cells = []
            for sid, what in by_case.get(case, []):
                key = f"{tid}|{sid}"
                if key not in res["scores"]:
                    continue
                s, msg = res["scores"][key], res["messages"].get(key)
                m = res["max"][tid]
                ename, evalue = msg if msg else (None, "")
                if case == "solution":
                    ok = s == m
                elif case == "blank":   # the test's message, or the answer cell's stub right above it
                    answer = res.get("answer_messages", {}).get(key, "")
                    ok = s == 0 and bool(NOT_ANSWERED.search(evalue or "") or NOT_ANSWERED.search(answer or ""))
                elif case == "partial":
                    ok = s == 0 and ename is not None and "NameError" not in ename
                elif case in SHOULD_ZERO:
                    ok = s == 0
                else:
                    ok = s < m and "expected" in (evalue or "").lower()
                if case == "locked":
                    ok = ok and sid in res["tamper"] and tid in res["tamper"][sid]
                word = "ok" if ok else ("GAMED" if case in SHOULD_ZERO else "SURVIVED" if case in SHOULD_LOSE
                                        else "FAIL")
                no_msg = case in SHOULD_LOSE and s < m and not ok
                if no_msg:
                    word = "no-msg"   # lost its points, but the message does not say what was expected
                cells.append(f"{s:g}/{m:g} {word}")
                if not ok:
                    text = f"{res['name']} {tid} [{case} {sid}]: {s:g}/{m:g} {ename}: {str(evalue)[:160]}"
                    (fails if case in strict or no_msg else notes).append(text)
            row[case] = "; ".join(cells) if cells else "n/a"
        rows.append(row)
    for sid, edited in res["tamper"].items():
        case = dict((s, c) for s, c, _ in res["plan"]).get(sid)
        if case != "locked" and edited:
            fails.append(f"{res['name']}: tamper report flags {sid} ({case}) though it edited no locked cell: {edited}")
    fails += res["problems"]
    return rows, fails, notes


def print_table(rows: list[dict]) -> None:
    cols = ["test"] + list(CASES)
    width = {c: max([len(c)] + [len(str(r.get(c, ""))) for r in rows]) for c in cols}
    print("  ".join(c.ljust(width[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(width[c]) for c in cols))


def verify(jobs: int = 2, names: list[str] | None = None, setup: str = "tagged", lenient: bool = False,
           work: Path | None = None) -> int:
    names = names or [p.stem for p in chapters()]
    own_work = work
    work = work or Path(tempfile.mkdtemp(prefix="actbook-course-"))
    work.mkdir(parents=True, exist_ok=True)
    procs, results, queue = {}, [], list(names)
    t0 = time.perf_counter()
    while queue or procs:       # one process per chapter (nbgrader's apps are not thread-safe), `jobs` at a time
        while queue and len(procs) < jobs:
            n = queue.pop(0)
            out = work / f"{n}.json"
            cmd = [sys.executable, __file__, "_grade", n, "--work", str(work), "--setup", setup]
            procs[n] = (subprocess.Popen(cmd, env=env_with_bin(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         text=True), out)
        time.sleep(0.5)
        for n, (p, out) in list(procs.items()):
            if p.poll() is None:
                continue
            log = p.stdout.read()
            del procs[n]
            print(f"  {n}: done after {time.perf_counter() - t0:.0f} s", flush=True)
            if p.returncode or not out.exists():
                results.append({"name": n, "error": log[-4000:]})
            else:
                results.append(json.loads(out.read_text()))
    results.sort(key=lambda r: r["name"])
    all_rows, fails, notes, timing = [], [], [], []
    for r in results:
        if "error" in r:
            fails.append(f"{r['name']}: the workflow crashed:\n{r['error']}")
            continue
        rows, f, nt = judge(r, lenient)
        all_rows += rows
        fails += f
        notes += nt
        sol = [v for s, v in r["times"].items() if s == "solution"]
        timing.append((r["name"], sol[0] if sol else float("nan"), sum(r["times"].values()) / len(r["times"]),
                       len(r["report"]["borrowed"]), r["seconds"], sum(r["checksum_warnings"].values())))
    print("\nScore table (points / max and verdict per simulated student; one row per graded test)")
    print_table(all_rows)
    print("\nAutograde time per submission (one `Autograde` run for one student, seconds)")
    print(f"{'chapter':26s} {'solution':>9s} {'mean':>7s} {'borrowed cells':>15s} {'chapter total':>14s} "
          f"{'#1961 warnings':>15s}")
    for n, s, m, b, tot, w in timing:
        print(f"{n:26s} {s:9.1f} {m:7.1f} {b:15d} {tot:14.0f} {w:15d}")
    summary = {"results": results, "rows": all_rows, "fails": fails, "notes": notes}
    (work / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "summary.json").write_text(json.dumps(summary, indent=1, default=str))
    if notes:
        print(f"\nReported (not yet strict) weaknesses: {len(notes)}")
        for n in notes:
            print("  WEAK:", n)
    for f in fails:
        print("FAIL:", f)
    keep = bool(fails) or own_work is not None
    print(f"\ncoursework: {len(results)} chapters, {len(all_rows)} graded tests, {len(fails)} strict failures, "
          f"{len(notes)} reported weaknesses, {time.perf_counter() - t0:.0f} s; "
          + (f"work dir {work}" if keep else "summary in _build/coursework/summary.json"))
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if fails else 0


# --- public book -----------------------------------------------------------------------------

def public_book(out: Path = ROOT / "_build" / "public") -> int:
    """Build the HTML book with every chapter's solutions and hidden tests removed."""
    src = out / "src"
    if out.exists():
        shutil.rmtree(out)
    src.mkdir(parents=True)
    for f in ("_config.yml", "_toc.yml", "references.bib"):
        shutil.copy(ROOT / f, src / f)
    for f in ROOT.glob("*.md"):
        shutil.copy(f, src / f.name)
    for d in ("_ext", "_vendor_static"):  # the Sphinx extension and the offline front-end assets
        shutil.copytree(ROOT / d, src / d)
    for d in ("tools", "benchmarks"):     # the instructors' appendix runs tools/coursework.py
        shutil.copytree(ROOT / d, src / d, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    shutil.copytree(CHAPTERS, src / "chapters")
    root = WORK / "public-course"   # whole chapters here: the book keeps its exercises where they are
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(config_text(root, None))
    for p in chapters():
        nb = nbformat.read(p, as_version=4)
        for c in nb.cells:
            if c.cell_type == "markdown" and nbg(c).get("solution"):
                _wrap_model_answer(c)
        (root / "source" / p.stem).mkdir(parents=True)
        nbformat.write(nb, root / "source" / p.stem / p.name)
        nbgrader_generate(root, p.stem)
        nb = nbformat.read(root / "release" / p.stem / p.name, as_version=4)
        for c in nb.cells:
            if c.cell_type == "code" and (nbg(c).get("grade") or nbg(c).get("solution")):
                # unanswered exercises raise by design: allow it and show no traceback
                t = set(tags(c)) | {"raises-exception", "remove-output"}
                c.metadata["tags"] = sorted(t - {"hide-input"})
        nbformat.write(nb, src / "chapters" / p.name)
    cmd = [str(BIN / "jupyter-book"), "build", str(src), "--path-output", str(out)]
    return subprocess.call(cmd, env=env_with_bin())


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["nbgrader"]:
        return subprocess.call([sys.executable, "-m", "nbgrader", *argv[1:]], env=env_with_bin())
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["assignments", "release", "course", "verify", "tamper-report",
                                        "public-book", "_grade"])
    ap.add_argument("args", nargs="*", help="course: DIR; tamper-report: COURSE ASSIGNMENT; verify: chapters")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--setup", choices=["auto", "tagged"], default="tagged",
                    help="tagged (default): a region that uses names it does not define is an error; "
                         "auto: borrow the chapter cells it needs (and say so)")
    ap.add_argument("--lenient", action="store_true", help="report the monkeypatch case instead of failing")
    ap.add_argument("--out", type=Path, default=WORK / "assignments")
    ap.add_argument("--work", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.command == "assignments":
        write_assignments(a.out, a.setup)
        return 0
    if a.command == "release":
        release(setup=a.setup)
        return 0
    if a.command == "course":
        make_course(Path(a.args[0] if a.args else "course"), setup=a.setup)
        return 0
    if a.command == "tamper-report":
        for sid, edited in tamper_report(Path(a.args[0]).resolve(), a.args[1]).items():
            print(f"{sid}: " + (f"EDITED locked cells {edited}" if edited else
                                "no locked cell edited (a checksum warning for it is nbgrader issue #1961)"))
        return 0
    if a.command == "public-book":
        return public_book()
    if a.command == "_grade":
        import warnings
        warnings.filterwarnings("ignore")   # SQLAlchemy's autoflush notes from nbgrader's gradebook
        res = grade_chapter(a.args[0], a.work, a.setup)
        (a.work / f"{a.args[0]}.json").write_text(json.dumps(res, default=str))
        return 0
    return verify(a.jobs, a.args or None, a.setup, a.lenient, a.work)


if __name__ == "__main__":
    sys.exit(main())
