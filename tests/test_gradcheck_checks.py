"""Tests of actbook.gradcheck and actbook.checks."""

import numpy as np
import pytest

from actbook import checks, gradcheck


def test_numerical_derivative_and_gradient():
    x = np.linspace(-2, 2, 9)
    np.testing.assert_allclose(gradcheck.numerical_derivative(np.sin, x), np.cos(x), atol=1e-9)
    A = np.array([[2.0, 1.0], [1.0, 3.0]])
    v = np.array([0.5, -1.0])
    g = gradcheck.numerical_gradient(lambda z: 0.5 * z @ A @ z, v)
    np.testing.assert_allclose(g, A @ v, atol=1e-8)
    with pytest.raises(ValueError, match="h must be in \\(0.0, inf\\]"):
        gradcheck.numerical_derivative(np.sin, x, h=0)


def test_relative_error():
    assert gradcheck.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert gradcheck.relative_error([1.0], [-1.0]) == pytest.approx(1.0)
    assert gradcheck.relative_error([1e-17], [0.0]) < 1e-8
    with pytest.raises(ValueError, match="same shape"):
        gradcheck.relative_error([1.0], [1.0, 2.0])


def test_check_model_detects_a_wrong_backward():
    from actbook import datasets, nets

    X, y = datasets.moons(20, seed=0)
    m = nets.mlp([2, 4, 2], "tanh", seed=0)
    assert gradcheck.check_model(m, X, y) < 1e-7
    act = m.activation_layers[0]
    act.act._derivative = lambda z: np.ones_like(z)  # break the backward pass on purpose
    assert gradcheck.check_model(m, X, y) > 1e-2


def test_checks_give_clear_messages():
    checks.check_close("x", [1.0, 2.0], [1.0, 2.0])
    with pytest.raises(AssertionError, match="sigmoid\\(0\\): expected 0.5, got 0.4"):
        checks.check_close("sigmoid(0)", 0.4, 0.5)
    with pytest.raises(checks.ExerciseError, match="expected shape \\(2,\\), got shape \\(3,\\)"):
        checks.check_close("v", [1, 2, 3], [1, 2])
    with pytest.raises(checks.ExerciseError, match="got None"):
        checks.check_close("f(1)", None, 1.0)
    with pytest.raises(checks.ExerciseError, match="labels: expected"):
        checks.check_equal("labels", [0, 1], [1, 1])
    with pytest.raises(checks.ExerciseError, match="expected shape \\(2, 2\\)"):
        checks.check_shape("W", np.zeros(3), (2, 2))
    with pytest.raises(checks.ExerciseError, match="must be positive"):
        checks.check_true(False, "must be positive")

    def stub(x):
        raise NotImplementedError()

    with pytest.raises(checks.ExerciseError, match="stub is not implemented yet"):
        checks.check_implemented(stub, 1)
    assert checks.check_implemented(abs, -2) == 2


def test_fresh_is_a_new_copy_that_patches_do_not_reach(monkeypatch):
    c = checks.fresh()
    assert c is not checks and c.check_close is not checks.check_close
    assert c.__file__ == checks.__file__ and c.np is np
    # a submission rebinds the shared module's checks ...
    monkeypatch.setattr(checks, "check_close", lambda *a, **k: None)
    monkeypatch.setattr(checks, "check_true", lambda *a, **k: None)
    # ... a copy made with strict=False still checks, and the strict copy refuses to grade
    loose = checks.fresh(strict=False)
    with pytest.raises(AssertionError, match="expected 0.5, got 0.4"):
        loose.check_close("sigmoid(0)", 0.4, 0.5)
    with pytest.raises(AssertionError, match="modified by code in this notebook \\(check_close, check_true\\)"):
        checks.fresh()
    # a copy made before the patch is not affected either
    with pytest.raises(AssertionError):
        c.check_true(False, "still checks")


