"""Unit tests of tools/coursework.py on small synthetic notebooks (no nbgrader run)."""

import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import coursework as cw  # noqa: E402


def _nbg(grade_id, solution, grade, points=None):
    m = {"grade_id": grade_id, "solution": solution, "grade": grade, "locked": not solution,
         "schema_version": 3, "task": False}
    if points is not None:
        m["points"] = points
    return {"nbgrader": m}


SOL = "def f(x):\n    ### BEGIN SOLUTION\n    y = 2 * x\n    return y + 1000\n    ### END SOLUTION"
TEST = ("from actbook.checks import check_close\ncheck_close('f(1)', f(1), 1002)\n"
        "### BEGIN HIDDEN TESTS\ncheck_close('f(2)', f(2), 1004)\n### END HIDDEN TESTS")


def _chapter(tmp_path, tagged=False):
    cells = [
        new_markdown_cell("# 9. A chapter"),
        new_code_cell("import numpy as np\nimport math"),
        new_code_cell("data = np.arange(3)\nunused = 5", metadata={"tags": ["assignment"]} if tagged else {}),
        new_code_cell("expensive = sum(range(10))"),
        new_markdown_cell("## Exercises\n\nIntro."),
        new_markdown_cell(":::{exercise}\n:label: x-ex1\nImplement f.\n:::"),
        new_code_cell(SOL, metadata=_nbg("x-ex1-solution", True, False)),
        new_code_cell(TEST + "\nprint(data)", metadata=_nbg("x-ex1-test", False, True, 2)),
        new_markdown_cell("*Your answer:*\n\n:::{admonition} Model answer\n:class: dropdown\nBecause.\n:::",
                          metadata=_nbg("x-ex2-answer", True, True, 1)),
    ]
    p = tmp_path / "09_x.ipynb"
    nbformat.write(new_notebook(cells=cells), p)
    return p


def test_region_start_prefers_the_exercises_heading(tmp_path):
    nb = nbformat.read(_chapter(tmp_path), as_version=4)
    assert cw.region_start(nb) == 4
    nb.cells.insert(5, new_code_cell("import numpy as np"))   # the region's own set-up cell
    assert cw.region_start(nb) == 4
    nb.cells[4].source = "Some prose"
    assert cw.region_start(nb) == 6
    assert cw.region_start(new_notebook(cells=[new_markdown_cell("# t")])) is None


def test_cell_names_is_scope_aware():
    bound, free = cw.cell_names("import numpy as np\nW = np.eye(2)\ndef g(a):\n    b = a + W + k\n    return b\n"
                                "xs = [i * q for i in range(3)]\n%matplotlib inline")
    assert {"np", "W", "g", "xs"} <= bound
    assert free == {"k", "q"}
    assert cw.cell_names("x = x + 1")[1] == {"x"}
    assert cw.cell_names("def (")[0] == set()


def test_build_assignment_borrows_only_what_the_region_needs(tmp_path):
    nb, rep = cw.build_assignment(_chapter(tmp_path), setup="auto")
    sources = [c.source for c in nb.cells]
    assert sources[0] == "# 9. A chapter"
    assert "data = np.arange(3)\nunused = 5" in sources and "import numpy as np\nimport math" in sources
    assert not any("expensive" in s for s in sources)
    assert rep["borrowed"] == [1, 2] and rep["unresolved"] == []
    with pytest.raises(ValueError, match="does not define"):
        cw.build_assignment(_chapter(tmp_path), setup="tagged")
    with pytest.raises(ValueError, match="does not define"):   # strict is the default
        cw.build_assignment(_chapter(tmp_path))


def test_a_self_contained_region_passes_the_strict_mode(tmp_path):
    nb = nbformat.read(_chapter(tmp_path), as_version=4)
    setup = new_code_cell("import numpy as np\ndata = np.arange(3)")
    nb.cells = nb.cells[:1] + nb.cells[4:5] + [setup] + nb.cells[5:]
    p = tmp_path / "09_y.ipynb"
    nbformat.write(nb, p)
    out, rep = cw.build_assignment(p)
    assert rep["borrowed"] == [] and rep["unresolved"] == []
    assert [c.source for c in out.cells[1:3]] == [nb.cells[1].source, setup.source]


