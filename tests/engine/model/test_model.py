"""The MTGRR network: shapes, modality subsets, fusion masks and ablation switches."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from mtgrr import AGGREGATED_MODALITIES
from mtgrr.data import Graph
from mtgrr.errors import InputError
from mtgrr.graphs import laplacian_eigenvectors
from mtgrr.job import ModelOptions
from mtgrr.model import EXPERTS, MTGRR, OUTPUTS, FeatureScaler
from mtgrr.model.experts import DEFAULT_EXPERTS, EXPERT_GRAPHS, FlowExpert
from mtgrr.model.fusion import Fusion, masked_softmax, smooth_weights
from mtgrr.model.inputs import FLOW_TOP_K, PE_DIM
from mtgrr.model.preprocess import evidence, support_scale

SMALL = ModelOptions(embedding_dim=8, hidden_dim=16)


def _forward(ds, options=SMALL):
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, options)
    return model, model(model.inputs(ds))


@pytest.mark.parametrize("relations", [(), ("mobility", "adjacency")])
@pytest.mark.parametrize("name", sorted(EXPERTS))
def test_every_expert_has_the_same_interface(name, relations, dataset_factory):
    ds = dataset_factory(street_view=False)
    x = torch.randn(ds.num_regions, 7)
    graphs = {
        g: (torch.as_tensor(ds.graphs[g].edge_index), torch.as_tensor(ds.graphs[g].edge_weight))
        for g in ("mobility", "adjacency")
    }
    out = EXPERTS[name](7, 16, 5, relations=relations)(x, graphs)
    assert out.shape == (ds.num_regions, 5)
    assert torch.isfinite(out).all()


@pytest.mark.parametrize("name", ["gcn", "sage", "gin", "gat"])
def test_typed_experts_read_each_relation_apart(name):
    """With typed relations, which graph an edge belongs to matters: swapping the two relations' edge
    sets changes the output, while one convolution over their union cannot tell them apart."""
    x = torch.randn(6, 4)
    ring = torch.tensor([[0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 0]])
    star = torch.tensor([[0, 0, 0, 0, 0], [1, 2, 3, 4, 5]])
    a = {"knn_poi": (ring, torch.ones(6)), "adjacency": (star, torch.ones(5))}
    b = {"knn_poi": a["adjacency"], "adjacency": a["knn_poi"]}
    for relations, differs in ((("knn_poi", "adjacency"), True), ((), False)):
        torch.manual_seed(0)
        expert = EXPERTS[name](4, 8, 3, dropout=0.0, relations=relations).eval()
        assert (not torch.allclose(expert(x, a), expert(x, b))) is differs
    typed = EXPERTS[name](4, 8, 3, relations=("knn_poi", "adjacency")).eval()
    assert torch.isfinite(typed(x, {"adjacency": a["adjacency"]})).all()  # a relation the dataset lacks


def test_flow_expert_tells_outgoing_from_incoming():
    """Reversing every mobility edge must change the output (source and destination roles differ)."""
    torch.manual_seed(0)
    expert = FlowExpert(4, 8, 3, dropout=0.0).eval()
    x = torch.randn(5, 4)
    ei = torch.tensor([[0, 0, 1, 2], [1, 2, 3, 4]])
    ew = torch.ones(4)
    forward = expert(x, {"mobility": (ei, ew)})
    backward = expert(x, {"mobility": (ei.flip(0), ew)})
    assert not torch.allclose(forward, backward)


def test_shapes_with_all_six_modalities(dataset_factory):
    ds = dataset_factory()
    model, out = _forward(ds)
    n, p = ds.num_regions, ds.points.values.shape[0]
    assert model.modalities == [*AGGREGATED_MODALITIES, "street_view"]
    assert out.z.shape == (n, 8)
    assert out.weights.shape == (n, 6)
    assert out.h.shape == (n, 6, 8)
    assert out.images.shape == (p, 8)
    assert {type(model.experts[m]).__name__ for m in model.experts} == {
        type(EXPERTS[DEFAULT_EXPERTS[m]](1, 4, 1)).__name__ for m in AGGREGATED_MODALITIES
    }


SUBSETS = [
    (mods, sv)
    for k in range(0, 6)
    for mods in itertools.combinations(AGGREGATED_MODALITIES, k)
    for sv in (False, True)
    if (mods or sv) and (k in (0, 1, 5) or (k == 2 and sv))
]


@pytest.mark.parametrize(("mods", "street_view"), SUBSETS)
def test_any_subset_of_modalities(mods, street_view, dataset_factory):
    ds = dataset_factory(modalities=mods, street_view=street_view, absent_fraction=0.2)
    model, out = _forward(ds)
    expected = list(mods) + (["street_view"] if street_view else [])
    assert model.modalities == expected
    assert out.weights.shape == (ds.num_regions, len(expected))
    assert torch.isfinite(out.z).all()


def test_no_geometry_uses_laplacian_positions(dataset_factory):
    ds = dataset_factory(modalities=("poi", "landuse"), street_view=False, geometry=False)
    assert ds.centroids is None
    model, out = _forward(ds, SMALL.model_copy(update={"learned_gate": True}))
    assert model.config["positional_encoding"] == "laplacian"
    assert torch.isfinite(out.z).all()


def test_no_modality_is_an_input_error(dataset_factory):
    ds = dataset_factory(modalities=(), street_view=False)
    with pytest.raises(InputError, match="no modality"):
        MTGRR.for_dataset(ds)


def test_missing_adjacency_is_an_input_error(dataset_factory):
    ds = dataset_factory(modalities=("poi",), street_view=False)
    del ds.graphs["adjacency"]
    model = MTGRR.for_dataset(ds)
    with pytest.raises(InputError, match="adjacency"):
        model.inputs(ds)


@pytest.mark.parametrize("fusion", ["spatial", "global", "uniform"])
def test_absent_modalities_weigh_exactly_zero(fusion, dataset_factory):
    ds = dataset_factory(absent_fraction=0.3)
    model, out = _forward(ds, ModelOptions(embedding_dim=8, hidden_dim=16, fusion=fusion))
    w = out.weights.detach().numpy()
    present = np.column_stack([ds.modalities[m].present for m in AGGREGATED_MODALITIES] + [_has_image(ds)])
    assert (w[~present] == 0).all()
    assert (w[present] > 0).all()
    some = present.any(axis=1)
    np.testing.assert_allclose(w[some].sum(axis=1), 1.0, rtol=1e-5)
    assert (w[~some] == 0).all()


def _has_image(ds):
    has = np.zeros(ds.num_regions, dtype=bool)
    has[ds.points.region_index] = True
    return has


@pytest.mark.parametrize("fusion", ["global", "uniform"])
def test_non_spatial_fusion_weights_are_identical_across_regions(fusion, dataset_factory):
    ds = dataset_factory(street_view=False)
    _, out = _forward(ds, ModelOptions(embedding_dim=8, hidden_dim=16, fusion=fusion))
    w = out.weights.detach().numpy()
    np.testing.assert_allclose(w, np.broadcast_to(w[0], w.shape), rtol=1e-6)
    if fusion == "uniform":
        np.testing.assert_allclose(w, 1 / 5, rtol=1e-6)


def test_spatial_fusion_weights_follow_the_evidence_or_the_learned_gate(dataset_factory):
    ds = dataset_factory(street_view=False)
    _, out = _forward(ds)  # no support anywhere: neutral evidence, one weight vector for all regions
    w = out.weights.detach().numpy()
    np.testing.assert_allclose(w, np.broadcast_to(w[0], w.shape), rtol=1e-6)
    ds.modalities["poi"].support = np.arange(ds.num_regions, dtype=float) + 1
    _, out = _forward(ds)
    poi = out.weights.detach().numpy()[:, 0]
    assert np.corrcoef(poi, ds.modalities["poi"].support)[0, 1] > 0.9  # more POIs, more POI weight
    _, out = _forward(ds, SMALL.model_copy(update={"evidence_prior": False, "learned_gate": True}))
    assert out.weights.detach().std(dim=0).max() > 1e-4  # model.md's gate varies by region too


def test_experts_can_be_chosen_per_modality(dataset_factory):
    ds = dataset_factory(street_view=False)
    model, _ = _forward(ds, SMALL.model_copy(update={"experts": {"poi": "gat", "roads": "sage"}}))
    assert type(model.experts["poi"]).__name__ == "GATExpert"
    assert type(model.experts["roads"]).__name__ == "SAGEExpert"
    assert type(model.experts["mobility"]).__name__ == "FlowExpert"  # default kept
    assert model.config["experts"]["poi"] == "gat"  # saved with the model


def test_job_offers_exactly_the_engine_experts():
    """The job file (no torch) lists expert names and modalities itself: they must match the model's."""
    from typing import get_args

    modality_names, expert_names = get_args(ModelOptions.model_fields["experts"].annotation)
    assert set(get_args(expert_names)) == set(EXPERTS)
    assert set(get_args(modality_names)) == set(DEFAULT_EXPERTS) == set(AGGREGATED_MODALITIES)


