"""Training, losses, save/load and embedding of new datasets."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from mtgrr.errors import Cancelled, InputError
from mtgrr.events import Reporter
from mtgrr.job import ModelOptions, TrainOptions
from mtgrr.model import MTGRR
from mtgrr.train import contrastive_loss, embed_dataset, info_nce, load_model, save_model, train_model
from mtgrr.train.losses import flow_prediction, od_reconstruction


class Recorder(Reporter):
    """Collects progress events; cancels after ``cancel_after`` of them."""

    def __init__(self, cancel_after: int | None = None):
        super().__init__(quiet=True)
        self.events: list[dict] = []
        self.cancel_after = cancel_after

    def progress(self, stage, percent, **extra):
        self.events.append({"stage": stage, "percent": percent, **extra})
        if self.cancel_after is not None and len(self.events) >= self.cancel_after:
            self.cancelled = True
        super().progress(stage, percent, **extra)


def test_train_returns_aligned_arrays_and_reports_progress(dataset_factory, fast_options):
    ds = dataset_factory(absent_fraction=0.2)
    rec = Recorder()
    result = train_model(ds, *fast_options, reporter=rec)
    n, m = ds.num_regions, 6
    assert result.embeddings.shape == (n, 16 * (1 + m)) and result.embeddings.dtype == np.float32
    assert result.modality_weights.shape == (n, m) and result.modality_weights.dtype == np.float32
    assert result.modality_names == ["poi", "mobility", "landuse", "roads", "remote_sensing", "street_view"]
    assert result.epochs_run == len(result.losses) == 15
    assert 1 <= result.best_epoch <= 15
    assert result.losses[result.best_epoch - 1] == min(result.losses)
    assert result.device == "cpu" or torch.cuda.is_available()
    assert [e["epoch"] for e in rec.events] == list(range(1, 16))
    assert rec.events[-1]["percent"] == 100 and all(np.isfinite(e["loss"]) for e in rec.events)
    present = np.column_stack([ds.modalities[k].present for k in result.modality_names[:5]])
    assert (result.modality_weights[:, :5][~present] == 0).all()


def test_same_seed_same_embedding_and_another_seed_differs(dataset_factory, fast_options):
    ds = dataset_factory()
    mo, to = fast_options
    to = to.model_copy(update={"epochs": 5, "device": "cpu"})  # bit-identical is the CPU's promise
    a = train_model(ds, mo, to)
    b = train_model(ds, mo, to)
    c = train_model(ds, mo, to.model_copy(update={"seed": 1}))
    np.testing.assert_array_equal(a.embeddings, b.embeddings)
    np.testing.assert_array_equal(a.modality_weights, b.modality_weights)
    assert a.losses == b.losses
    assert not np.allclose(a.embeddings, c.embeddings)


def test_each_loss_term_decreases_on_structured_data(dataset_factory):
    ds = dataset_factory(rows=8, cols=10)
    result = train_model(
        ds, ModelOptions(embedding_dim=16, hidden_dim=32), TrainOptions(epochs=40, lr=5e-3, patience=100)
    )
    assert set(result.loss_terms) == {"aggregated", "point", "fusion", "reconstruction", "od"}
    for name, values in result.loss_terms.items():
        assert np.mean(values[-5:]) < 0.9 * np.mean(values[:5]), name


def test_a_term_weighted_zero_is_neither_computed_nor_reported(dataset_factory, fast_options):
    """An ablation's λ = 0 skips its term: the loss log lists only the terms that train."""
    ds = dataset_factory()
    mo, to = fast_options
    for weight, term in (
        ("lambda_point", "point"),
        ("lambda_fusion", "fusion"),
        ("lambda_agg", "aggregated"),
    ):
        result = train_model(ds, mo.model_copy(update={weight: 0.0}), to)
        assert term not in result.loss_terms and result.loss_terms, weight
        assert np.isfinite(result.embeddings).all()


def test_no_applicable_loss_term_is_a_clear_error(dataset_factory, fast_options):
    """Only λ_point > 0 on data without street view leaves nothing to train: an error naming the weight."""
    mo, to = fast_options
    only_point = {"lambda_agg": 0.0, "lambda_fusion": 0.0, "lambda_reconstruction": 0.0, "lambda_od": 0.0}
    with pytest.raises(InputError, match="lambda_point"):
        train_model(dataset_factory(street_view=False), mo.model_copy(update=only_point), to)