def test_build_assignment_tag_fallback_locks_and_alt_text(tmp_path):
    nb, rep = cw.build_assignment(_chapter(tmp_path, tagged=True), setup="auto")
    assert rep["tagged"] == [2] and rep["borrowed"] == [1]
    for c in nb.cells:
        meta = cw.nbg(c)
        assert meta, "every cell carries nbgrader metadata"
        if not meta["solution"]:
            assert meta["locked"]
        if c.cell_type == "code":
            assert c.metadata["alt"]
    written = [c for c in nb.cells if cw.nbg(c).get("grade_id") == "x-ex2-answer"][0]
    prompt, rest = written.source.split(cw.BEGIN)
    assert prompt.strip() == "*Your answer:*" and rest.strip().endswith(cw.END)


def test_model_answer_only_cell_is_left_alone():
    c = new_markdown_cell(":::{admonition} Model answer\nBecause.\n:::", metadata=_nbg("a", True, True, 1))
    cw._wrap_model_answer(c)
    assert cw.BEGIN not in c.source


def test_config_quotes_the_stubs_exactly():
    text = cw.config_text(Path("/c"), Path("/x"))
    assert "exercise not answered yet: replace this line with your code" in text
    assert repr(cw.TEXT_STUB) in text and "c.Exchange.root = '/x'" in text
    ns = {"get_config": lambda: __import__("traitlets.config", fromlist=["Config"]).Config()}
    exec(text, ns)
    c = ns["c"]
    assert c.ClearSolutions.code_stub["python"] == cw.CODE_STUB and c.Execute.timeout == cw.CELL_TIMEOUT
    assert "Exchange" not in cw.config_text(None, None)


def test_replace_regions_and_mutants():
    assert cw.region_code(SOL) == ["y = 2 * x\nreturn y + 1000"]
    out = cw.replace_regions(SOL, ["return 0.0"])
    assert out == "def f(x):\n    return 0.0" and cw.replace_regions(SOL, [None]).count("###") == 0
    assert cw.mutate("return y + 1000", "sign") == "return y - 1000"
    assert cw.mutate("y = 2 * x", "const") == "y = 3 * x"
    assert cw.mutate("return y", "sign") is None
    assert cw._constant_for("best = 3\n_tmp = 1", "") == "best = 0.0"


def test_submissions_per_case(tmp_path):
    src, _ = cw.build_assignment(_chapter(tmp_path), setup="auto")
    released = nbformat.from_dict(src)
    for c in released.cells:  # what nbgrader would release
        if cw.nbg(c).get("solution") and c.cell_type == "code":
            c.source = cw.replace_regions(c.source, [cw.CODE_STUB])
    sol, what = cw.submission(src, released, "solution")
    assert what == {"x-ex1-solution": "solution"}
    assert "return y + 1000" in sol.cells[5].source and "###" not in sol.cells[5].source
    mp, _ = cw.submission(src, released, "monkeypatch")
    assert mp.cells[5].source.startswith(cw.PATCH_CHECKS) and "return 0.0" in mp.cells[5].source
    locked, _ = cw.submission(src, released, "locked")
    assert locked.cells[6].source.startswith("pass")
    blank, what = cw.submission(src, released, "blank")
    assert blank.cells[5].source == released.cells[5].source and what["x-ex1-solution"] == "blank"
    assert cw.submission(src, released, "reference")[0] is None   # no table entry for this exercise
    partial, _ = cw.submission(src, released, "partial")
    assert "y = 2 * x" in partial.cells[5].source and "not answered yet" in partial.cells[5].source
    plan = cw.student_plan(src, released)
    assert {p[1] for p in plan} >= {"solution", "blank", "partial", "monkeypatch", "locked", "mutant"}
    assert len({p[0] for p in plan}) == len(plan)