def test_identical_experts_use_one_architecture(dataset_factory):
    ds = dataset_factory(street_view=False)
    model = MTGRR.for_dataset(ds, ModelOptions(identical_experts=True))
    assert {type(e) for e in model.experts.values()} == {EXPERTS["gcn"]}
    default = MTGRR.for_dataset(ds)
    assert len({type(e) for e in default.experts.values()}) == 4  # POI and land use share GCN


def test_experts_read_the_dataset_graphs_as_typed_relations(dataset_factory):
    ds = dataset_factory(street_view=False)
    model = MTGRR.for_dataset(ds, SMALL)
    for m, expert in model.experts.items():
        expected = [g for g in EXPERT_GRAPHS[m] if g in ds.graphs]
        assert model.config["expert_relations"][m] == expected and list(expert.relations) == expected
    assert list(model.config["expert_relations"]["poi"]) == ["knn_poi", "adjacency"]
    untyped = MTGRR.for_dataset(ds, SMALL.model_copy(update={"typed_relations": False}))
    assert untyped.config["expert_relations"] == {}
    assert all(e.relations == () for e in untyped.experts.values())
    assert sum(p.numel() for p in untyped.parameters()) < sum(p.numel() for p in model.parameters())


def test_masked_softmax_and_smoothing_keep_masks():
    logits = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [0.0, 0.0, 0.0]])
    present = torch.tensor([[True, False, True], [True, True, True], [False, False, False]])
    w = masked_softmax(logits, present)
    assert w[0, 1] == 0 and (w[2] == 0).all()
    torch.testing.assert_close(w[:2].sum(1), torch.ones(2))
    adjacency = torch.tensor([[0, 1, 1, 2], [1, 0, 2, 1]])
    s = smooth_weights(w, present, adjacency)
    assert s[0, 1] == 0 and (s[2] == 0).all()
    torch.testing.assert_close(s[:2].sum(1), torch.ones(2))
    # region 1 averages itself with region 0 (region 2 contributes zeros) and is renormalised
    expected = (w[1] + w[0] + w[2]) / 3
    torch.testing.assert_close(s[1], expected / expected.sum())


