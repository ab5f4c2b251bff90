"""Tests of actbook.datasets."""

import numpy as np
import pytest

from actbook import datasets as D


@pytest.mark.parametrize("maker", [D.xor, D.moons, D.circles, D.spirals])
def test_generators_are_seeded_and_shaped(maker):
    X1, y1 = maker(120, seed=3)
    X2, y2 = maker(120, seed=3)
    X3, _ = maker(120, seed=4)
    assert X1.shape == (120, 2) and y1.shape == (120,) and X1.dtype == np.float64
    assert y1.dtype.kind == "i"
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)


def test_xor_labels():
    X, y = D.xor(400, noise=0.0, seed=0)
    np.testing.assert_array_equal(y, (np.sign(X[:, 0]) != np.sign(X[:, 1])).astype(int))
    Xp, yp = D.xor_points()
    assert yp.tolist() == [0, 1, 1, 0]


def test_circles_radii_and_classes():
    X, y = D.circles(400, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.3)
    assert (y == 1).sum() == 200


def test_spirals_balanced():
    _, y = D.spirals(300, n_classes=3, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]


def test_parity_enumerates_all_inputs():
    X, y = D.parity(4)
    assert X.shape == (16, 4)
    assert len({tuple(r) for r in X}) == 16
    np.testing.assert_array_equal(y, X.sum(1) % 2)
    assert X[5].tolist() == [0, 1, 0, 1]
    with pytest.raises(ValueError, match="n_bits must be an integer in \\[1, 20\\]"):
        D.parity(0)


def test_digits_ship_offline():
    X, y = D.digits()
    assert X.shape == (1797, 64) and 0 <= X.min() and X.max() <= 1
    assert sorted(set(y.tolist())) == list(range(10))


def test_split_and_standardize():
    X, y = D.moons(100, seed=0)
    Xtr, Xte, ytr, yte = D.train_test_split(X, y, 0.2, seed=0)
    assert len(Xte) == 20 and len(Xtr) == 80
    assert sorted(np.r_[ytr, yte].tolist()) == sorted(y.tolist())
    a, b = D.standardize(Xtr, Xte)
    np.testing.assert_allclose(a.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(a.std(0), 1)
    with pytest.raises(ValueError, match="test_fraction must be in \\(0.0, 1.0\\)"):
        D.train_test_split(X, y, 1.0)
    with pytest.raises(ValueError, match="X and y must have the same number of rows"):
        D.train_test_split(X, y[:5])


def test_generator_argument_errors():
    with pytest.raises(ValueError, match="noise must be in \\[0.0, "):
        D.moons(10, noise=-1)
    with pytest.raises(ValueError, match="n must be an integer in \\[4, "):
        D.xor(2)
    with pytest.raises(ValueError, match="factor must be in \\(0.0, 1.0\\)"):
        D.circles(10, factor=1.0)
    with pytest.raises(TypeError, match="seed must be a non-negative int seed"):
        D.moons(10, seed=-1)