def test_model_md_configuration_has_no_additions(dataset_factory, fast_options):
    ds = dataset_factory()
    mo, to = fast_options
    literal = {
        "lambda_reconstruction": 0,
        "lambda_od": 0,
        "output": "fused",
        "projection_heads": False,
        "evidence_prior": False,
        "learned_gate": True,
    }
    result = train_model(ds, mo.model_copy(update=literal), to)
    assert result.embeddings.shape == (ds.num_regions, 16)
    assert set(result.loss_terms) == {"aggregated", "point", "fusion"}
    assert result.model.reconstruction is None and result.model.heads is None
    assert result.model.fusion.gate is not None  # model.md's gate over embeddings and position
    assert result.model.inputs(ds).evidence is None


def test_projection_heads_carry_the_contrastive_terms(dataset_factory, fast_options):
    """With heads, the aggregated, fusion and point-level terms are computed on g(h): their gradients
    reach the heads, and the same embeddings give another loss than without heads."""
    ds = dataset_factory()
    mo, _ = fast_options
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, mo.model_copy(update={"lambda_reconstruction": 0, "lambda_od": 0}))
    inp = model.inputs(ds)
    torch.manual_seed(1)
    loss, terms = contrastive_loss(model, inp, mo)
    loss.backward()
    heads = model.heads
    assert heads is not None
    for part in (heads.aggregated, heads.fused, heads.modality, heads.point_image, heads.point_region):
        assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in part.parameters())
    saved = model.heads
    model.heads = None
    torch.manual_seed(1)
    _, plain = contrastive_loss(model, inp, mo)
    model.heads = saved
    assert plain["aggregated"] != pytest.approx(terms["aggregated"], rel=1e-3)
    assert plain["fusion"] != pytest.approx(terms["fusion"], rel=1e-3)
    assert plain["point"] != pytest.approx(terms["point"], rel=1e-3)


def test_point_heads_exist_only_where_the_point_term_runs(dataset_factory, fast_options, tmp_path):
    """Street view, projection heads and λ_point > 0 give the point term its heads. A model file
    written before they existed (no ``point_heads`` in its config) loads without them and embeds
    exactly as saved."""
    ds = dataset_factory()
    mo, to = fast_options

    def heads(options, data=ds):
        return MTGRR.for_dataset(data, options).heads

    assert heads(mo).point_image is not None
    assert heads(mo.model_copy(update={"lambda_point": 0.0})).point_image is None
    assert heads(mo.model_copy(update={"projection_heads": False})) is None
    assert heads(mo, dataset_factory(street_view=False)).point_image is None
    result = train_model(
        ds, mo.model_copy(update={"lambda_point": 0.0}), to.model_copy(update={"device": "cpu"})
    )
    result.model.config.pop("point_heads")  # as in the files written before the point heads
    path = save_model(result, tmp_path / "before.pt")
    assert load_model(path).heads.point_image is None
    np.testing.assert_array_equal(embed_dataset(path, ds)[0], result.embeddings)


def test_model_files_without_typed_relations_embed_as_saved(dataset_factory, fast_options, tmp_path):
    """Files written before the experts read their relations apart have no ``expert_relations``: they
    load with one convolution over the union and embed exactly as saved."""
    ds = dataset_factory(street_view=False)
    mo, to = fast_options
    result = train_model(
        ds, mo.model_copy(update={"typed_relations": False}), to.model_copy(update={"device": "cpu"})
    )
    result.model.config.pop("expert_relations")  # as in the files written before typed relations
    path = save_model(result, tmp_path / "before.pt")
    assert all(e.relations == () for e in load_model(path).experts.values())
    np.testing.assert_array_equal(embed_dataset(path, ds)[0], result.embeddings)


@pytest.mark.parametrize("term", ["reconstruction", "od", "flow"])
def test_each_reconstruction_switch_adds_exactly_its_term(term, dataset_factory):
    ds = dataset_factory()
    mo = ModelOptions(embedding_dim=8, hidden_dim=16)
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, mo, reconstruct_features=True, reconstruct_od=True, predict_flow=True)
    inp = model.inputs(ds)
    weights = {"lambda_reconstruction": 0.0, "lambda_od": 0.0, "lambda_flow": 0.0}
    torch.manual_seed(1)
    base, base_terms = contrastive_loss(model, inp, mo, **weights)
    torch.manual_seed(1)  # same augmentations
    total, terms = contrastive_loss(model, inp, mo, **{**weights, f"lambda_{term}": 2.5})
    assert set(terms) == set(base_terms) | {term} and terms[term] > 0
    assert float(total) == pytest.approx(float(base) + 2.5 * terms[term], rel=1e-5)