def test_scaler_standardises_present_rows_linearly_clips_and_aligns():
    rng = np.random.default_rng(0)
    counts = rng.poisson(rng.lognormal(1, 1.5, size=(200, 1)), size=(200, 1)).astype(float)
    values = np.hstack([counts, rng.normal(5, 2, size=(200, 1))])
    values[-1, 0] = 1e6  # one extreme region
    present = np.ones(200, bool)
    present[:20] = False
    scaler = FeatureScaler.fit(values, ["count", "normal"], present)
    z = scaler.transform(values, present)
    assert (z[:20] == 0).all()
    np.testing.assert_allclose(z[20:, 1].mean(), 0, atol=1e-5)
    # counts stay on a linear scale (no log): unclipped values are an affine map of the counts
    inside = (np.abs(z[20:, 0]) < 5) & present[20:]
    slope = np.polyfit(values[20:, 0][inside], z[20:, 0][inside], 1)[0]
    np.testing.assert_allclose(
        z[20:, 0][inside], (values[20:, 0][inside] - scaler.mean[0]) * slope, atol=1e-4
    )
    assert z[-1, 0] == pytest.approx(5.0)  # the extreme value is clipped, not squeezed
    aligned, missing, dropped = scaler.align(values[:, ::-1][:, :1], ["normal"])
    assert missing == ["count"] and dropped == []
    np.testing.assert_array_equal(aligned[:, 0], 0)
    np.testing.assert_array_equal(aligned[:, 1], values[:, 1].astype(np.float32))
    again = FeatureScaler.from_dict(scaler.to_dict())
    np.testing.assert_array_equal(again.transform(values), scaler.transform(values))


