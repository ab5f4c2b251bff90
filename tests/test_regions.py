"""Tests of actbook.regions: affine maps, exact region counting, bounds, sawtooth, explorer."""

from itertools import product
from math import comb, prod

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actbook import nets, regions as R


def _one_layer(W, b):
    """A one-hidden-layer net whose hidden units are the hyperplanes x·W[:, i] + b[i] = 0."""
    W = np.asarray(W, float)
    return [(W, np.asarray(b, float)), (np.ones((W.shape[1], 1)), np.zeros(1))]


# ---------------------------------------------------------------- affine map reconstruction

@pytest.mark.parametrize("widths,n_in,n_out", [([5], 2, 1), ([6, 4], 3, 2), ([4, 4, 4, 4], 2, 3), ([10, 3], 1, 1)])
def test_affine_map_reconstructs_output_and_jacobian(widths, n_in, n_out):
    net = R.random_relu_net(widths, n_in=n_in, n_out=n_out, seed=3)
    X = np.random.default_rng(0).normal(size=(20, n_in))
    A, c = R.affine_maps(net, X)
    assert A.shape == (20, n_out, n_in) and c.shape == (20, n_out)
    np.testing.assert_allclose(np.einsum("mik,mk->mi", A, X) + c, net(X), rtol=0, atol=1e-12)
    for x, Ax in zip(X[:5], A[:5]):
        np.testing.assert_allclose(R.numerical_jacobian(net, x), Ax, rtol=0, atol=1e-7)


def test_affine_map_is_the_masked_weight_product():
    net = R.random_relu_net([4, 3], n_in=2, seed=1)
    (W1, b1), (W2, b2), (W3, b3) = R.relu_layers(net)
    x = np.array([0.3, -0.7])
    D1 = np.diag((x @ W1 + b1 > 0).astype(float))
    a1 = np.maximum(x @ W1 + b1, 0)
    D2 = np.diag((a1 @ W2 + b2 > 0).astype(float))
    A_expected = W3.T @ D2 @ W2.T @ D1 @ W1.T
    c_expected = W3.T @ D2 @ (W2.T @ D1 @ b1 + b2) + b3
    A, c = R.affine_map(net, x)
    np.testing.assert_allclose(A, A_expected, atol=1e-14)
    np.testing.assert_allclose(c, c_expected, atol=1e-14)


def test_same_pattern_same_map_and_pairs_equal_sequential():
    net = R.random_relu_net([8, 8], seed=2)
    pairs = [(W.copy(), b.copy()) for W, b in R.relu_layers(net)]
    X = np.random.default_rng(1).uniform(-2, 2, size=(400, 2))
    P = R.activation_pattern(net, X)
    A, c = R.affine_maps(net, X)
    A2, c2 = R.affine_maps(pairs, X)
    np.testing.assert_array_equal(A, A2)
    labels, k = R.pattern_labels(P)
    assert 1 < k <= 400
    for lab in range(k):
        idx = np.flatnonzero(labels == lab)
        np.testing.assert_allclose(A[idx], np.broadcast_to(A[idx[0]], A[idx].shape), atol=1e-12)
        np.testing.assert_allclose(c[idx], np.broadcast_to(c[idx[0]], c[idx].shape), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), depth=st.integers(1, 4), width=st.integers(1, 6))
def test_affine_map_property(seed, depth, width):
    net = R.random_relu_net([width] * depth, n_in=2, seed=seed)
    x = np.random.default_rng(seed).normal(size=2)
    A, c = R.affine_map(net, x)
    np.testing.assert_allclose(A @ x + c, net(x)[0], atol=1e-10)


def test_zero_bias_network_is_positively_homogeneous():
    net = R.random_relu_net([6, 6], seed=0, bias_std=0.0)
    x = np.array([0.4, -1.3])
    np.testing.assert_allclose(net(3.5 * x), 3.5 * net(x), rtol=1e-12)
    assert not np.allclose(net(-x), -net(x))


# ---------------------------------------------------------------- counting in 1-D