def _loss_and_dense_flows(dataset_factory, loss, logits_of: str, **heads):
    """A mobility-only model's ``loss`` on a random embedding x, with the trip matrix and the row
    (origin) and column (destination) log-softmax of the head's logits, for a dense reference."""
    ds = dataset_factory(modalities=("mobility",), street_view=False)
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, ModelOptions(embedding_dim=8, hidden_dim=16), **heads)
    inp = model.inputs(ds)
    x = torch.randn(ds.num_regions, 8)
    with torch.no_grad():
        got = float(loss(model, x, inp, loss_batch=10_000))
        logits = getattr(model.reconstruction, logits_of)(x).double().numpy()
    n = ds.num_regions
    flows = np.zeros((n, n))
    ei, ew = inp.od
    flows[ei[0].numpy(), ei[1].numpy()] = ew.numpy()
    log_out = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    log_in = logits - np.log(np.exp(logits).sum(axis=0, keepdims=True))
    return model, inp, x, got, flows, log_out, log_in


def test_od_reconstruction_matches_a_dense_reference(dataset_factory):
    model, inp, z, got, flows, log_out, log_in = _loss_and_dense_flows(
        dataset_factory, od_reconstruction, "od_logits", reconstruct_od=True
    )
    out_rows, in_cols = flows.sum(axis=1) > 0, flows.sum(axis=0) > 0
    ce_out = -(flows[out_rows] / flows[out_rows].sum(axis=1, keepdims=True) * log_out[out_rows]).sum(axis=1)
    ce_in = -(flows[:, in_cols] / flows[:, in_cols].sum(axis=0) * log_in[:, in_cols]).sum(axis=0)
    assert got == pytest.approx((ce_out.mean() + ce_in.mean()) / 2, rel=1e-4)
    # a subset of regions gives a finite loss over the flows among them only
    with torch.no_grad():
        assert np.isfinite(float(od_reconstruction(model, z, inp, loss_batch=20)))


def test_flow_prediction_weighs_every_trip_alike(dataset_factory):
    model, inp, h, got, flows, log_out, log_in = _loss_and_dense_flows(
        dataset_factory, flow_prediction, "flow_logits", predict_flow=True
    )
    assert got == pytest.approx(-(flows * (log_out + log_in)).sum() / flows.sum() / 2, rel=1e-4)
    # the OD term weighs every region's distribution alike instead: another figure on the same logits
    model.reconstruction.source, model.reconstruction.target = (
        model.reconstruction.flow_source,
        model.reconstruction.flow_target,
    )
    with torch.no_grad():
        assert float(od_reconstruction(model, h, inp, loss_batch=10_000)) != pytest.approx(got, rel=1e-3)
        assert np.isfinite(float(flow_prediction(model, h, inp, loss_batch=20)))


def test_the_flow_term_trains_the_mobility_expert_and_its_heads_only(dataset_factory):
    """L_flow reads the mobility block: its gradient reaches the mobility expert and the flow heads,
    and no other expert and not the fusion."""
    ds = dataset_factory(street_view=False)
    mo = ModelOptions(embedding_dim=8, hidden_dim=16)
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, mo, predict_flow=True)
    inp = model.inputs(ds)
    zero = {"lambda_agg": 0.0, "lambda_point": 0.0, "lambda_fusion": 0.0}
    loss, terms = contrastive_loss(
        model, inp, mo.model_copy(update=zero), lambda_reconstruction=0.0, lambda_od=0.0, lambda_flow=1.0
    )
    assert float(loss) == pytest.approx(terms["flow"]) and "od" not in terms  # the other terms weigh 0
    loss.backward()

    def reached(module):
        return any(p.grad is not None and p.grad.abs().sum() > 0 for p in module.parameters())

    assert reached(model.experts["mobility"])
    assert reached(model.reconstruction.flow_source) and reached(model.reconstruction.flow_target)
    assert not any(reached(model.experts[m]) for m in model.experts if m != "mobility")
    assert not reached(model.fusion)