def test_fresh_checks_do_not_trust_numpy_helpers(monkeypatch):
    c = checks.fresh()
    monkeypatch.setattr(np, "allclose", lambda *a, **k: True)
    monkeypatch.setattr(np, "array_equal", lambda *a, **k: True)
    with pytest.raises(AssertionError, match="max abs difference 1"):
        c.check_close("v", [1.0, 2.0], [1.0, 3.0])
    with pytest.raises(AssertionError, match="labels: expected"):
        c.check_equal("labels", [0, 1], [1, 1])
    with pytest.raises(AssertionError, match="labels: expected \\[0 1\\], got \\[0 1 1\\]"):
        c.check_equal("labels", [0, 1, 1], [0, 1])
    with pytest.raises(AssertionError, match="max abs difference inf"):
        c.check_close("nan", [np.nan], [1.0])
    with pytest.raises(AssertionError, match="expected numbers"):
        c.check_close("text", "abc", 1.0)
    c.check_close("within tolerance", [1.0 + 1e-9, 0.0], [1.0, 1e-9])


def test_forbid_blocks_saved_references_and_restores():
    from actbook import losses

    c = checks.fresh()
    saved = losses.softmax              # a learner keeps a reference before the test runs
    with c.forbid(losses.softmax, (np, "exp"), why="write it yourself"):
        with pytest.raises(AssertionError, match="actbook.losses.softmax.*write it yourself"):
            saved(np.zeros(3))
        with pytest.raises(AssertionError, match="numpy.exp"):
            np.exp(1.0)
    np.testing.assert_allclose(saved(np.zeros(3)), np.full(3, 1 / 3))
    assert np.exp(0.0) == 1.0
    with pytest.raises(ZeroDivisionError):
        with c.forbid(losses.softmax):
            1 / 0
    np.testing.assert_allclose(losses.softmax(np.zeros(2)), [0.5, 0.5])   # restored after an error

    def outer():
        k = 3

        def inner(x):
            return x + k
        return inner

    closure = outer()
    with c.forbid(closure):
        with pytest.raises(AssertionError, match="reference"):
            closure(1)
    assert closure(1) == 4
    with pytest.raises(TypeError, match="Python functions"):
        with c.forbid(np.exp):
            pass


def test_call_gives_a_clear_message():
    c = checks.fresh()

    def stub(x):
        raise NotImplementedError("exercise not answered yet")

    with pytest.raises(AssertionError, match="stub is not implemented yet"):
        c.call(stub, 1)
    with pytest.raises(AssertionError, match="should be a function"):
        c.call(3.0, 1, what="g_star")
    assert c.call(abs, -2) == 2


def test_call_turns_an_error_in_the_learners_code_into_expected_and_got():
    import math

    c = checks.fresh()
    with pytest.raises(c.ExerciseError) as info:
        c.call(math.acosh, 0.5, what="edge")
    msg = str(info.value)
    assert msg.startswith("edge(0.5): expected a result, got ValueError: math domain error")
    assert isinstance(info.value.__cause__, ValueError)
    with pytest.raises(c.ExerciseError, match=r"f\(<array of shape \(20,\)>, len\): expected a result, got"):
        c.call(lambda x, g: x[99], np.zeros(20), len, what="f")
    with pytest.raises(AssertionError, match="^kept$"):   # a check's own message passes through
        c.call(lambda: c.check_true(False, "kept"))
    with pytest.raises(KeyboardInterrupt):                 # not an Exception: never swallowed
        c.call(lambda: (_ for _ in ()).throw(KeyboardInterrupt()))


def test_wrong_answers_file_names_real_solution_cells():
    """tools/wrong_answers.json (used by the coursework cheat suite) matches the chapters."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    wrong = json.loads((root / "tools" / "wrong_answers.json").read_text())
    ids = set()
    for path in sorted((root / "chapters").glob("[01]*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            nbg = cell.get("metadata", {}).get("nbgrader", {})
            if nbg.get("solution") and cell["cell_type"] == "code":
                ids.add(nbg["grade_id"])
    assert set(wrong) == ids                      # every graded code exercise has wrong answers
    for gid, items in wrong.items():
        assert len(items) >= 2, gid
        for it in items:
            assert it["why"] and "### BEGIN SOLUTION" not in it["source"]
            compile(it["source"], gid, "exec")
