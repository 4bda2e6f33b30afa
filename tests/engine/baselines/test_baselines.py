from __future__ import annotations

import numpy as np
import pytest
import torch
from mtgrr.baselines import BASELINES, BaselineOptions
from mtgrr.baselines.common import mobility_loss, prepare_inputs
from mtgrr.errors import InputError


@pytest.fixture(autouse=True)
def _one_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.parametrize("name", list(BASELINES))
def test_baseline_trains_finite_and_deterministic(tiny_city, name):
    train = BASELINES[name]
    options = BaselineOptions(epochs=6, seed=3, embedding_dim=16, hidden_dim=32)
    first = train(tiny_city, options)
    assert first.embeddings.shape == (tiny_city.num_regions, 16)
    assert np.isfinite(first.embeddings).all() and first.embeddings.std() > 0
    assert first.epochs_run == 6 and 1 <= first.best_epoch <= 6
    assert first.losses[-1] < first.losses[0]  # it learns something
    again = train(tiny_city, options)
    np.testing.assert_array_equal(first.embeddings, again.embeddings)
    other = train(tiny_city, BaselineOptions(epochs=6, seed=4, embedding_dim=16, hidden_dim=32))
    assert not np.allclose(first.embeddings, other.embeddings)


def test_mobility_loss_prefers_the_observed_flows(tiny_city):
    inp = prepare_inputs(tiny_city)
    n = inp.num_regions
    generator = torch.Generator().manual_seed(0)
    # embeddings whose dot products equal log P(d | s) minimise the source term exactly
    src, dst = inp.od_edges
    scale = torch.zeros(n, n)
    scale[src, dst] = inp.od_row
    fitted = torch.log(scale + 1e-6)
    u, s, v = torch.linalg.svd(fitted)
    good = mobility_loss(u * s, v.T, inp, generator)
    shuffled = mobility_loss(u * s, v.T[torch.randperm(n, generator=generator)], inp, generator)
    assert torch.isfinite(good) and good < shuffled


def test_baselines_need_taxi_flows(tiny_city):
    from dataclasses import replace

    no_flows = replace(tiny_city, graphs={k: g for k, g in tiny_city.graphs.items() if k != "mobility"})
    with pytest.raises(InputError, match="mobility"):
        BASELINES["MVURE-style"](no_flows, BaselineOptions(epochs=1))


def test_hafusion_view_weights_and_chunked_attention(tiny_city, monkeypatch):
    from mtgrr.baselines import hafusion

    result = hafusion.train_hafusion(tiny_city, BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32))
    weights = result.extra["view_weights"]
    assert set(weights) == {"source", "destination", *prepare_inputs(tiny_city).attributes}
    assert all(w > 0 for w in weights.values()) and sum(weights.values()) == pytest.approx(1.0)
    # above MAX_ANCHORS regions, attention runs within chunks and rows come back in region order
    monkeypatch.setattr(hafusion, "MAX_ANCHORS", 16)
    layer = hafusion._encoder(8).eval()
    x = torch.randn(tiny_city.num_regions, 8)
    order = hafusion._order(tiny_city.num_regions, torch.Generator().manual_seed(0))
    out = hafusion._attend(layer, x, order)
    for chunk in (order[:14], order[27:]):  # 40 regions → chunks of 14, 13, 13
        torch.testing.assert_close(out[chunk], layer(x[chunk].unsqueeze(0)).squeeze(0))
    chunked = hafusion.train_hafusion(tiny_city, BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32))
    assert np.isfinite(chunked.embeddings).all()
    assert not np.allclose(chunked.embeddings, result.embeddings)


def test_od_rows_are_the_flows_themselves_up_to_a_size(tiny_city, monkeypatch):
    from mtgrr.baselines import common
    from mtgrr.features.mobility import od_matrix

    inp = prepare_inputs(tiny_city)
    n = tiny_city.num_regions
    counts = np.log1p(od_matrix(tiny_city.graphs["mobility"]).toarray())
    for view, matrix in (("source", counts), ("destination", counts.T)):
        rows = common.od_rows(inp)[view].numpy()
        assert rows.shape == (n, n)
        # standardised per column: the same column order as the raw counts, up to scale and shift
        used = matrix.std(axis=0) > 0
        np.testing.assert_allclose(
            rows[:, used], (matrix[:, used] - matrix[:, used].mean(0)) / matrix[:, used].std(0), atol=1e-5
        )
        assert not rows[:, ~used].any()  # a column without trips stays 0, not NaN
    # HAFusion-style reads these rows (the paper's input), not the SVD summary
    from mtgrr.baselines.hafusion import HAFusion

    model = HAFusion(inp, BaselineOptions(hidden_dim=8), torch.Generator().manual_seed(0))
    assert model.project["source"].in_features == n and model.project["destination"].in_features == n
    monkeypatch.setattr(common, "DENSE_OD_MAX_REGIONS", n - 1)
    summary = prepare_inputs(tiny_city)
    torch.testing.assert_close(common.od_rows(summary)["source"], summary.flow_features["source"])