def test_a_model_trained_with_the_flow_term_saves_and_embeds_alike(dataset_factory, fast_options, tmp_path):
    ds = dataset_factory(street_view=False)
    mo, to = fast_options
    to = to.model_copy(update={"device": "cpu"})  # exact equality with embed_dataset's CPU embedding
    result = train_model(ds, mo.model_copy(update={"lambda_flow": 1.0}), to)
    assert "flow" in result.loss_terms and result.model.reconstruction.flow_source is not None
    emb, _, _ = embed_dataset(save_model(result, tmp_path / "m.pt"), ds)
    np.testing.assert_array_equal(emb, result.embeddings)
    assert not np.allclose(emb, train_model(ds, mo, to).embeddings)  # the term changes the embedding
    no_trips = dataset_factory(modalities=("poi", "landuse"), street_view=False)
    assert "flow" not in train_model(no_trips, mo.model_copy(update={"lambda_flow": 1.0}), to).loss_terms


def test_embedding_separates_the_planted_clusters(dataset_factory):
    """Regions of one planted cluster end up closer to each other than to other clusters (no labels used)."""
    ds = dataset_factory(rows=8, cols=12, street_view=False)
    result = train_model(ds, ModelOptions(embedding_dim=16, hidden_dim=32), TrainOptions(epochs=40, lr=5e-3))
    cluster = np.minimum(np.arange(ds.num_regions) % 12 * 3 // 12, 2)
    z = result.embeddings / np.linalg.norm(result.embeddings, axis=1, keepdims=True)
    sim = z @ z.T
    same = cluster[:, None] == cluster[None, :]
    np.fill_diagonal(same, False)
    other = cluster[:, None] != cluster[None, :]
    assert sim[same].mean() > sim[other].mean() + 0.2


def test_early_stopping_stops_and_keeps_best_epoch(dataset_factory, fast_options):
    ds = dataset_factory(modalities=("poi",), street_view=False)
    mo, _ = fast_options
    result = train_model(ds, mo, TrainOptions(epochs=200, patience=3, lr=5e-3), min_delta=10.0)
    assert result.epochs_run == 4  # epoch 1 sets the best; no later one improves by 10
    assert result.best_epoch == 1


def test_cancellation_raises_promptly_and_writes_nothing(
    dataset_factory, fast_options, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    ds = dataset_factory()
    rec = Recorder(cancel_after=2)
    with pytest.raises(Cancelled):
        train_model(ds, fast_options[0], TrainOptions(epochs=500), reporter=rec)
    assert len(rec.events) == 2
    assert list(tmp_path.iterdir()) == []


def test_only_street_view_and_no_geometry_train(dataset_factory, fast_options):
    ds = dataset_factory(modalities=(), street_view=True, geometry=False)
    result = train_model(ds, *fast_options)
    assert result.modality_names == ["street_view"]
    has = np.zeros(ds.num_regions, bool)
    has[ds.points.region_index] = True
    assert (result.modality_weights[has, 0] == 1).all() and (result.modality_weights[~has, 0] == 0).all()
    assert np.isfinite(result.embeddings).all()


def test_info_nce_is_low_for_matching_views_and_high_for_shuffled():
    torch.manual_seed(0)
    a = torch.randn(32, 8)
    matched = info_nce(a, a + 0.01 * torch.randn(32, 8), 0.1)
    shuffled = info_nce(a, a[torch.randperm(32)], 0.1)
    assert matched < 0.1 < np.log(32) / 2 < shuffled


def test_save_load_round_trip_is_exact_and_pickle_free(dataset_factory, fast_options, tmp_path):
    ds = dataset_factory(absent_fraction=0.1)
    mo, to = fast_options
    result = train_model(ds, mo, to.model_copy(update={"device": "cpu"}))  # embed_dataset embeds on the CPU
    path = save_model(result, tmp_path / "model.pt")
    assert [p.name for p in tmp_path.iterdir()] == ["model.pt"]  # no temporary file left
    payload = torch.load(path, weights_only=True)
    assert payload["vocabulary"]["poi"]["columns"] == ds.modalities["poi"].columns
    model = load_model(path)
    assert model.modalities == result.modality_names
    emb, weights, names = embed_dataset(path, ds)
    np.testing.assert_array_equal(emb, result.embeddings)
    np.testing.assert_array_equal(weights, result.modality_weights)
    assert names == result.modality_names


def test_a_saved_model_keeps_its_output_power(dataset_factory, fast_options, tmp_path):
    ds = dataset_factory(street_view=False)
    mo, to = fast_options
    to = to.model_copy(update={"device": "cpu"})  # exact equality with embed_dataset's CPU embedding
    result = train_model(ds, mo.model_copy(update={"output_power": 2.0}), to)
    emb, _, _ = embed_dataset(save_model(result, tmp_path / "m.pt"), ds)
    np.testing.assert_array_equal(emb, result.embeddings)
    d = mo.embedding_dim
    assert not np.allclose(emb[:, d:], train_model(ds, mo, to).embeddings[:, d:])  # the readout differs


def test_embedding_a_second_dataset_aligns_columns(dataset_factory, fast_options, tmp_path):
    train_ds = dataset_factory(street_view=False)
    path = save_model(train_model(train_ds, *fast_options), tmp_path / "m.pt")
    other = dataset_factory(street_view=False, rows=5, cols=7, seed=3)
    emb, weights, names = embed_dataset(path, other)
    assert emb.shape == (35, 16 * (1 + 5)) and weights.shape == (35, 5) and np.isfinite(emb).all()
    # reordered columns with one extra and one missing: same as giving the missing one its training mean
    poi = other.modalities["poi"]
    baseline_values = poi.values.copy()
    poi.values = np.column_stack([poi.values[:, ::-1][:, :-1], np.ones(35)])
    poi.columns = poi.columns[::-1][:-1] + ["unknown"]
    emb2, _, _ = embed_dataset(path, other)
    poi.values, poi.columns = baseline_values.copy(), list(train_ds.modalities["poi"].columns)
    model = load_model(path)
    expected_values = baseline_values.copy()
    expected_values[:, 0] = model.scalers["poi"].mean[0]  # poi_0, left out, is no category's column: neutral
    poi.values = expected_values
    emb3, _ = model.embed(model.inputs(other))
    np.testing.assert_allclose(emb2, emb3, rtol=1e-5, atol=1e-6)
    assert names == ["poi", "mobility", "landuse", "roads", "remote_sensing"]


def test_a_missing_category_column_reads_as_0_and_any_other_as_its_training_mean(
    dataset_factory, fast_options, tmp_path
):
    """A POI category absent from another city is a count of 0 there; hourly shares a job without trip times
    lacks are unknown: a raw 0 ("no trip at any hour") would shift every region alike."""
    from dataclasses import replace

    def named(ds):
        poi, mob = ds.modalities["poi"], ds.modalities["mobility"]
        cats = [f"poi_count_{i}" for i in range(len(poi.columns))]
        hours = [f"mob_out_h{i:02d}" for i in range(len(mob.columns))]
        return replace(
            ds,
            modalities={
                **ds.modalities,
                "poi": replace(poi, columns=cats),
                "mobility": replace(mob, columns=hours),
            },
        )

    train_ds = named(dataset_factory(modalities=("poi", "mobility"), street_view=False))
    path = save_model(train_model(train_ds, *fast_options), tmp_path / "m.pt")
    model = load_model(path)
    other = named(dataset_factory(modalities=("poi", "mobility"), street_view=False, seed=3))
    poi, mob = other.modalities["poi"], other.modalities["mobility"]
    lacking = replace(
        other,
        modalities={
            "poi": replace(poi, values=poi.values[:, 1:], columns=poi.columns[1:]),
            "mobility": replace(mob, values=mob.values[:, 1:], columns=mob.columns[1:]),
        },
    )
    rec = LogRecorder()
    emb, _, _ = embed_dataset(path, lacking, reporter=rec)
    filled = replace(
        other,
        modalities={
            "poi": replace(poi, values=np.column_stack([np.zeros(len(poi.values)), poi.values[:, 1:]])),
            "mobility": replace(
                mob,
                values=np.column_stack(
                    [np.full(len(mob.values), model.scalers["mobility"].mean[0]), mob.values[:, 1:]]
                ),
            ),
        },
    )
    expected, _ = model.embed(model.inputs(filled))
    np.testing.assert_allclose(emb, expected, rtol=1e-5, atol=1e-6)
    logs = " ".join(m for level, m in rec.lines if level == "warning")
    assert "read as 0 (categories none of which is here): poi_count_0" in logs
    assert "set to neutral (their training mean" in logs and "mob_out_h00" in logs


def test_embedding_with_a_missing_or_different_modality_set_errors(dataset_factory, fast_options, tmp_path):
    path = save_model(
        train_model(dataset_factory(modalities=("poi", "landuse"), street_view=False), *fast_options),
        tmp_path / "m.pt",
    )
    with pytest.raises(InputError, match=r"lacks.*missing landuse \(model trained on poi, landuse"):
        embed_dataset(path, dataset_factory(modalities=("poi",), street_view=False))
    with pytest.raises(InputError, match=r"has none of.*missing poi, landuse"):
        embed_dataset(path, dataset_factory(modalities=("roads",), street_view=False))


def test_loading_a_non_model_file_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.pt"
    torch.save({"something": torch.zeros(1)}, bad)
    with pytest.raises(InputError, match="not an MTGRR model"):
        load_model(bad)
    with pytest.raises(InputError, match="not found"):
        load_model(tmp_path / "missing.pt")
    text = tmp_path / "job.toml"
    text.write_text("[regions]\n")
    with pytest.raises(InputError, match="cannot be read as a weights-only PyTorch file") as err:
        load_model(text)
    assert "weights_only" not in str(err.value)  # torch's advice to load it unsafely is not passed on


def test_an_older_model_file_asks_for_retraining(dataset_factory, fast_options, tmp_path):
    path = save_model(train_model(dataset_factory(street_view=False), *fast_options), tmp_path / "m.pt")
    payload = torch.load(path, weights_only=True)
    payload["version"] = 1
    torch.save(payload, path)
    with pytest.raises(InputError, match="version 1 is not supported") as err:
        load_model(path)
    assert "train the model again" in err.value.fix


class LogRecorder(Reporter):
    def __init__(self):
        super().__init__(quiet=True)
        self.lines: list[tuple[str, str]] = []

    def log(self, message, level="info"):
        self.lines.append((level, message))


def test_a_model_with_an_od_profile_rebuilds_it_for_its_regions_and_neutralises_it_elsewhere(
    dataset_factory, fast_options, tmp_path
):
    from dataclasses import replace

    from mtgrr.data import ModalityFeatures
    from mtgrr.features.mobility import od_profile

    ds = dataset_factory(modalities=("poi", "mobility"), street_view=False)
    mob = ds.modalities["mobility"]
    profile, names = od_profile(ds.graphs["mobility"], ds.region_ids)
    with_profile = replace(
        ds,
        modalities={
            **ds.modalities,
            "mobility": ModalityFeatures(
                "mobility", np.hstack([mob.values, profile]), mob.columns + names, mob.present
            ),
        },
    )
    result = train_model(with_profile, *fast_options)
    path = save_model(result, tmp_path / "m.pt")
    assert load_model(path).config["od_profile_regions"]

    # the same regions without the profile in the job: rebuilt from the trips, same embedding
    rec = LogRecorder()
    emb, _, _ = embed_dataset(path, ds, reporter=rec)
    np.testing.assert_allclose(emb, result.embeddings, rtol=1e-5, atol=1e-6)
    assert any("OD profile built" in m for _, m in rec.lines)

    # other region ids: the profile columns are neutral (0 after scaling), with a warning
    other = replace(ds, region_ids=ds.region_ids + 10_000)
    rec = LogRecorder()
    emb_other, _, _ = embed_dataset(path, other, reporter=rec)
    assert np.isfinite(emb_other).all()
    assert any(level == "warning" and "set to neutral" in m for level, m in rec.lines)
    model = load_model(path)
    aligned = model.inputs(with_profile).x["mobility"]
    neutral = replace(
        with_profile,
        modalities={
            **with_profile.modalities,
            "mobility": ModalityFeatures(
                "mobility",
                np.hstack(
                    [
                        mob.values,
                        np.tile(model.scalers["mobility"].mean[len(mob.columns) :], (ds.num_regions, 1)),
                    ]
                ),
                mob.columns + names,
                mob.present,
            ),
        },
    )
    x = model.inputs(neutral).x["mobility"]
    assert (x[:, len(mob.columns) :] == 0).all() and not (aligned[:, len(mob.columns) :] == 0).all()
    expected, _ = model.embed(model.inputs(neutral))
    np.testing.assert_allclose(emb_other, expected, rtol=1e-5, atol=1e-6)


def test_parameter_average_is_the_moving_average_of_the_trajectory(monkeypatch):
    """With ema_decay the loop returns the exponential moving average of the parameters after each
    step (the first step's parameters start it), not the best-loss snapshot."""
    from mtgrr.train.loop import optimise

    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    trajectory = []
    adam_step = torch.optim.Adam.step

    def recording_step(self, *args, **kwargs):
        out = adam_step(self, *args, **kwargs)
        trajectory.append(torch.cat([p.detach().clone().flatten() for p in model.parameters()]))
        return out

    monkeypatch.setattr(torch.optim.Adam, "step", recording_step)
    decay, epochs = 0.9, 12
    result = optimise(
        model,
        lambda: (((model(x) - y) ** 2).mean(), {}),
        epochs=epochs,
        lr=0.1,
        weight_decay=0.0,
        patience=100,
        min_delta=0.0,
        ema_decay=decay,
    )
    expected = trajectory[0]
    for params in trajectory[1:]:
        expected = decay * expected + (1 - decay) * params
    held = torch.cat([p.detach().flatten() for p in model.parameters()])
    torch.testing.assert_close(held, expected)
    assert len(trajectory) == epochs and not torch.allclose(held, trajectory[-1])
    assert result.best_epoch == epochs


def test_parameter_average_changes_the_embedding_and_stays_deterministic(dataset_factory, fast_options):
    ds = dataset_factory()
    mo, to = fast_options
    to = to.model_copy(update={"device": "cpu"})  # bit-identical is the CPU's promise
    averaged = to.model_copy(update={"ema_decay": 0.9})
    a = train_model(ds, mo, averaged)
    b = train_model(ds, mo, averaged)
    best = train_model(ds, mo, to)
    np.testing.assert_array_equal(a.embeddings, b.embeddings)
    assert a.best_epoch == a.epochs_run and a.losses == best.losses
    assert not np.allclose(a.embeddings, best.embeddings)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_a_model_trained_on_cuda_embeds_on_the_cpu_and_repeats_closely(
    dataset_factory, fast_options, tmp_path
):
    """On a GPU, scatter-add order varies between runs, so the promise is closeness, not identity
    (README, "Training"); a model trained there is saved on the CPU and embeds there."""
    ds = dataset_factory(absent_fraction=0.1)
    mo, to = fast_options
    to = to.model_copy(update={"epochs": 5, "device": "cuda"})
    a = train_model(ds, mo, to)
    b = train_model(ds, mo, to)
    assert a.device.startswith("cuda") and next(a.model.parameters()).device.type == "cpu"
    np.testing.assert_allclose(a.embeddings, b.embeddings, atol=1e-4)
    emb, weights, _ = embed_dataset(save_model(a, tmp_path / "m.pt"), ds)
    np.testing.assert_allclose(emb, a.embeddings, atol=1e-4)
    np.testing.assert_allclose(weights, a.modality_weights, atol=1e-5)


def test_too_few_regions_is_a_clear_error(dataset_factory, fast_options):
    """One region trains nothing meaningful (the objective tells regions apart): refused, naming the count."""
    mo, to = fast_options
    with pytest.raises(InputError, match=r"^regions: 2 region\(s\).*at least 4"):
        train_model(dataset_factory(modalities=(), street_view=False, rows=1, cols=2), mo, to)


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        (lambda p: p.pop("vocabulary"), "KeyError: 'vocabulary'"),
        (lambda p: p["config"].update(embedding_dim=8), "size mismatch"),
        (lambda p: p["state_dict"].popitem(), "Missing key(s)"),
        (lambda p: p["vocabulary"]["poi"]["columns"].pop(), "the poi vocabulary does not match"),
    ],
)
def test_a_model_file_changed_after_saving_is_an_input_error(
    dataset_factory, fast_options, tmp_path, change, detail
):
    path = save_model(train_model(dataset_factory(street_view=False), *fast_options), tmp_path / "m.pt")
    payload = torch.load(path, weights_only=True)
    change(payload)
    torch.save(payload, path)
    with pytest.raises(InputError, match="damaged or was changed after training") as err:
        load_model(path)
    assert detail in str(err.value) and "train the model again" in err.value.fix