def test_line_count_one_hidden_layer_matches_kinks():
    rng = np.random.default_rng(4)
    w, b = rng.normal(size=7), rng.normal(size=7)
    net = _one_layer(w[None, :], b)
    kinks = -b / w
    inside = np.sum((kinks > -3) & (kinks < 3))
    assert R.count_regions_line(net, [-3.0], [3.0]) == inside + 1
    t, _ = R.line_profile(net, [-3.0], [3.0])
    np.testing.assert_allclose(np.sort(kinks[(kinks > -3) & (kinks < 3)]), -3 + 6 * t[1:-1], atol=1e-12)


def test_line_profile_is_exact_piecewise_linear_interpolation():
    net = R.random_relu_net([8, 8, 8], n_in=3, n_out=2, seed=5)
    x0, x1 = np.array([-2.0, 1.0, 0.5]), np.array([2.0, -1.0, 1.5])
    t, y = R.line_profile(net, x0, x1)
    assert t[0] == 0 and t[-1] == 1 and np.all(np.diff(t) > 0)
    np.testing.assert_allclose(y, net(x0 + t[:, None] * (x1 - x0)), atol=1e-10)
    s = np.random.default_rng(0).uniform(size=500)
    interp = np.column_stack([np.interp(s, t, y[:, k]) for k in range(2)])
    np.testing.assert_allclose(interp, net(x0 + s[:, None] * (x1 - x0)), atol=1e-10)
    # the number of pieces equals the number of distinct patterns along a fine sampling (no region missed)
    mids = 0.5 * (t[1:] + t[:-1])
    P = R.activation_pattern(net, x0 + mids[:, None] * (x1 - x0))
    assert np.all(np.any(P[1:] != P[:-1], axis=1))


@pytest.mark.parametrize("depth", range(1, 11))
def test_sawtooth_has_2_to_the_L_pieces(depth):
    net = R.sawtooth_net(depth)
    t, y = R.line_profile(net, [0.0], [1.0])
    assert R.count_regions_line(net, [0.0], [1.0]) == 2 ** depth
    assert R.count_linear_pieces(t, y) == 2 ** depth
    np.testing.assert_allclose(t, np.arange(2 ** depth + 1) / 2 ** depth, atol=1e-15)
    np.testing.assert_allclose(y[:, 0], np.arange(2 ** depth + 1) % 2, atol=1e-12)
    slopes = np.diff(y[:, 0]) / np.diff(t)
    np.testing.assert_allclose(np.abs(slopes), 2.0 ** depth)


def test_count_linear_pieces_merges_collinear_segments():
    t = np.array([0.0, 0.25, 0.5, 1.0])
    assert R.count_linear_pieces(t, 2 * t + 1) == 1
    assert R.count_linear_pieces(t, np.abs(t - 0.5)) == 2
    with pytest.raises(ValueError, match="increasing"):
        R.count_linear_pieces([0.0, 0.0], [1.0, 2.0])


# ---------------------------------------------------------------- counting in 2-D and d-D

@pytest.mark.parametrize("n,d", [(n, d) for n in range(1, 6) for d in (1, 2, 3)])
def test_zaslavsky_against_exact_enumeration(n, d):
    rng = np.random.default_rng(10 * n + d)
    net = _one_layer(rng.normal(size=(d, n)), rng.normal(size=n))
    assert R.count_regions_exact(net) == R.zaslavsky(n, d)


def test_zaslavsky_closed_forms():
    assert [R.zaslavsky(n, 2) for n in range(6)] == [1 + n + n * (n - 1) // 2 for n in range(6)]
    assert [R.zaslavsky(n, 1) for n in range(6)] == [n + 1 for n in range(6)]
    assert R.zaslavsky(3, 5) == 8 and R.zaslavsky(0, 0) == 1
    with pytest.raises(ValueError, match="n must be an integer in"):
        R.zaslavsky(-1, 2)
    with pytest.raises(TypeError, match="d must be an integer"):
        R.zaslavsky(3, 2.0)


def test_parallel_lines_are_not_in_general_position():
    net = _one_layer([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]], [0.0, -1.0, 1.0])  # three vertical lines
    assert R.count_regions_exact(net) == 4 < R.zaslavsky(3, 2)


def test_partition_of_line_arrangement_matches_zaslavsky():
    rng = np.random.default_rng(7)
    W, b = rng.normal(size=(2, 9)), rng.normal(size=9)
    pts = [np.linalg.solve(np.c_[W[:, i], W[:, j]].T, -np.r_[b[i], b[j]]) for i in range(9) for j in range(i)]
    r = 1.5 * np.abs(pts).max() + 1
    assert R.count_regions_2d(_one_layer(W, b), (-r, r, -r, r)) == R.zaslavsky(9, 2) == 46


