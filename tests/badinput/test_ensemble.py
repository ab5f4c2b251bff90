"""Bad-input cases for actbook.ensemble (chapter 9)."""

import numpy as np
from hypothesis import strategies as st

from actbook import datasets, ensemble as E, nets

from .harness import (Case, T, V, arrays, bad_array, bad_int, bad_int_sequence, bad_model, bad_real, bad_seed,
                      make_tests)

X, Y = datasets.moons(16, seed=0)
DNET = st.builds(lambda s: nets.mlp([2, 3, 2], dropout=0.5, seed=s), st.integers(0, 9))
BAD_X = st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((4, 3))), st.just(V)))
BAD_P = bad_real(0.0, 1.0, high_open=True)
LOGITS = arrays((4, 5, 3), -5, 5)
W4 = st.just(np.full(4, 0.25))
BAD_W = st.tuples(st.sampled_from([np.ones(3), -np.ones(4), np.zeros(4), [np.nan] * 4]), st.just(V))


def _runs(epochs=2):
    return E.dropout_runs(X, Y, X, Y, [0.0, 0.5], [0, 1], hidden=(3,), epochs=epochs)


RUNS = st.builds(_runs, st.integers(1, 2))
BAD_RUNS = st.one_of(st.tuples(st.just([]), st.just(V)), st.tuples(st.sampled_from([3, [1, 2], "r"]), st.just(T)))

CASES = {
    "all_masks": Case(E.all_masks, valid={"n": st.integers(1, 10)}, bad={"n": bad_int(1, 20)},
                      check=lambda out, kw: out.shape == (2 ** kw["n"], kw["n"])),
    "mask_weights": Case(E.mask_weights, valid={"masks": st.builds(E.all_masks, st.integers(1, 5)), "p": st.floats(0, 0.9)},
                         bad={"masks": st.one_of(st.tuples(st.sampled_from([np.full((2, 2), 0.5), np.zeros(3)]), st.just(V)),
                                                 st.tuples(st.just("m"), st.just(T))),
                              "p": st.one_of(bad_real(0.0, 1.0, high_open=True, types=False),
                                             st.tuples(st.sampled_from(["1", None]), st.just(T)),
                                             st.tuples(st.just([0.1] * 7), st.just(V)))},
                         check=lambda out, kw: abs(out.sum() - 1) < 1e-9),
    "dropout_layers": Case(lambda model: len(E.dropout_layers(model)), valid={"model": DNET}, bad={"model": bad_model()}),
    "dropout_widths": Case(E.dropout_widths, valid={"model": DNET, "n_in": 2},
                           bad={"model": bad_model(), "n_in": st.one_of(bad_int(1), st.tuples(st.just(5), st.just(V)))}),
    "forward_dropout_only": Case(E.forward_dropout_only, valid={"model": DNET, "X": X},
                                 bad={"model": bad_model(), "X": BAD_X}, seeded=True),
    "subnetwork_logits": Case(E.subnetwork_logits, valid={"model": DNET, "X": X},
                              bad={"model": st.one_of(bad_model(), st.tuples(st.just(nets.mlp([2, 3, 2])), st.just(V))),
                                   "X": BAD_X,
                                   "masks": st.tuples(st.sampled_from([np.ones((2, 5)), np.full((2, 3), 0.5)]), st.just(V))}),
    "arithmetic_mean": Case(E.arithmetic_mean, valid={"logits": LOGITS, "weights": W4},
                            bad={"logits": bad_array(ndim=3), "weights": BAD_W}),
    "geometric_mean": Case(E.geometric_mean, valid={"logits": LOGITS, "weights": W4},
                           bad={"logits": bad_array(ndim=3), "weights": BAD_W}),
    "inference_rules": Case(E.inference_rules, valid={"model": DNET, "X": X},
                            bad={"model": bad_model(), "X": BAD_X}),
    "rule_gaps": Case(lambda probs, **kw: E.rule_gaps(probs(), **kw),
                      valid={"probs": st.just(lambda: E.inference_rules(nets.mlp([2, 3, 2], dropout=0.5), X)),
                             "y": st.sampled_from([None, Y])},
                      bad={"probs": st.tuples(st.sampled_from([lambda: 3, lambda: {"arithmetic": 1}]), st.just(V)),
                           "y": st.tuples(st.sampled_from([Y[:3], np.array(["a"] * 16)]), st.just((ValueError, TypeError)))}),
    "distinct_masks_bound": Case(E.distinct_masks_bound, valid={"n_units": st.integers(1, 200), "steps": st.integers(1, 10**6),
                                                                "batch_size": st.integers(1, 256)},
                                 bad={"n_units": bad_int(1), "steps": bad_int(1), "batch_size": bad_int(1)}),
    "UnscaledDropout": Case(lambda **kw: E.UnscaledDropout(**kw).forward(np.ones((2, 3)), training=True),
                            valid={"p": st.floats(0, 0.9), "rng": st.integers(0, 9), "eval_scale": st.floats(0.01, 1)},
                            bad={"p": BAD_P, "rng": bad_seed(), "eval_scale": bad_real(0.0, 1.0, low_open=True)}),
    "dropout_output_moments": Case(E.dropout_output_moments, valid={"x": arrays((3,)), "p": st.floats(0, 0.9),
                                                                    "n_samples": st.integers(2, 200)},
                                   bad={"x": bad_array(empty=False), "p": BAD_P, "n_samples": bad_int(2, 10**7),
                                        "seed": bad_seed()}),
    "mc_dropout_samples": Case(E.mc_dropout_samples, valid={"model": DNET, "X": X, "n_samples": st.integers(1, 10)},
                               bad={"model": st.one_of(bad_model(), st.tuples(st.just(nets.mlp([2, 3, 2])), st.just(V))),
                                    "X": BAD_X, "n_samples": bad_int(1, 10**5), "seed": bad_seed()}),
    "mc_predict": Case(E.mc_predict, valid={"samples": arrays((5, 4, 2))},
                       bad={"samples": st.one_of(bad_array(ndim=3), st.tuples(st.just(np.zeros((1, 2, 2))), st.just(V)))}),
    "unit_ablation_accuracy": Case(E.unit_ablation_accuracy, valid={"model": DNET, "X": X, "y": Y,
                                                                    "fraction": st.floats(0, 0.9),
                                                                    "n_repeats": st.integers(1, 5)},
                                   bad={"model": bad_model(), "X": BAD_X,
                                        "y": st.tuples(st.sampled_from([Y[:3]]), st.just(V)),
                                        "fraction": BAD_P, "n_repeats": bad_int(1, 10**5), "layer": bad_int(0, 0),
                                        "seed": bad_seed()}),
    "bn_variance_shift": Case(E.bn_variance_shift, valid={"p": st.floats(0, 0.8), "width": st.integers(2, 8),
                                                          "n": st.integers(2, 32), "steps": st.integers(1, 5)},
                              bad={"p": BAD_P, "width": bad_int(2, 10**4), "n": bad_int(2, 10**6),
                                   "steps": bad_int(1, 10**6), "seed": bad_seed()}),
    "Run": Case(lambda: _runs(1)[0].p, valid_examples=1),
    "dropout_runs": Case(E.dropout_runs, valid={"X": X, "y": Y, "X_test": X, "y_test": Y, "rates": st.just([0.0, 0.3]),
                                                "seeds": st.just([0]), "hidden": (3,), "epochs": st.integers(0, 2)},
                         bad={"X": bad_array(ndim=2), "y": st.tuples(st.sampled_from([Y[:3], Y * 0.5]), st.just(V)),
                              "X_test": st.tuples(st.sampled_from([np.zeros((16, 3)), np.full((16, 2), np.nan)]), st.just(V)),
                              "y_test": st.tuples(st.sampled_from([Y[:3], Y * 0.5]), st.just(V)),
                              "rates": st.one_of(st.tuples(st.sampled_from([[], [1.0], [np.nan]]), st.just(V)),
                                                 st.tuples(st.sampled_from([0.5, None]), st.just(T))),
                              "seeds": st.tuples(st.sampled_from([[], [-1], 3]), st.just((ValueError, TypeError))),
                              "hidden": bad_int_sequence(), "input_dropout": BAD_P, "epochs": bad_int(0, 10**6)},
                         names={"rates": ("rates",), "seeds": ("seeds",), "y_test": ("y_test", "X_test")},
                         finite=False, valid_examples=2, bad_examples=3),
    "explorer_curves": Case(E.explorer_curves, valid={"runs": RUNS, "p": st.sampled_from([0.0, 0.5])},
                            bad={"runs": BAD_RUNS, "p": st.one_of(BAD_P, st.tuples(st.just(0.25), st.just(V)))},
                            valid_examples=2, bad_examples=3),
    "final_metrics": Case(E.final_metrics, valid={"runs": RUNS, "last": st.integers(1, 3)},
                          bad={"runs": BAD_RUNS, "last": bad_int(1)}, valid_examples=2, bad_examples=3),
}