def test_check_release_detects_leaks_markers_and_lost_prompts(tmp_path):
    src, _ = cw.build_assignment(_chapter(tmp_path), setup="auto")
    inst = tmp_path / "inst.ipynb"
    nbformat.write(src, inst)
    good = nbformat.from_dict(src)
    for c in good.cells:
        if cw.nbg(c).get("solution"):
            c.source = cw.replace_regions(c.source, [cw.CODE_STUB if c.cell_type == "code" else cw.TEXT_STUB])
        elif cw.nbg(c).get("grade"):
            c.source = c.source.split("### BEGIN HIDDEN")[0]
    student = tmp_path / "student.ipynb"
    nbformat.write(good, student)
    assert cw.check_release(inst, student) == []
    bad = nbformat.from_dict(good)
    bad.cells[-1].source = cw.TEXT_STUB                 # prompt lost
    bad.cells[-3].source = "def f(x):\n    return y + 1000"   # solution leaked
    nbformat.write(bad, student)
    problems = cw.check_release(inst, student)
    assert any("lost its prompt" in p for p in problems) and any("leaked" in p for p in problems)


def _result():
    plan = [("solution", "solution", {"s": 1}), ("blank", "blank", {"s": 1}),
            ("monkeypatch", "monkeypatch", {"s": 1}), ("locked", "locked", {"s": 1}),
            ("wrong0", "wrong", {"s": 1})]
    scores = {"t|solution": 2.0, "t|blank": 0.0, "t|monkeypatch": 2.0, "t|locked": 0.0, "t|wrong0": 0.0}
    messages = {"t|blank": ("ExerciseError", "f is not implemented yet: ..."),
                "t|wrong0": ("ExerciseError", "f(1): expected 1002, got 3")}
    return {"name": "09_x", "tests": {"t": "s"}, "max": {"t": 2.0}, "plan": plan, "scores": scores,
            "messages": messages, "tamper": {"locked": ["t"], "solution": []}, "problems": []}


def test_judge_is_strict_for_monkeypatching_and_reports_the_rest():
    rows, fails, notes = cw.judge(_result())
    assert rows[0]["solution"] == "2/2 ok" and rows[0]["blank"] == "0/2 ok"
    assert rows[0]["monkeypatch"] == "2/2 GAMED" and rows[0]["locked"] == "0/2 ok" and rows[0]["wrong"] == "0/2 ok"
    assert len(fails) == 1 and "monkeypatch" in fails[0]
    rows, fails, notes = cw.judge(_result(), lenient=True)
    assert fails == [] and len(notes) == 1
    r = _result()
    r["tamper"]["solution"] = ["t"]                         # a false tampering alarm is a failure
    assert any("though it edited no locked cell" in f for f in cw.judge(r, lenient=True)[1])


def test_judge_fails_a_wrong_answer_whose_message_does_not_say_what_was_expected():
    r = _result()
    r["messages"]["t|wrong0"] = ("ValueError", "math domain error")
    rows, fails, notes = cw.judge(r, lenient=True)
    assert rows[0]["wrong"] == "0/2 no-msg" and len(fails) == 1 and "wrong0" in fails[0]
    r["scores"]["t|wrong0"] = 2.0                           # a survivor is reported, not failed
    rows, fails, notes = cw.judge(r, lenient=True)
    assert rows[0]["wrong"] == "2/2 SURVIVED" and fails == [] and len(notes) == 2


def test_tamper_report_compares_with_the_release(tmp_path):
    rel = new_notebook(cells=[new_code_cell("check(1)", metadata=_nbg("t", False, True, 1))])
    (tmp_path / "release" / "a").mkdir(parents=True)
    nbformat.write(rel, tmp_path / "release" / "a" / "a.ipynb")
    for who, src in (("honest", "check(1)"), ("cheat", "pass")):
        d = tmp_path / "submitted" / who / "a"
        d.mkdir(parents=True)
        nb = nbformat.from_dict(rel)
        nb.cells[0].source = src
        nbformat.write(nb, d / "a.ipynb")
    assert cw.tamper_report(tmp_path, "a") == {"cheat": ["t"], "honest": []}