@pytest.mark.parametrize("widths,seed", [([5, 5], 0), ([4, 4, 4], 1), ([7, 3], 2)])
def test_partition_matches_lp_count_and_covers_the_box(widths, seed):
    net = R.random_relu_net(widths, seed=seed, bias_std=0.7)
    lims = (-2.0, 2.0, -1.5, 1.5)
    regs = R.partition_2d(net, lims)
    assert len(regs) == R.count_regions_exact(net, lims)
    assert sum(r.area for r in regs) == pytest.approx(12.0, rel=1e-10)
    assert all(r.area > 0 for r in regs)
    C = np.array([r.centroid for r in regs])
    np.testing.assert_array_equal(R.activation_pattern(net, C), np.array([r.pattern for r in regs]))
    A, c = R.affine_maps(net, C)
    np.testing.assert_allclose(A, np.array([r.A for r in regs]), atol=1e-12)
    np.testing.assert_allclose(c, np.array([r.c for r in regs]), atol=1e-12)
    assert len({tuple(r.pattern) for r in regs}) == len(regs)
    # a grid sees at most the regions that exist, and sees them all when fine enough here
    counts = [R.grid_regions(net, lims, n)[3] for n in (5, 50, 400)]
    assert counts[0] <= counts[1] <= len(regs) and counts[2] <= len(regs)


# ---------------------------------------------------------------- bounds

def _serra_bruteforce(widths, n0):
    total = 0
    for js in product(*[range(n + 1) for n in widths]):
        ok, budget = True, n0
        for n, j in zip(widths, js):
            if j > min(budget, n):
                ok = False
                break
            budget = min(budget, n - j)
        if ok:
            total += prod(comb(n, j) for n, j in zip(widths, js))
    return total


@pytest.mark.parametrize("widths,n0", [([3], 2), ([4, 2], 2), ([2, 3, 2], 2), ([5, 1, 4], 3), ([3, 3, 3], 1), ([6, 4], 4)])
def test_serra_bound_against_bruteforce(widths, n0):
    assert R.serra_upper_bound(widths, n0) == _serra_bruteforce(widths, n0)


def test_bounds_special_cases_and_ordering():
    assert R.serra_upper_bound([9], 2) == R.zaslavsky(9, 2)
    assert R.serra_upper_bound([2, 5, 3], 1) == 3 * 6 * 4
    assert R.montufar_lower_bound([4, 4, 4], 2) == 2 ** 2 * 2 ** 2 * (1 + 4 + 6)
    assert R.montufar_lower_bound([7], 3) == R.zaslavsky(7, 3)
    for widths in ([4, 4], [8, 8, 8], [6, 10, 4], [3, 3, 3, 3]):
        assert R.montufar_lower_bound(widths, 2) <= R.serra_upper_bound(widths, 2) <= 2 ** sum(widths)
    with pytest.raises(ValueError, match="widths must all be >= n_in"):
        R.montufar_lower_bound([1, 4], 2)
    with pytest.raises(TypeError, match="widths must be a non-empty sequence"):
        R.serra_upper_bound([], 2)


def test_random_networks_respect_the_bounds():
    for widths in ([6], [5, 5], [4, 4, 4]):
        for seed in range(3):
            net = R.random_relu_net(widths, seed=seed)
            assert R.count_regions_exact(net) <= R.serra_upper_bound(widths, 2)


# ---------------------------------------------------------------- explorer and validation

def test_explorer_view_is_pure_and_consistent():
    v1 = R.explorer_view(6, 2, seed=4)
    v2 = R.explorer_view(6, 2, seed=4)
    assert v1.count == v2.count == len(v1.regions) >= 1
    assert v1.count <= v1.serra and v1.neurons == 12
    assert v1.montufar == R.montufar_lower_bound([6, 6], 2)
    assert "regions in the box" in v1.summary()
    with pytest.raises(ValueError, match="width must be an integer in"):
        R.explorer_view(1, 2)
    with pytest.raises(ValueError, match="lims must be"):
        R.explorer_view(4, 2, lims=(1, 0, 0, 1))