BAD_SEEDS = st.one_of(st.tuples(st.sampled_from([[], [-1]]), st.just(V)),
                      st.tuples(st.sampled_from([0, None, "01", [1.5]]), st.just(T)))
STOP = dict(X=X, y=Y, X_val=X, y_val=Y, X_test=X, y_test=Y)
CASES["stopping_curves"] = Case(
    E.stopping_curves, valid={**STOP, "seeds": st.sampled_from([[0], [1, 2]]), "hidden": (3,),
                              "epochs": st.integers(1, 2), "batch_size": 8, "dropout": st.sampled_from([0.0, 0.5]),
                              "weight_decay": st.sampled_from([0.0, 1e-3])},
    bad={"X": BAD_X, "y": st.tuples(st.sampled_from([Y[:3], Y * 0.5, -Y - 1]), st.just(V)),
         "seeds": BAD_SEEDS, "dropout": BAD_P, "weight_decay": bad_real(0.0), "epochs": bad_int(1, 10**6)},
    check=lambda out, kw: out["val_loss"].shape == (len(kw["seeds"]), kw["epochs"] + 1),
    valid_examples=2, bad_examples=3)
BAD_LOSS = st.one_of(bad_array(ndim=2), st.tuples(st.just(np.zeros((3, 4))), st.just(V)))
CASES["early_stopping_choice"] = Case(
    E.early_stopping_choice, valid={"val_loss": arrays((3, 5), 0, 2), "test_loss": arrays((3, 5), 0, 2)},
    bad={"val_loss": BAD_LOSS, "test_loss": BAD_LOSS},
    check=lambda out, kw: out[0].shape == out[1].shape == (3,))
BAD_VEC = st.one_of(bad_array(ndim=1), st.tuples(st.sampled_from([np.zeros(4), np.zeros(1)]), st.just(V)))
CASES["paired_summary"] = Case(
    E.paired_summary, valid={"a": arrays((5,)), "b": arrays((5,), -4.0, 6.0)}, bad={"a": BAD_VEC, "b": BAD_VEC},
    check=lambda out, kw: out["n"] == 5 and 0 <= out["n_pos"] <= 5 and 0 <= out["p_value"] <= 1)

test_valid, test_bad = make_tests(CASES)
