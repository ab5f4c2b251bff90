"""Bad-input cases for actbook.train."""

import numpy as np
import pytest
from hypothesis import strategies as st

from actbook import datasets, nets, train

from .harness import (Case, bad_batch_size, T, V, bad_bool, bad_callable, bad_choice, bad_int, bad_model, bad_real,
                      bad_seed, constant, make_tests, trivial_class, wrong_type)

X, Y = datasets.xor(24, seed=1)
MODEL = st.builds(lambda s, bn: nets.mlp([2, 4, 2], seed=s, batchnorm=bn), st.integers(0, 99), st.booleans())


def _trained(seed=0, momentum=0.0):
    m = nets.mlp([2, 4, 2], seed=seed)
    out = m.forward(X, training=True)
    from actbook import losses
    m.backward(losses.cross_entropy(out, Y)[1])
    return m


GRADS = st.builds(lambda s: [np.random.default_rng(s).normal(size=(3, 2)), np.ones(4)], st.integers(0, 99))
BAD_X = st.one_of(st.tuples(st.sampled_from([np.zeros((24, 3)), np.zeros((0, 2)), np.full((24, 2), np.nan),
                                             np.zeros(24)]), st.just(V)),
                  st.tuples(st.sampled_from(["X", np.array([["a", "b"]] * 24)]), st.just(T)))
BAD_Y = st.one_of(st.tuples(st.sampled_from([Y.astype(float), Y[:5], np.full(24, 9), np.full(24, np.nan)]),
                            st.just(V)),
                  st.tuples(st.sampled_from([np.array(["a"] * 24), None]), st.just(T)))
CLIP = st.one_of(bad_real(0.0, low_open=True, types=False), st.tuples(st.sampled_from(["1", [1.0]]), st.just(T)))
SGD_VALID = {"model": st.builds(_trained, st.integers(0, 9)), "lr": st.floats(1e-4, 1.0),
             "momentum": st.floats(0, 0.99), "velocity": st.builds(dict),
             "weight_decay": st.floats(0, 1e-2), "clip_norm": st.one_of(st.none(), st.floats(0.1, 10))}

CASES = {
    "BLOWUP": constant(train.BLOWUP, lambda v: v == 10.0),
    "History": trivial_class(train.History, loss=[1.0, 0.5]),
    "is_blowup": Case(train.is_blowup, valid={"loss": st.floats(allow_nan=True), "initial": st.floats(0, 10),
                                              "blowup": st.floats(1.01, 100)},
                      bad={"loss": wrong_type(), "initial": wrong_type(),
                           "blowup": bad_real(1.0, low_open=True)}, finite=False,
                      check=lambda out, kw: isinstance(out, bool)),
    "train": Case(train.train,
                  valid={"model": MODEL, "X": X, "y": Y, "epochs": st.integers(0, 2),
                         "batch_size": st.sampled_from([None, 5, 8, 23]), "lr": st.floats(1e-3, 0.5),
                         "momentum": st.floats(0, 0.9), "weight_decay": st.floats(0, 1e-3),
                         "clip_norm": st.one_of(st.none(), st.floats(0.1, 5)), "seed": st.integers(0, 9)},
                  bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y, "loss": bad_choice("cross_entropy"),
                       "lr": bad_real(0.0, low_open=True), "epochs": bad_int(0, 10**6),
                       "batch_size": bad_batch_size(1), "momentum": bad_real(0.0, 1.0, high_open=True),
                       "weight_decay": bad_real(0.0), "clip_norm": CLIP,
                       "seed": bad_seed(), "blowup": bad_real(1.0, low_open=True),
                       "record_grad_norms": bad_bool(),
                       "callback": st.tuples(st.sampled_from([3, "f", [1.0]]), st.just(T))},
                  check=lambda h, kw: len(h.loss) == h.epochs + 1, finite=False, valid_examples=5,
                  bad_examples=5),
    "evaluate": Case(train.evaluate, valid={"model": MODEL, "X": X, "y": Y},
                     bad={"model": bad_model(), "X": BAD_X, "y": BAD_Y, "loss": bad_choice("cross_entropy")},
                     check=lambda out, kw: 0 <= out[1] <= 1),
    "predict_labels": Case(train.predict_labels, valid={"model": MODEL, "X": X},
                           bad={"model": bad_model(), "X": BAD_X, "loss": bad_choice("cross_entropy")},
                           check=lambda out, kw: out.shape == (24,)),
    "sgd_step": Case(train.sgd_step, valid=SGD_VALID,
                     bad={"model": bad_model(), "lr": bad_real(0.0, low_open=True),
                          "momentum": bad_real(0.0, 1.0, high_open=True), "weight_decay": bad_real(0.0),
                          "clip_norm": CLIP,
                          "velocity": st.tuples(st.sampled_from([[], 3, "v"]), st.just(T))},
                     finite=False),
    "clip_by_norm": Case(train.clip_by_norm, valid={"grads": GRADS, "max_norm": st.floats(1e-3, 10)},
                         mutates=("grads",),
                         bad={"grads": st.one_of(st.tuples(st.sampled_from([3, np.ones(3), [[1.0]], [np.ones(2, int)]]),
                                                           st.just(T)),
                                                 st.tuples(st.just([np.array([np.nan])]), st.just(V))),
                              "max_norm": bad_real(0.0, low_open=True)}),
}

test_valid, test_bad = make_tests(CASES)


def test_sgd_step_with_nan_lr_raises_and_keeps_weights():
    m = _trained()
    before = [l.params[k].copy() for l, k in m.parameters()]
    with pytest.raises(ValueError, match="lr"):
        train.sgd_step(m, lr=float("nan"))
    assert all(np.array_equal(b, l.params[k]) for b, (l, k) in zip(before, m.parameters()))


def test_clip_by_norm_negative_raises():
    g = [np.ones(3)]
    with pytest.raises(ValueError, match="max_norm"):
        train.clip_by_norm(g, -1.0)
    np.testing.assert_array_equal(g[0], 1.0)


def test_batchnorm_last_batch_of_one_row_is_merged():
    Xs, ys = datasets.xor(200, seed=0)
    h = train.train(nets.mlp([2, 4, 2], batchnorm=True), Xs[:17], ys[:17], batch_size=8, epochs=3)
    assert h.diverged_at is None and len(h.loss) == 4
    b = train._batches(np.arange(17), 8, merge_single=True)
    assert [len(i) for i in b] == [8, 9]
    assert [len(i) for i in train._batches(np.arange(17), 8, merge_single=False)] == [8, 8, 1]


def test_batchnorm_with_batches_of_one_row_is_refused():
    with pytest.raises(ValueError, match="batch_size"):
        train.train(nets.mlp([2, 4, 2], batchnorm=True), X, Y, batch_size=1, epochs=1)
    train.train(nets.mlp([2, 4, 2]), X, Y, batch_size=1, epochs=1)  # fine without batch norm


def test_errors_forwarded_from_the_loss_name_y():
    with pytest.raises(ValueError, match=r"\by\b"):
        train.train(nets.mlp([2, 4, 2]), X, Y.astype(float), epochs=1)
    with pytest.raises(ValueError, match="y_val"):
        train.train(nets.mlp([2, 4, 2]), X, Y, X_val=X, y_val=np.full(24, 5), epochs=1)


def test_momentum_without_velocity_names_velocity():
    with pytest.raises(TypeError, match="velocity"):
        train.sgd_step(_trained(), 0.1, momentum=0.9)