def test_plot_partition_draws_one_polygon_per_region():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    v = R.explorer_view(5, 2, seed=0)
    fig, ax = plt.subplots()
    coll = R.plot_partition(ax, v.regions, lims=v.lims)
    assert len(coll.get_paths()) == v.count
    coll = R.plot_partition(ax, v.regions, by="output")
    assert coll.get_array().shape == (v.count,)
    with pytest.raises(ValueError, match="by must be"):
        R.plot_partition(ax, v.regions, by="colour")
    plt.close(fig)


def test_validation_errors():
    tanh_net = nets.mlp([2, 4, 1], "tanh")
    with pytest.raises(ValueError, match="Activate\\('relu'\\)"):
        R.relu_layers(tanh_net)
    with pytest.raises(TypeError, match="must be an actbook Sequential"):
        R.relu_layers("net")
    with pytest.raises(ValueError, match="has 3 inputs but the previous layer has 4"):
        R.relu_layers([(np.ones((2, 4)), np.zeros(4)), (np.ones((3, 1)), np.zeros(1))])
    with pytest.raises(ValueError, match="b of shape"):
        R.relu_layers([(np.ones((2, 4)), np.zeros(3))])
    net = R.random_relu_net([3], seed=0)
    with pytest.raises(ValueError, match="x must have shape"):
        R.numerical_jacobian(net, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="x must be one input"):
        R.affine_map(net, [[1.0, 2.0]])
    with pytest.raises(ValueError, match="X must be finite"):
        R.activation_pattern(net, [[np.nan, 0.0]])
    with pytest.raises(TypeError, match="X must contain real numbers"):
        R.forward(net, [["a", "b"]])
    with pytest.raises(ValueError, match="2 inputs"):
        R.partition_2d(R.random_relu_net([3], n_in=3), (-1, 1, -1, 1))
    with pytest.raises(ValueError, match="depth must be an integer in"):
        R.sawtooth_net(0)
    with pytest.raises(ValueError, match="bias_std must be in"):
        R.random_relu_net([3], bias_std=-1.0)
    with pytest.raises(ValueError, match="patterns must be 2-D"):
        R.pattern_labels([1, 0, 1])


def test_count_affine_pieces_merges_only_equal_neighbours():
    lims = (-3.0, 3.0, -3.0, 3.0)
    # generic nets: every boundary is a kink
    regs = R.partition_2d(R.random_relu_net([8, 8], seed=0), lims)
    assert R.count_affine_pieces_2d(regs) == len(regs)
    # narrow deep nets: later layers switch off entirely, neighbouring regions share a map
    regs = R.partition_2d(R.random_relu_net([6, 6, 6, 6], seed=1), lims)
    pieces = R.count_affine_pieces_2d(regs)
    assert pieces < len(regs)
    # an output weight of zero makes the second layer invisible: pieces = first-layer cells
    net = R.random_relu_net([4, 4], seed=0)
    layers = [(W.copy(), b.copy()) for W, b in R.relu_layers(net)]
    layers[2][0][:] = 0.0
    layers[2][0][0, 0] = 1.0          # only unit 0 of layer 2 reaches the output
    regs = R.partition_2d(layers, lims)
    assert R.count_affine_pieces_2d(regs) <= len(regs)
    layers[2][0][:] = 0.0             # constant output: one piece
    regs = R.partition_2d(layers, lims)
    assert R.count_affine_pieces_2d(regs) == 1


def test_count_affine_pieces_does_not_merge_distant_equal_maps():
    # two far-apart squares with the same map are two pieces; adjacent ones are one
    A, c, p = np.zeros((1, 2)), np.zeros(1), np.zeros(1, bool)
    sq = lambda x0: np.array([[x0, 0], [x0 + 1, 0], [x0 + 1, 1], [x0, 1]], float)
    far = [R.Region(sq(0.0), p, A, c), R.Region(sq(5.0), p, A, c)]
    near = [R.Region(sq(0.0), p, A, c), R.Region(sq(1.0), p, A, c)]
    assert R.count_affine_pieces_2d(far) == 2
    assert R.count_affine_pieces_2d(near) == 1
    touching_corner = [R.Region(sq(0.0), p, A, c),
                       R.Region(sq(1.0) + [0, 1], p, A, c)]
    assert R.count_affine_pieces_2d(touching_corner) == 2
    with pytest.raises(TypeError):
        R.count_affine_pieces_2d("regions")


