"""Through the engine's own ingestion, each district's target follows its own modality."""

from __future__ import annotations

import pytest
from mtgrr.benchmarks.datasets import synthetic_dataset
from mtgrr.synth.city import LOCAL_TARGETS
from mtgrr.synth.latent import DISTRICTS
from mtgrr.synth.regimes import ALL, regime_table


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    ds, truth = synthetic_dataset(tmp_path_factory.mktemp("regimes"), n_regions=600, seed=5, n_images=0)
    return regime_table(ds, truth)


@pytest.mark.parametrize(
    ("district", "own"), [("A_mobility", "mobility"), ("C_appearance", "remote_sensing")]
)
def test_one_modality_explains_activity_in_its_district(table, district, own):
    scores = table["target_activity"][district]
    assert scores[own] > 0.6, scores
    assert all(scores[own] > scores[m] + 0.3 for m in scores if m not in (own, ALL)), scores


def test_one_linear_model_for_the_whole_city_explains_much_less(table):
    for target in LOCAL_TARGETS:
        rows = table[target]
        per_district = [rows[d][ALL] for d in DISTRICTS]
        assert rows["whole city"][ALL] < min(per_district) - 0.2, (target, rows)


def test_the_regions_own_features_explain_the_context_target_much_less(table):
    """What a region's trips reach or its neighbours hold is much less in its own features than its
    activity is, so a model that reads only a region's own row cannot recover it."""
    for district in DISTRICTS:
        local = table["target_activity"][district][ALL]
        assert table["target_context"][district][ALL] < local - 0.2, (district, table["target_context"])


def test_a_district_too_small_to_probe_scores_nan(tmp_path):
    import math

    ds, truth = synthetic_dataset(tmp_path, n_regions=15, seed=5, n_images=0)
    small = truth["district"].value_counts()
    table = regime_table(ds, truth)["target_activity"]
    for district, count in small.items():
        assert math.isnan(table[district][ALL]) == (count < 10)


def test_city_benchmark_prints_each_district_and_leaves_no_files(tmp_path, capsys):
    import re

    from mtgrr.synth.regimes import city_benchmark

    table = city_benchmark(80, seed=5, workdir=tmp_path)
    printed = capsys.readouterr().out
    counts = {m[0]: int(m[1]) for m in re.findall(r"\| ([^|]+?) \((\d+) regions\)", printed.split("\n\n")[0])}
    assert counts.pop("whole city") == 80 and sum(counts.values()) == 80
    assert set(counts) == set(table["target_activity"]) - {"whole city"}
    assert list(tmp_path.iterdir()) == []
