from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mtgrr.baselines import BASELINES, BaselineOptions
from mtgrr.baselines.common import mobility_loss, prepare_inputs, raw_attributes
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
    options = BaselineOptions(epochs=20, seed=3, embedding_dim=16, hidden_dim=32)
    first = train(tiny_city, options)
    assert first.embeddings.shape == (tiny_city.num_regions, 16)
    assert np.isfinite(first.embeddings).all() and first.embeddings.std() > 0
    assert first.epochs_run == 20 and 1 <= first.best_epoch <= 20
    assert first.losses[-1] < first.losses[0]  # it learns something
    again = train(tiny_city, options)
    np.testing.assert_array_equal(first.embeddings, again.embeddings)
    other = train(tiny_city, BaselineOptions(epochs=20, seed=4, embedding_dim=16, hidden_dim=32))
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
    assert set(weights) == {"mobility", *prepare_inputs(tiny_city).attributes}
    assert all(w > 0 for w in weights.values()) and sum(weights.values()) == pytest.approx(1.0)
    # above ATTENTION_CHUNK regions, attention runs within chunks and rows come back in region order
    monkeypatch.setattr(hafusion, "ATTENTION_CHUNK", 16)
    stack = hafusion.Stack(8, pair_channels=4).eval()
    x = torch.randn(tiny_city.num_regions, 8)
    order = hafusion._order(tiny_city.num_regions, torch.Generator().manual_seed(0))
    out = stack(x, order)
    for chunk in (order[:14], order[27:]):  # 40 regions → chunks of 14, 13, 13
        torch.testing.assert_close(out[chunk], stack(x[chunk], None))
    chunked = hafusion.train_hafusion(tiny_city, BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32))
    assert np.isfinite(chunked.embeddings).all()
    assert not np.allclose(chunked.embeddings, result.embeddings)
    # chunked training checkpoints every block; recomputing in backward changes no value
    calls = []

    def direct(block, y, use_reentrant):
        calls.append(block)
        return block(y)

    monkeypatch.setattr(hafusion, "checkpoint", direct)
    kept = hafusion.train_hafusion(tiny_city, BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32))
    assert calls and all(isinstance(b, hafusion.AttentionBlock) for b in calls)
    np.testing.assert_allclose(kept.embeddings, chunked.embeddings, rtol=0, atol=1e-6)


def test_hafusion_reads_raw_trip_counts_and_attributes(tiny_city, monkeypatch):
    from mtgrr.baselines import hafusion
    from mtgrr.features.mobility import od_matrix

    inp = prepare_inputs(tiny_city)
    n = tiny_city.num_regions
    raw = raw_attributes(tiny_city, inp)
    model = hafusion.HAFusion(inp, raw, BaselineOptions(hidden_dim=8), torch.Generator().manual_seed(0))
    counts = od_matrix(tiny_city.graphs["mobility"]).toarray()
    np.fill_diagonal(counts, 0)  # the flows between regions, as the objective sees them
    np.testing.assert_allclose(model.inputs["mobility"].numpy(), counts)
    for name, x in raw.items():
        mod = tiny_city.modalities[name]
        np.testing.assert_allclose(x.numpy()[mod.present], mod.values[mod.present])
        assert not x.numpy()[~mod.present].any()  # a region without the modality is a zero row
    # above DENSE_OD_MAX_REGIONS regions the OD rows are replaced by their SVD summary
    monkeypatch.setattr(hafusion, "DENSE_OD_MAX_REGIONS", n - 1)
    summary = hafusion.HAFusion(inp, raw, BaselineOptions(hidden_dim=8), torch.Generator().manual_seed(0))
    torch.testing.assert_close(summary.inputs["mobility"], inp.flow_features["source"])


def test_hafusion_flow_loss_is_the_count_weighted_cross_entropy(tiny_city):
    from mtgrr.baselines.common import flow_loss, trip_weights

    inp = prepare_inputs(tiny_city)
    n = inp.num_regions
    g = torch.Generator().manual_seed(0)
    s, t = torch.randn(n, 6, generator=g), torch.randn(n, 6, generator=g)
    w = trip_weights(inp)
    trips = torch.as_tensor(inp.od.toarray(), dtype=torch.float32)
    weight = trips / trips.mean()
    expected = -(weight * torch.log(torch.softmax(s @ t.T, 1) + 1e-4)).sum()
    expected = expected - (weight.T * torch.log(torch.softmax(t @ s.T, 1) + 1e-4)).sum()
    torch.testing.assert_close(flow_loss(s, t, inp, w, None), expected)
    # every row sampled: the same total; fewer rows: an estimate scaled to all N rows
    torch.testing.assert_close(flow_loss(s, t, inp, w, torch.randperm(n, generator=g)), expected)
    # some rows: those rows' terms (origins on one side, destinations on the other), scaled to N rows
    rows = torch.arange(0, n, 3)
    part = -(weight[rows] * torch.log(torch.softmax(s @ t.T, 1)[rows] + 1e-4)).sum()
    part = part - (weight.T[rows] * torch.log(torch.softmax(t @ s.T, 1)[rows] + 1e-4)).sum()
    torch.testing.assert_close(flow_loss(s, t, inp, w, rows), part * n / len(rows))
    # embeddings that put the mass where the trips are score better than shuffled ones
    fitted = torch.log(weight / weight.sum(1, keepdim=True).clamp_min(1e-9) + 1e-6)
    u, sv, v = torch.linalg.svd(fitted)
    good = flow_loss(u * sv, v.T, inp, w, None)
    assert good < flow_loss(u * sv, v.T[torch.randperm(n, generator=g)], inp, w, None)