# ---------------------------------------------------------------- 2-D folding, leaky ReLU and maxout

def _leaky_forward(layers, X, alpha):
    a = np.asarray(X, float)
    for W, b in layers[:-1]:
        z = a @ W + b
        a = np.where(z > 0, z, alpha * z)
    return a @ layers[-1][0] + layers[-1][1]


@pytest.mark.parametrize("k", [1, 2, 3])
def test_folding_net_attains_montufar_bound_and_is_mirror_symmetric(k):
    net = R.folding_net(k)
    assert R.count_regions_2d(net, (-2, 2, -2, 2)) == 7 * 4**k == R.montufar_lower_bound([4] * k + [3], 2)
    X = np.random.default_rng(k).uniform(-2, 2, size=(200, 2))
    f = R.forward(net, X)
    for flip in ([-1, 1], [1, -1]):                        # mirror about the axes
        np.testing.assert_allclose(R.forward(net, X * flip), f, atol=1e-12)
    side = 4 / 2**k                                        # ... and about every fold line
    Y = np.c_[np.random.default_rng(0).uniform(-2, -2 + side, 200), X[:, 1]]
    np.testing.assert_allclose(R.forward(net, np.c_[-4 + 2 * side - Y[:, 0], Y[:, 1]]), R.forward(net, Y),
                               atol=1e-12)


def test_folding_net_zero_folds_is_the_pattern():
    assert R.count_regions_2d(R.folding_net(0), (0, 1, 0, 1)) == 7   # 3 lines in general position
    assert R.count_regions_2d(R.folding_net(2, [(1.0, 0.0, 0.5)]), (-2, 2, -2, 2)) == 2 * 16


@pytest.mark.parametrize("widths,seed", [([8, 8], 0), ([6, 6, 6, 6], 1), ([3, 3, 3, 3], 1), ([5], 4)])
def test_relu_as_maxout_reproduces_partition_2d(widths, seed):
    net = R.random_relu_net(widths, seed=seed)
    lims = (-3, 3, -3, 3)
    mx = R.maxout_partition_2d(R.as_maxout(net, 0.0), lims)
    relu = R.partition_2d(net, lims)
    assert len(mx) == len(relu)
    assert {tuple(1 - r.pattern) for r in mx} == {tuple(r.pattern.astype(int)) for r in relu}


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_leaky_partition_is_exact(alpha):
    layers = R.relu_layers(R.random_relu_net([6, 6, 6], seed=1))
    lk = R.as_maxout(layers, alpha)
    X = np.random.default_rng(2).uniform(-3, 3, size=(300, 2))
    np.testing.assert_allclose(R.maxout_forward(lk, X), _leaky_forward(layers, X, alpha), atol=1e-12)
    regs = R.maxout_partition_2d(lk, (-3, 3, -3, 3))
    assert abs(sum(r.area for r in regs) - 36.0) < 1e-9          # the cells tile the box
    for r in regs:                                               # each cell: its own pattern and map
        x = r.centroid
        np.testing.assert_array_equal(R.maxout_pattern(lk, x)[0], r.pattern)
        np.testing.assert_allclose(r.A @ x + r.c, R.maxout_forward(lk, x)[0], atol=1e-10)
    # every pattern a fine grid finds is a region of the exact partition
    g = np.stack(np.meshgrid(np.linspace(-3, 3, 300), np.linspace(-3, 3, 300)), -1).reshape(-1, 2)
    found = {tuple(p) for p in R.maxout_pattern(lk, g)}
    exact = {tuple(r.pattern) for r in regs}
    assert found <= exact and len(found) > 0.8 * len(exact)
    # same first-layer arrangement as ReLU: first-layer patterns coincide
    relu_first = {tuple(r.pattern[:6].astype(int)) for r in R.partition_2d(layers, (-3, 3, -3, 3))}
    assert {tuple(1 - r.pattern[:6]) for r in regs} == relu_first