def test_positions_without_geometry_are_the_shared_laplacian_eigenvectors(dataset_factory):
    ds = dataset_factory(geometry=False, street_view=False)
    assert not (MTGRR.for_dataset(ds, SMALL).inputs(ds).pe.numpy()).any()  # default: no gate reads them
    model = MTGRR.for_dataset(ds, SMALL.model_copy(update={"learned_gate": True}))
    pe = model.inputs(ds).pe.numpy()
    np.testing.assert_array_equal(pe, laplacian_eigenvectors(ds.graphs["adjacency"], PE_DIM))
    np.testing.assert_array_equal(pe, model.inputs(ds).pe.numpy())  # deterministic
    assert np.abs(pe).sum(axis=0).min() > 0  # every column is a real eigenvector on 60 regions


def test_directed_graphs_keep_the_strongest_flows_for_messages_and_all_for_od(dataset_factory):
    ds = dataset_factory(modalities=("mobility",), street_view=False)
    n = ds.num_regions
    src, dst = np.divmod(np.flatnonzero(~np.eye(n, dtype=bool)), n)  # complete directed graph
    weight = np.random.default_rng(1).random(src.size).astype(np.float32) + 0.1
    ds.graphs["mobility"] = Graph(np.stack([src, dst]), weight, n, directed=True)
    inp = MTGRR.for_dataset(ds, SMALL).inputs(ds)
    ei, ew = inp.graphs["mobility"]
    assert ei.shape[1] == n * FLOW_TOP_K
    assert np.bincount(ei[0].numpy(), minlength=n).tolist() == [FLOW_TOP_K] * n
    heaviest = np.sort(weight.reshape(n, n - 1), axis=1)[:, -FLOW_TOP_K:].sum(axis=1)
    kept = np.bincount(ei[0].numpy(), weights=ew.numpy() * weight.max(), minlength=n)
    np.testing.assert_allclose(kept, heaviest, rtol=1e-5)
    assert inp.od[0].shape[1] == src.size  # the reconstruction target keeps every flow
    np.testing.assert_allclose(inp.od[1].numpy(), np.expm1(weight), rtol=1e-5)  # as trip counts


@pytest.mark.parametrize("output", OUTPUTS)
def test_output_embedding_is_fused_or_fused_plus_weighted_modalities(output, dataset_factory):
    ds = dataset_factory(absent_fraction=0.3)
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, SMALL, output=output)
    inp = model.inputs(ds)
    emb, _ = model.embed(inp)
    model.eval()
    with torch.no_grad():
        out = model(inp)
    m, d = len(model.modalities), SMALL.embedding_dim
    np.testing.assert_allclose(emb[:, :d], out.z.numpy(), atol=1e-6)
    if output == "fused":
        assert emb.shape == (ds.num_regions, d)
        return
    assert emb.shape == (ds.num_regions, d * (1 + m))
    blocks = emb[:, d:].reshape(ds.num_regions, m, d)
    present = inp.present.numpy()
    assert (blocks[~present] == 0).all() and (np.abs(blocks[present]).sum(axis=1) > 0).all()
    weighted = out.h.numpy() * out.weights.numpy()[:, :, None]  # each block scaled by its fusion weight
    np.testing.assert_allclose(blocks[present], weighted[present], atol=1e-6)