def test_hafusion_similarity_loss_over_all_pairs():
    from mtgrr.baselines.hafusion import similarity_loss

    x = torch.randn(30, 5, generator=torch.Generator().manual_seed(1))
    assert similarity_loss(x * 3.0, x, None) == pytest.approx(0.0, abs=1e-10)  # cosine ignores scale
    e = torch.randn(30, 7, generator=torch.Generator().manual_seed(2))  # another width, as decoders have
    pairwise = lambda v: F.cosine_similarity(v.unsqueeze(1), v.unsqueeze(0), dim=2)  # noqa: E731
    torch.testing.assert_close(similarity_loss(e, x, None), F.mse_loss(pairwise(e), pairwise(x)))
    noisy = x + torch.randn(30, 5, generator=torch.Generator().manual_seed(3))
    rows = torch.tensor([3, 7, 11, 20, 29])
    torch.testing.assert_close(similarity_loss(noisy, x, rows), similarity_loss(noisy[rows], x[rows], None))


def test_hafusion_uses_the_authors_optimiser_settings_unless_told(tiny_city, monkeypatch):
    from mtgrr.baselines import hafusion

    seen = []
    real_fit = hafusion.fit

    def spy(model, loss_fn, options, *args):
        seen.append((options.lr, options.weight_decay))
        return real_fit(model, loss_fn, options, *args)

    monkeypatch.setattr(hafusion, "fit", spy)
    options = BaselineOptions(epochs=1, embedding_dim=8, hidden_dim=16)
    hafusion.train_hafusion(tiny_city, options)
    hafusion.train_hafusion(tiny_city, BaselineOptions(epochs=1, embedding_dim=8, hidden_dim=16, lr=1e-2))
    assert seen == [(5e-4, 5e-4), (1e-2, 5e-4)]
    assert options.lr == BaselineOptions().lr  # the caller's options are not changed


def test_hafusion_view_and_memory_attention_axes(tiny_city):
    from mtgrr.baselines import hafusion

    inp = prepare_inputs(tiny_city)
    raw = raw_attributes(tiny_city, inp)
    model = hafusion.HAFusion(
        inp, raw, BaselineOptions(hidden_dim=8), torch.Generator().manual_seed(0)
    ).eval()
    g = torch.Generator().manual_seed(5)
    h = torch.randn(tiny_city.num_regions, len(model.views), 8, generator=g)
    views, regions = torch.randperm(h.shape[1], generator=g), torch.randperm(h.shape[0], generator=g)
    with torch.no_grad():
        beta = model._view_weights(h)
        # ViewFusion: one weight per view, following the views and blind to the order of the regions
        torch.testing.assert_close(model._view_weights(h[:, views]), beta[views])
        torch.testing.assert_close(model._view_weights(h[regions]), beta)
        # InterAFL: per region, memory attention normalised over the views, then over the memory units
        inter = model.inter
        expected = h
        for keys, values in zip(inter.keys, inter.values, strict=True):
            a = torch.exp(keys(expected))
            a = a / a.sum(dim=1, keepdim=True)  # softmax over the views of one region
            expected = values(a / a.sum(dim=2, keepdim=True))
        torch.testing.assert_close(inter(h), inter.mlp(expected))
        torch.testing.assert_close(inter(h[regions]), inter(h)[regions])  # regions do not mix


