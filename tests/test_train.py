"""Tests of actbook.train."""

import warnings

import numpy as np
import pytest

from actbook import datasets, nets, train


def test_training_reduces_loss_and_learns_xor():
    X, y = datasets.xor(200, noise=0.1, seed=0)
    m = nets.mlp([2, 8, 2], "tanh", seed=0)
    h = train.train(m, X, y, lr=0.5, epochs=60, batch_size=32, seed=0)
    assert len(h.loss) == 61 and h.diverged_at is None
    assert h.loss[-1] < 0.25 * h.loss[0]
    assert h.accuracy[-1] >= 0.97
    assert (train.predict_labels(m, X) == y).mean() == h.accuracy[-1]


def test_linear_model_cannot_learn_xor():
    X, y = datasets.xor_points()
    m = nets.mlp([2, 2], seed=0)  # no hidden layer: logistic/softmax regression
    h = train.train(m, X, y, lr=0.5, epochs=500, batch_size=None)
    assert max(h.accuracy) <= 0.75


def test_history_is_deterministic_given_seed():
    X, y = datasets.moons(100, seed=1)
    runs = []
    for _ in range(2):
        m = nets.mlp([2, 8, 2], "relu", seed=3, dropout=0.2)
        runs.append(train.train(m, X, y, lr=0.1, epochs=5, seed=4).loss)
    assert runs[0] == runs[1]


def test_binary_and_regression_losses_and_validation_history():
    X, y = datasets.circles(200, seed=0)
    Xtr, Xte, ytr, yte = datasets.train_test_split(X, y, 0.25, seed=0)
    m = nets.mlp([2, 16, 1], "relu", seed=0)
    h = train.train(m, Xtr, ytr.astype(float), loss="bce", lr=0.5, epochs=80, X_val=Xte, y_val=yte.astype(float))
    assert len(h.val_loss) == len(h.loss) == 81
    assert h.val_accuracy[-1] > 0.9
    xs = np.linspace(-1, 1, 64)[:, None]
    m = nets.mlp([1, 16, 1], "tanh", seed=0)
    h = train.train(m, xs, xs**2, loss="mse", lr=0.2, epochs=200, batch_size=16)
    assert h.loss[-1] < 0.1 * h.loss[0]
    assert np.isnan(h.accuracy[-1])


def test_grad_norm_recording_and_momentum():
    X, y = datasets.spirals(90, seed=0)
    m = nets.mlp([2, 10, 10, 10, 3], "sigmoid", seed=0)
    h = train.train(m, X, y, lr=0.1, epochs=3, momentum=0.9, record_grad_norms=True)
    g = h.grad_norm_array()
    assert g.shape == (3, 4) and np.all(g > 0)


def test_divergence_is_caught_and_clipping_prevents_it():
    X, y = datasets.moons(100, seed=0)
    target = 3 * X[:, :1]
    m = nets.mlp([2, 32, 32, 1], "relu", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # divergence is reported, not warned about
        h = train.train(m, X, target, loss="mse", lr=2.0, epochs=20)
    assert h.diverged_at is not None and h.epochs == h.diverged_at
    assert not np.isfinite(h.loss[-1]) or h.loss[-1] > train.BLOWUP * h.loss[0]
    m2 = nets.mlp([2, 32, 32, 1], "relu", seed=0)
    h2 = train.train(m2, X, target, loss="mse", lr=2.0, epochs=20, clip_norm=0.25)
    assert h2.diverged_at is None and max(h2.loss) == h2.loss[0] and h2.loss[-1] < 0.25 * h2.loss[0]


def test_clip_by_norm():
    gs = [np.array([3.0]), np.array([4.0])]
    before = train.clip_by_norm(gs, 1.0)
    assert before == 5.0
    assert np.sqrt(gs[0] ** 2 + gs[1] ** 2)[0] == pytest.approx(1.0)


def test_train_argument_errors():
    X, y = datasets.xor_points()
    m = nets.mlp([2, 3, 2])
    with pytest.raises(ValueError, match="lr must be in \\(0.0, inf\\]"):
        train.train(m, X, y, lr=0)
    with pytest.raises(ValueError, match="X and y must have the same number of rows"):
        train.train(m, X, y[:3])
    with pytest.raises(ValueError, match="X must be finite"):
        train.train(m, np.full((4, 2), np.inf), y)
    with pytest.raises(ValueError, match="y must be finite"):
        train.train(m, X, np.array([0.0, np.nan, 1.0, 0.0]), loss="mse")
    with pytest.raises(TypeError, match="model must be a Sequential"):
        train.train("net", X, y)
    with pytest.raises(ValueError, match="batch_size must be an integer in \\[1, inf\\]"):
        train.train(m, X, y, batch_size=0)
    with pytest.raises(ValueError, match="momentum must be in"):
        train.train(m, X, y, momentum=1.0)


def test_is_blowup_rule():
    assert train.is_blowup(float("nan"), 1.0) and train.is_blowup(float("inf"), 1.0)
    assert train.is_blowup(10.5, 1.0) and not train.is_blowup(9.9, 1.0)
    assert train.is_blowup(3.0, 1.0, blowup=2.0)
    assert not train.is_blowup(5.0, 0.0)  # a perfect start: only non-finite counts


class _SpikeOnce(nets.Sequential):
    """A network whose training-mode output spikes to 1e25 on one mini-batch, then behaves."""

    def __init__(self, layers, spike_call):
        super().__init__(layers)
        self.calls, self.spike_call = 0, spike_call

    def forward(self, x, training=False):
        out = super().forward(x, training)
        if training:
            self.calls += 1
            if self.calls == self.spike_call:
                return out * 0 + 1e25
        return out


def test_blowup_that_recovers_is_diverged():
    """A loss that blows up to ~1e50 inside an epoch and comes back down is a divergence."""
    X, y = datasets.moons(64, seed=0)
    base = nets.mlp([2, 8, 1], "tanh", seed=0)
    m = _SpikeOnce(base.layers, spike_call=3)  # third mini-batch of epoch 1
    h = train.train(m, X, 3 * X[:, :1], loss="mse", lr=0.05, epochs=5, batch_size=16)
    assert h.diverged_at == 1
    # without the spike the same run trains normally
    m2 = nets.mlp([2, 8, 1], "tanh", seed=0)
    h2 = train.train(m2, X, 3 * X[:, :1], loss="mse", lr=0.05, epochs=5, batch_size=16)
    assert h2.diverged_at is None and h2.loss[-1] < h2.loss[0]


def test_epoch_loss_above_blowup_factor_is_diverged():
    X, y = datasets.moons(100, seed=0)
    m = nets.mlp([2, 32, 32, 1], "relu", seed=0)
    h = train.train(m, X, 3 * X[:, :1], loss="mse", lr=0.5, epochs=30, blowup=1.5)
    assert h.diverged_at is not None
    assert max(h.loss) > 1.5 * h.loss[0] or not np.all(np.isfinite(h.loss))
    with pytest.raises(ValueError, match="blowup"):
        train.train(m, X, y, blowup=1.0)