@pytest.mark.parametrize("power", [0.0, 2.0])
def test_output_power_scales_each_block_by_a_power_of_its_weight(power, dataset_factory):
    """Same parameters, another readout: blocks are α^p h (p = 0: unscaled), still 0 where absent."""
    ds = dataset_factory(absent_fraction=0.3)
    torch.manual_seed(0)
    model = MTGRR.for_dataset(ds, SMALL.model_copy(update={"output_power": power}))
    inp = model.inputs(ds)
    emb, _ = model.embed(inp)
    model.eval()
    with torch.no_grad():
        out = model(inp)
    d, present = SMALL.embedding_dim, inp.present.numpy()
    blocks = emb[:, d:].reshape(ds.num_regions, len(model.modalities), d)
    expected = out.h.numpy() * (out.weights.numpy() ** power)[:, :, None]
    np.testing.assert_allclose(blocks[present], expected[present], atol=1e-6)
    assert (blocks[~present] == 0).all()
    np.testing.assert_allclose(emb[:, :d], out.z.numpy(), atol=1e-6)  # the fused vector is untouched


def test_reconstruction_heads_are_built_only_when_asked(dataset_factory):
    ds = dataset_factory()
    assert MTGRR.for_dataset(ds, SMALL).reconstruction is None
    model = MTGRR.for_dataset(ds, SMALL, reconstruct_features=True, reconstruct_od=True)
    z = torch.zeros(ds.num_regions, SMALL.embedding_dim)
    for m in model.modalities:
        width = ds.points.values.shape[1] if m == "street_view" else ds.modalities[m].values.shape[1]
        assert model.reconstruction(z, m).shape == (ds.num_regions, width)
    assert model.reconstruction.od_logits(z[:7]).shape == (7, 7)
    assert model.reconstruction.flow_source is None  # the flow term's heads only with predict_flow
    flow = MTGRR.for_dataset(ds, SMALL, predict_flow=True).reconstruction
    assert flow.flow_logits(z[:7]).shape == (7, 7) and flow.source is None
    no_mobility = dataset_factory(modalities=("poi",))
    for kind in ("reconstruct_od", "predict_flow"):
        heads = MTGRR.for_dataset(no_mobility, SMALL, **{kind: True}).reconstruction
        assert heads.source is None and heads.flow_source is None
    with pytest.raises(ValueError, match="output"):
        MTGRR.for_dataset(ds, SMALL, output="mean")


def test_images_outside_the_regions_are_an_input_error(dataset_factory):
    ds = dataset_factory(modalities=("poi",))
    model = MTGRR.for_dataset(ds)
    ds.points.region_index[0] = ds.num_regions
    with pytest.raises(InputError, match="outside the dataset"):
        model.inputs(ds)