def test_mvure_code_masks_prune_flows_by_row_and_column_and_join_mutual_neighbours():
    from mtgrr.baselines.mvure_code import similarity_mask, top_k_mask

    rng = np.random.default_rng(0)
    dense = rng.integers(0, 6, size=(12, 12)) * (1 + rng.random((12, 12)) * 1e-3)  # no ties
    i, j = np.nonzero(dense)
    edges = top_k_mask(i, j, dense[i, j], 3)
    third_of_row = np.sort(dense, axis=1)[:, -3]
    third_of_col = np.sort(dense, axis=0)[-3, :]
    expected = {
        (a, b)
        for a, b in zip(i, j, strict=True)
        if dense[a, b] >= third_of_row[a] and dense[a, b] >= third_of_col[b]
    }
    assert (
        expected and set(zip(edges[1].tolist(), edges[0].tolist(), strict=True)) == expected
    )  # messages j → i

    x = rng.random((30, 5))
    present = np.ones(30, bool)
    present[[3, 7]] = False
    mask = similarity_mask(x, present, 4)
    cos = (x / np.linalg.norm(x, axis=1, keepdims=True)) @ (x / np.linalg.norm(x, axis=1, keepdims=True)).T
    rows = np.flatnonzero(present)
    sub = cos[np.ix_(rows, rows)]
    np.fill_diagonal(sub, -np.inf)
    knn = {(rows[a], rows[b]) for a in range(rows.size) for b in np.argsort(-sub[a])[:4]}
    mutual = {(a, b) for a, b in knn if (b, a) in knn}
    assert set(map(tuple, mask.T.tolist())) == mutual  # symmetric, so the direction does not matter here
    assert not np.isin(mask, [3, 7]).any()  # absent regions attend only to themselves (GAT's self-loop)


def test_mvure_code_reads_random_features_and_no_attribute_values(tiny_city):
    from dataclasses import replace

    from mtgrr.baselines.mvure_code import RANDOM_FEATURES, random_features, train_mvure_code
    from mtgrr.data import ModalityFeatures

    x = random_features(50, torch.Generator().manual_seed(0))
    assert x.shape == (50, RANDOM_FEATURES) and x.abs().max() < 2.0
    torch.testing.assert_close(x.mean(dim=1), torch.zeros(50), atol=1e-5, rtol=0)
    torch.testing.assert_close(x.std(dim=1, unbiased=False), torch.ones(50))
    torch.testing.assert_close(x, random_features(50, torch.Generator().manual_seed(0)))
    # the attributes reach the model only through their similarities: scaling a modality's values
    # (by a power of two, exact in floating point) changes no cosine similarity, so not the embedding
    options = BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32)
    poi = tiny_city.modalities["poi"]
    scaled = replace(
        tiny_city,
        modalities={
            **tiny_city.modalities,
            "poi": ModalityFeatures("poi", poi.values * 8.0, poi.columns, poi.present),
        },
    )
    np.testing.assert_allclose(
        train_mvure_code(scaled, options).embeddings,
        train_mvure_code(tiny_city, options).embeddings,
        rtol=1e-4,
        atol=1e-5,
    )
    # while another similarity structure (the regions' POI rows reversed) changes it
    reversed_poi = replace(
        tiny_city,
        modalities={
            **tiny_city.modalities,
            "poi": ModalityFeatures("poi", poi.values[::-1].copy(), poi.columns, poi.present[::-1].copy()),
        },
    )
    assert not np.allclose(
        train_mvure_code(reversed_poi, options).embeddings, train_mvure_code(tiny_city, options).embeddings
    )


def test_mvure_code_chunked_attention_across_regions(tiny_city, monkeypatch):
    from mtgrr.baselines import mvure_code

    options = BaselineOptions(epochs=3, embedding_dim=16, hidden_dim=32)
    whole = mvure_code.train_mvure_code(tiny_city, options)
    assert mvure_code._order(tiny_city.num_regions, torch.Generator()) is None
    monkeypatch.setattr(mvure_code, "ATTENTION_CHUNK", 16)  # 40 regions → chunks of 14, 13, 13
    chunked = mvure_code.train_mvure_code(tiny_city, options)
    assert np.isfinite(chunked.embeddings).all() and not np.allclose(chunked.embeddings, whole.embeddings)
    np.testing.assert_array_equal(
        chunked.embeddings, mvure_code.train_mvure_code(tiny_city, options).embeddings
    )


def test_mvure_code_follows_the_codes_schedule_without_weight_decay_unless_told(tiny_city, monkeypatch):
    from mtgrr.baselines import mvure_code

    seen = []

    def spy(model, loss_fn, options, *args):
        seen.append((options.epochs, options.patience, options.lr, options.weight_decay))
        raise StopIteration  # the settings are all this test needs

    monkeypatch.setattr(mvure_code, "fit", spy)
    for options in (BaselineOptions(), BaselineOptions(epochs=7, patience=3, weight_decay=1e-3)):
        with pytest.raises(StopIteration):
            mvure_code.train_mvure_code(tiny_city, options)
    assert seen == [(5000, 5000, 1e-3, 0.0), (7, 3, 1e-3, 1e-3)]