def test_random_maxout_partition_is_exact_and_matches_grid():
    net = R.random_maxout_net([5, 5], k=3, seed=4)
    assert net[0][0].shape == (2, 5, 3) and net[1][0].shape == (5, 5, 3) and net[2][0].shape == (5, 1)
    regs = R.maxout_partition_2d(net, (-2, 2, -2, 2))
    assert abs(sum(r.area for r in regs) - 16.0) < 1e-9
    assert len({tuple(r.pattern) for r in regs}) == len(regs)    # one region per pattern (convex cells)
    for r in regs:
        x = r.centroid
        np.testing.assert_array_equal(R.maxout_pattern(net, x)[0], r.pattern)
        np.testing.assert_allclose(r.A @ x + r.c, R.maxout_forward(net, x)[0], atol=1e-10)
    g = np.stack(np.meshgrid(np.linspace(-2, 2, 300), np.linspace(-2, 2, 300)), -1).reshape(-1, 2)
    found = {tuple(p) for p in R.maxout_pattern(net, g)}
    assert found <= {tuple(r.pattern) for r in regs} and len(found) > 0.8 * len(regs)


def test_one_layer_maxout_unit_count():
    # one maxout unit with k pieces in general position: at most k cells (max of k affine functions)
    net = R.random_maxout_net([1], k=4, seed=0, bias_std=0.1)
    assert 1 <= len(R.maxout_partition_2d(net, (-50, 50, -50, 50))) <= 4
    # k = 2: max(z1, z2) = z2 + relu(z1 - z2), one line per unit: Zaslavsky's count in a big box
    net = R.random_maxout_net([6], k=2, seed=3)
    assert len(R.maxout_partition_2d(net, (-1e3, 1e3, -1e3, 1e3))) == R.zaslavsky(6, 2)


def test_maxout_forward_by_hand():
    W = np.zeros((2, 1, 2)); W[0, 0, 0] = 1.0; W[1, 0, 1] = 1.0      # max(x1, x2)
    net = [(W, np.zeros((1, 2))), (np.array([[2.0]]), np.array([1.0]))]
    np.testing.assert_allclose(R.maxout_forward(net, [[3.0, -1.0], [0.0, 2.0]]), [[7.0], [5.0]])
    np.testing.assert_array_equal(R.maxout_pattern(net, [[3.0, -1.0], [0.0, 2.0]]), [[0], [1]])
    assert len(R.maxout_partition_2d(net, (-1, 1, -1, 1))) == 2
    with pytest.raises(ValueError, match="maxout"):
        R.maxout_layers([(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))])


def _pattern_constant_on_every_cell(net, regs):
    # a boundary through a cell's interior would put two of its vertices on opposite sides:
    # every vertex, moved 0.1 % towards the centroid, must show the cell's own pattern
    for r in regs:
        P = 0.999 * r.vertices + 0.001 * r.centroid
        pats = R.maxout_pattern(net, P)
        assert (pats == r.pattern).all()


@pytest.mark.parametrize("alpha", [0.05, 0.3])
def test_leaky_cells_are_not_split_and_keep_kinks(alpha):
    layers = R.relu_layers(R.random_relu_net([5, 5, 5], seed=2))
    lk = R.as_maxout(layers, alpha)
    regs = R.maxout_partition_2d(lk, (-3, 3, -3, 3))
    _pattern_constant_on_every_cell(lk, regs)
    assert len({tuple(r.pattern) for r in regs}) == len(regs)
    # every leaky kink is a boundary: neighbouring cells carry different maps
    assert R.count_affine_pieces_2d(regs) == len(regs)
    # the first layer's lines (the same as ReLU's) are all still boundaries
    assert len(regs) >= len(R.partition_2d(layers[:1] + [(np.ones((5, 1)), np.zeros(1))], (-3, 3, -3, 3)))


def test_maxout_cells_are_not_split():
    net = R.random_maxout_net([4, 4], k=3, seed=7)
    _pattern_constant_on_every_cell(net, R.maxout_partition_2d(net, (-2, 2, -2, 2)))


def test_one_maxout_unit_has_one_cell_per_winning_piece():
    net = R.random_maxout_net([1], k=4, seed=0, bias_std=0.1)
    regs = R.maxout_partition_2d(net, (-50, 50, -50, 50))
    g = np.stack(np.meshgrid(np.linspace(-50, 50, 400), np.linspace(-50, 50, 400)), -1).reshape(-1, 2)
    winners = set(R.maxout_pattern(net, g)[:, 0])
    assert len(regs) == len(winners) and {int(r.pattern[0]) for r in regs} == winners
