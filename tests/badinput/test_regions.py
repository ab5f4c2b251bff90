"""Bad-input cases for actbook.regions (chapter 6)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from actbook import nets, regions as R  # noqa: E402

from .harness import (Case, T, V, arrays, bad_array, bad_choice, bad_int, bad_int_sequence, bad_real,  # noqa: E402
                      bad_seed, make_tests, trivial_class)

NET = st.builds(lambda s, w: R.random_relu_net([w, w], seed=s), st.integers(0, 20), st.integers(1, 4))
BAD_NET = st.one_of(st.tuples(st.sampled_from([3, "net", None]), st.just(T)),
                    st.tuples(st.just(nets.mlp([2, 3, 1], activation="tanh")), st.just(V)))
PTS = arrays((6, 2), -2, 2)
BAD_PTS = st.one_of(st.tuples(st.sampled_from([np.zeros((3, 3)), np.full((2, 2), np.nan), np.zeros((2, 2, 2))]),
                              st.just(V)), st.tuples(st.just("X"), st.just(T)))
BAD_LIMS = st.one_of(st.tuples(st.sampled_from([(2, -2, -2, 2), (0, 1), (0, 1, 0, np.nan)]), st.just(V)),
                     st.tuples(st.just("abcd"), st.just(T)))
P0 = arrays((2,), -2, 2)
BAD_P0 = st.one_of(st.tuples(st.sampled_from([np.zeros(3), [np.nan, 0.0]]), st.just(V)), st.tuples(st.just("x"), st.just(T)))


def _plot(**kw):
    fig, ax = plt.subplots()
    try:
        R.plot_partition(ax, **kw)
        return True
    finally:
        plt.close(fig)


def _regions(seed=0):
    return R.partition_2d(R.random_relu_net([3], seed=seed))


CASES = {
    "Region": Case(lambda: _regions()[0].area > 0),
    "RegionView": Case(lambda: R.explorer_view(2, 1).summary(), finite=False),
    "relu_layers": Case(lambda net: len(R.relu_layers(net)), valid={"net": NET}, bad={"net": BAD_NET}),
    "random_relu_net": Case(lambda **kw: R.random_relu_net(**kw)(np.zeros((1, kw.get("n_in", 2)))),
                            valid={"widths": st.lists(st.integers(1, 5), min_size=1, max_size=3),
                                   "n_in": st.integers(1, 3), "seed": st.integers(0, 9), "bias_std": st.floats(0, 2)},
                            bad={"widths": st.one_of(bad_int_sequence(), st.tuples(st.just([10**5, 10**5]), st.just(V))),
                                 "n_in": bad_int(1), "n_out": bad_int(1), "seed": bad_seed(), "bias_std": bad_real(0.0)}),
    "sawtooth_net": Case(lambda depth: R.sawtooth_net(depth)(np.linspace(0, 1, 5)[:, None]),
                         valid={"depth": st.integers(1, 10)}, bad={"depth": bad_int(1, 50)}),
    "forward": Case(R.forward, valid={"net": NET, "X": PTS}, bad={"net": BAD_NET, "X": BAD_PTS}),
    "preactivations": Case(R.preactivations, valid={"net": NET, "X": PTS}, bad={"net": BAD_NET, "X": BAD_PTS}),
    "activation_pattern": Case(R.activation_pattern, valid={"net": NET, "X": PTS}, bad={"net": BAD_NET, "X": BAD_PTS}),
    "affine_map": Case(R.affine_map, valid={"net": NET, "x": P0}, bad={"net": BAD_NET, "x": BAD_P0}),
    "affine_maps": Case(R.affine_maps, valid={"net": NET, "X": PTS}, bad={"net": BAD_NET, "X": BAD_PTS}),
    "numerical_jacobian": Case(R.numerical_jacobian, valid={"net": NET, "x": P0, "h": st.floats(1e-8, 1e-4)},
                               bad={"net": BAD_NET, "x": BAD_P0, "h": bad_real(0.0, low_open=True)}),
    "pattern_labels": Case(R.pattern_labels, valid={"patterns": st.builds(
                               lambda s: np.random.default_rng(s).random((6, 3)) > 0.5, st.integers(0, 99))},
                           bad={"patterns": st.one_of(st.tuples(st.just(np.zeros(3)), st.just(V)),
                                                      st.tuples(st.just("p"), st.just(T)))}),
    "grid_regions": Case(R.grid_regions, valid={"net": NET, "n": st.integers(2, 30)},
                         bad={"net": st.one_of(BAD_NET, st.tuples(st.just(R.random_relu_net([2], n_in=3)), st.just(V))),
                              "lims": BAD_LIMS, "n": bad_int(2, 2000)},
                         names={"net": ("net", "network")}),
    "line_profile": Case(R.line_profile, valid={"net": NET, "x0": P0, "x1": P0}, bad={"net": BAD_NET, "x0": BAD_P0, "x1": BAD_P0}),
    "count_regions_line": Case(R.count_regions_line, valid={"net": NET, "x0": P0, "x1": P0},
                               bad={"net": BAD_NET, "x0": BAD_P0, "x1": BAD_P0}),
    "count_linear_pieces": Case(R.count_linear_pieces, valid={"t": st.just(np.linspace(0, 1, 6)), "y": arrays((6,))},
                                bad={"t": st.tuples(st.sampled_from([np.ones(6), np.zeros(1), [np.nan] * 6]), st.just(V)),
                                     "y": st.tuples(st.sampled_from([np.zeros(5), np.zeros(7)]), st.just(V)),
                                     "rtol": bad_real(0.0)}),
    "partition_2d": Case(R.partition_2d, valid={"net": NET}, bad={"net": BAD_NET, "lims": BAD_LIMS}),
    "count_regions_2d": Case(R.count_regions_2d, valid={"net": NET}, bad={"net": BAD_NET, "lims": BAD_LIMS}),
    "count_regions_exact": Case(R.count_regions_exact, valid={"net": NET, "lims": st.sampled_from([None, (-1, 1, -1, 1)])},
                                bad={"net": BAD_NET, "lims": BAD_LIMS}, valid_examples=3),
    "zaslavsky": Case(R.zaslavsky, valid={"n": st.integers(0, 10**4), "d": st.integers(0, 50)},
                      bad={"n": bad_int(0, 10**9), "d": bad_int(0)},
                      names={"n": ("n",), "d": ("d",)}),
    "montufar_lower_bound": Case(R.montufar_lower_bound, valid={"widths": st.lists(st.integers(3, 50), min_size=1, max_size=4),
                                                                "n_in": st.integers(1, 3)},
                                 bad={"widths": st.one_of(bad_int_sequence(),                                                           st.tuples(st.just([10**6]), st.just(V))),
                                      "n_in": bad_int(1)},
                                 names={"widths": ("widths",)}),
    "serra_upper_bound": Case(R.serra_upper_bound, valid={"widths": st.lists(st.integers(1, 50), min_size=1, max_size=4),
                                                          "n_in": st.integers(1, 10)},
                              bad={"widths": st.one_of(bad_int_sequence(), st.tuples(st.just([10**6]), st.just(V))),
                                   "n_in": bad_int(1, 100)}),
    "explorer_view": Case(lambda **kw: R.explorer_view(**kw).count,
                          valid={"width": st.integers(2, 4), "depth": st.integers(1, 2), "seed": st.integers(0, 9)},
                          bad={"width": bad_int(2, 64), "depth": bad_int(1, 8), "seed": bad_int(0),
                               "bias_std": bad_real(0.0), "lims": BAD_LIMS}, valid_examples=3, bad_examples=3),
    "plot_partition": Case(_plot, valid={"regions": st.builds(_regions, st.integers(0, 5)),
                                         "by": st.sampled_from(["pattern", "output"])},
                           bad={"regions": st.tuples(st.sampled_from([3, [1, 2]]), st.just(T)),
                                "by": st.tuples(st.sampled_from(["colour", 3]), st.just(V)), "lims": BAD_LIMS},
                           seeded=False, warns_ok=True, valid_examples=2, bad_examples=3),
}

REGS = st.builds(lambda s, w: R.partition_2d(R.random_relu_net([w, w], seed=s)), st.integers(0, 20),
                 st.integers(1, 3))
CASES["count_affine_pieces_2d"] = Case(
    R.count_affine_pieces_2d, valid={"regs": REGS, "atol": st.floats(0, 1e-6)},
    bad={"regs": st.tuples(st.sampled_from([3, None, "regs", [1, 2]]), st.just(T)), "atol": bad_real(0.0)},
    check=lambda out, kw: 1 <= out <= len(kw["regs"]))

MAXOUT = st.builds(lambda s, w, k: R.random_maxout_net([w, w], k=k, seed=s), st.integers(0, 20), st.integers(1, 3),
                   st.integers(2, 3))
BAD_MAXOUT = st.one_of(st.tuples(st.sampled_from([3, "net", None, [1, 2]]), st.just(T)),
                       st.tuples(st.just([(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))]), st.just(V)),
                       st.tuples(st.just([(np.zeros((2, 3, 2)), np.zeros((3, 2))), (np.zeros((4, 1)), np.zeros(1))]),
                                 st.just(V)),
                       st.tuples(st.just([(np.full((2, 3, 2), np.nan), np.zeros((3, 2))), (np.zeros((3, 1)), np.zeros(1))]),
                                 st.just(V)))
CASES["folding_net"] = Case(lambda **kw: R.forward(R.folding_net(**kw), np.zeros((1, 2))),
                            valid={"folds": st.integers(0, 4)},
                            bad={"folds": bad_int(0, 8),
                                 "lines": st.one_of(st.tuples(st.sampled_from([[], [(1.0, 2.0)], [(np.nan, 0.0, 1.0)]]),
                                                              st.just(V)),
                                                    st.tuples(st.just("lines"), st.just(T)))})
CASES["maxout_layers"] = Case(lambda net: len(R.maxout_layers(net)), valid={"net": MAXOUT}, bad={"net": BAD_MAXOUT})
CASES["as_maxout"] = Case(lambda **kw: R.maxout_forward(R.as_maxout(**kw), np.zeros((1, 2))),
                          valid={"net": NET, "negative_slope": st.floats(0, 0.99)},
                          bad={"net": BAD_NET, "negative_slope": bad_real(0.0, 1.0, high_open=True)})
CASES["random_maxout_net"] = Case(lambda **kw: R.maxout_forward(R.random_maxout_net(**kw), np.zeros((1, kw.get("n_in", 2)))),
                                  valid={"widths": st.lists(st.integers(1, 5), min_size=1, max_size=3),
                                         "k": st.integers(2, 4), "n_in": st.integers(1, 3), "seed": st.integers(0, 9),
                                         "bias_std": st.floats(0, 2)},
                                  bad={"widths": st.one_of(bad_int_sequence(), st.tuples(st.just([10**4, 10**4]), st.just(V))),
                                       "k": bad_int(2, 64), "n_in": bad_int(1, 10**4), "n_out": bad_int(1, 10**4),
                                       "seed": bad_seed(), "bias_std": bad_real(0.0)})
CASES["maxout_forward"] = Case(R.maxout_forward, valid={"net": MAXOUT, "X": PTS}, bad={"net": BAD_MAXOUT, "X": BAD_PTS})
CASES["maxout_pattern"] = Case(R.maxout_pattern, valid={"net": MAXOUT, "X": PTS}, bad={"net": BAD_MAXOUT, "X": BAD_PTS})
CASES["maxout_partition_2d"] = Case(R.maxout_partition_2d, valid={"net": MAXOUT},
                                    bad={"net": st.one_of(BAD_MAXOUT, st.tuples(st.just(R.random_maxout_net([2], n_in=3)),
                                                                               st.just(V))),
                                         "lims": BAD_LIMS},
                                    names={"net": ("net", "network")},
                                    check=lambda out, kw: abs(sum(r.area for r in out) - 16.0) < 1e-9)

test_valid, test_bad = make_tests(CASES)


def test_zaslavsky_is_bounded():
    assert R.zaslavsky(10**6, 10**6) == 2 ** (10**6)
    with pytest.raises(ValueError):
        R.zaslavsky(10**7, 10**7)