def test_evidence_is_the_relative_precision_and_neutral_when_unknown():
    q = evidence(np.array([0.0, 1.0, 4.0, 400.0]), 4.0, 4)
    np.testing.assert_allclose(q, [0.0, 0.25, 1.0, 100.0], rtol=1e-6)
    np.testing.assert_array_equal(evidence(None, None, 3), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(evidence(np.ones(2), None, 2), [1.0, 1.0])
    # the scale is the median over the regions that have any support
    assert support_scale(np.array([0, 2, 4, 100, 7, 0])) == 5.5
    assert support_scale(None) is None
    assert support_scale(np.zeros(3)) is None


def test_evidence_prior_multiplies_the_gate_by_the_evidence():
    """Without the learned gate, spatial weights start as the evidence renormalised over the present
    modalities (the per-modality biases start at 0); the learned gate changes them."""
    n, m, d = 4, 3, 8
    fusion = Fusion(m, d, PE_DIM, "spatial", evidence_prior=True, learned_gate=False)
    h, pe = torch.randn(n, m, d), torch.randn(n, PE_DIM)
    present = torch.tensor([[1, 1, 1], [1, 1, 0], [1, 1, 1], [0, 1, 1]], dtype=torch.bool)
    q = torch.tensor([[0.9, 0.3, 0.3], [0.5, 0.5, 0.9], [0.1, 0.1, 0.8], [0.5, 0.2, 0.6]])
    no_edges = torch.empty(2, 0, dtype=torch.long)
    _, w, _ = fusion(h, present, pe, no_edges, q)
    expected = q * present
    np.testing.assert_allclose(w.detach(), expected / expected.sum(1, keepdim=True), rtol=1e-5)
    _, w_gated, _ = Fusion(m, d, PE_DIM, "spatial", evidence_prior=True, learned_gate=True)(
        h, present, pe, no_edges, q
    )
    assert not torch.allclose(w_gated, w)
    _, w_flat, _ = Fusion(m, d, PE_DIM, "spatial", evidence_prior=False, learned_gate=False)(
        h, present, pe, no_edges, q
    )
    np.testing.assert_allclose(w_flat.detach(), present / present.sum(1, keepdim=True), rtol=1e-6)
    assert not Fusion(m, d, PE_DIM, "global", evidence_prior=True).evidence_prior  # spatial only


def test_evidence_beyond_a_thousand_times_the_typical_support_weighs_no_more():
    """q is clamped to [1e-3, 1e3]: 10⁶ times the typical support weighs as 10³ does."""
    fusion = Fusion(2, 8, PE_DIM, "spatial", evidence_prior=True, learned_gate=False)
    h, pe, present = torch.randn(2, 2, 8), torch.randn(2, PE_DIM), torch.ones(2, 2, dtype=torch.bool)
    no_edges = torch.empty(2, 0, dtype=torch.long)
    q = torch.tensor([[1e6, 1.0], [1e3, 1.0]])
    w = fusion(h, present, pe, no_edges, q)[1].detach()
    np.testing.assert_allclose(w[0], w[1], rtol=1e-6)
    np.testing.assert_allclose(w[1], [1e3 / 1001, 1 / 1001], rtol=1e-5)


def test_model_turns_region_support_into_evidence(dataset_factory):
    ds = dataset_factory()
    support = np.arange(ds.num_regions, dtype=float)
    ds.modalities["poi"].support = support
    model = MTGRR.for_dataset(ds, SMALL)
    scales = model.config["support_scales"]
    assert scales["poi"] == pytest.approx(np.median(support[support > 0]))
    assert scales["landuse"] is None  # no support given: neutral
    images = np.bincount(ds.points.region_index, minlength=ds.num_regions)
    assert scales["street_view"] == pytest.approx(np.median(images[images > 0]))
    q = model.inputs(ds).evidence.numpy()
    k = model.modalities.index
    np.testing.assert_allclose(q[:, k("poi")], support / scales["poi"], rtol=1e-6)
    np.testing.assert_allclose(q[:, k("landuse")], 1.0)
    assert (
        MTGRR.for_dataset(ds, SMALL.model_copy(update={"evidence_prior": False})).inputs(ds).evidence is None
    )


def test_model_md_benchmark_row_builds_the_model_without_our_additions(dataset_factory):
    """The benchmark's "as model.md describes it" row: no projection heads, no evidence prior, the learned
    gate, GAT for POI and one convolution over each expert's graphs (the loss and output switches are the
    trainer's)."""
    from mtgrr.benchmarks import ABLATIONS

    options = ModelOptions(**ABLATIONS["MTGRR as model.md describes it (none of our additions)"])
    model = MTGRR.for_dataset(dataset_factory(street_view=False), options)
    assert model.heads is None and model.fusion.gate is not None and not model.fusion.evidence_prior
    assert all(e.relations == () for e in model.experts.values())
    assert type(model.experts["poi"]).__name__ == "GATExpert"
    assert (options.output, options.lambda_reconstruction, options.lambda_od) == ("fused", 0.0, 0.0)
