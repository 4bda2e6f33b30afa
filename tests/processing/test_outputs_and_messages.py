"""What a qgis_process or batch user meets: outputs never written over their own inputs, output files that open
styled, and messages that name the parameter to change (through processing.run, as the other tests)."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import processing
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsGraduatedSymbolRenderer,
    QgsProcessingException,
    QgsVectorLayer,
)
from recording import RecordingFeedback


def refusal(algorithm: str, parameters: dict) -> str:
    """The error an algorithm stops with before it runs (Processing logs what prepareAlgorithm raises)."""
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException):
        processing.run(algorithm, parameters, feedback=feedback)
    return "\n".join(feedback.errors)


def tables(gpkg: Path) -> set[str]:
    """The GeoPackage's layers (not its style table)."""
    with sqlite3.connect(gpkg) as db:
        return {
            row[0] for row in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
        }


def default_styles(gpkg: Path) -> list[tuple[str, int]]:
    """(table, useAsDefault) of each style stored in the GeoPackage; [] without a style table."""
    with sqlite3.connect(gpkg) as db:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'layer_styles'").fetchone():
            return []
        return list(db.execute("SELECT f_table_name, useAsDefault FROM layer_styles"))


def test_learn_and_embed_refuse_to_write_over_their_input_geopackage(
    learned, city, tmp_path, learn_params, monkeypatch
):
    """OUTPUT=self.gpkg with REGIONS=self.gpkg|layername=regions replaced the file: its other layers were gone."""
    own = tmp_path / "self.gpkg"
    shutil.copyfile(city, own)
    before = tables(own)
    monkeypatch.chdir(tmp_path)  # the output as typed in a shell: a relative path, resolved before comparing
    parameters = learn_params(own, tmp_path, OUTPUT="self.gpkg")
    message = refusal("mtgrr:learn", parameters)
    assert "layer 'self — regions' (REGIONS)" in message, message
    assert (
        "self.gpkg" in message and "Choose another file name for the output (e.g. self_learn.gpkg)" in message
    )
    embed = {
        **{k: v for k, v in parameters.items() if k not in ("EPOCHS", "EMBEDDING_DIM", "MODEL")},
        "MODEL": learned["MODEL"],
        "REGIONS": str(city) + "|layername=regions",  # another file: the POI layer is the one in self.gpkg
        "OUTPUT": str(own),
    }
    assert "layer 'self — poi' (POI)" in refusal("mtgrr:embed", embed)
    assert tables(own) == before and {"regions", "poi", "roads"} <= before
    assert not (tmp_path / "self_run").exists(), "refused before the run folder is made"


def test_predict_cluster_and_grid_refuse_to_write_over_their_input(learned, city, tmp_path):
    embeddings = tmp_path / "emb.gpkg"  # a file not named after its table: the input names no |layername=
    shutil.copyfile(learned["OUTPUT"], embeddings)
    [table] = tables(embeddings)
    assert table != embeddings.stem
    message = refusal(
        "mtgrr:predict", {"INPUT": str(embeddings), "FIELD": "target_activity", "OUTPUT": str(embeddings)}
    )
    assert "is the file that layer 'emb' (INPUT) is read from" in message, message
    same_table = f"ogr:dbname='{embeddings}' table=\"{table}\" (geom)"
    message = refusal("mtgrr:cluster", {"INPUT": str(embeddings), "K": 3, "OUTPUT": same_table})
    assert re.search(f"table '{table}' of .*Choose another table name", message), message
    assert QgsVectorLayer(str(embeddings), "kept", "ogr").featureCount() == 60
    # a new table in the input's GeoPackage ("Save to GeoPackage…") leaves the input as it is
    new_table = f"ogr:dbname='{embeddings}' table=\"zones\" (geom)"
    processing.run("mtgrr:cluster", {"INPUT": str(embeddings), "K": 3, "OUTPUT": new_table})
    assert tables(embeddings) == {table, "zones"}
    assert ("zones", 1) in default_styles(embeddings)  # the new table's default style, beside the input's
    named_as_the_file = f"ogr:dbname='{embeddings}' table=\"{embeddings.stem}\" (geom)"  # a new table too
    processing.run("mtgrr:cluster", {"INPUT": str(embeddings), "K": 3, "OUTPUT": named_as_the_file})
    assert tables(embeddings) == {table, "zones", embeddings.stem}
    # an extent taken from a layer is an input too
    own = tmp_path / "own_city.gpkg"
    shutil.copyfile(city, own)
    before = tables(own)
    message = refusal("mtgrr:grid", {"EXTENT": f"{own}|layername=regions", "SIZE": 500, "OUTPUT": str(own)})
    assert "layer 'own_city — regions' (EXTENT)" in message, message
    assert tables(own) == before


def test_predict_and_cluster_files_open_styled(embeddings_with_target, learned, tmp_path):
    """A batch or qgis_process result loads into no project: its style travels with the file."""
    predicted = processing.run(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "pred.gpkg")},
    )["OUTPUT"]
    clusters = processing.run(
        "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 4, "OUTPUT": str(tmp_path / "zones.gpkg")}
    )["OUTPUT"]
    for table in ("pred", "zones"):
        gpkg = tmp_path / f"{table}.gpkg"
        assert default_styles(gpkg) == [(table, 1)]
        # the sink was closed before the style was stored: every feature is in the file
        with sqlite3.connect(gpkg) as db:
            assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone() == (60,)
    opened = QgsVectorLayer(predicted, "pred", "ogr")
    assert isinstance(opened.renderer(), QgsGraduatedSymbolRenderer)
    assert opened.renderer().classAttribute() == "pred_target_activity"
    opened = QgsVectorLayer(clusters, "zones", "ogr")
    assert isinstance(opened.renderer(), QgsCategorizedSymbolRenderer)
    assert opened.renderer().classAttribute() == "cluster" and len(opened.renderer().categories()) == 4
    # a Shapefile gets its .qml; a temporary layer is left alone
    shapefile = processing.run(
        "mtgrr:cluster", {"INPUT": learned["OUTPUT"], "K": 3, "OUTPUT": str(tmp_path / "zones.shp")}
    )["OUTPUT"]
    assert (tmp_path / "zones.qml").is_file()
    assert isinstance(QgsVectorLayer(shapefile, "z", "ogr").renderer(), QgsCategorizedSymbolRenderer)


def test_checking_the_outputs_adds_no_layer_to_load(learned, tmp_path):
    """The check reads where each output goes without telling the run's context: a second entry among the layers
    to load when the algorithm ends (a memory: name, or the raw ogr: URI) made the GUI report a layer "not
    correctly generated" after every run whose output was loaded into the project."""
    from mtgrr_qgis.plugin.processing.common import refuse_output_over_inputs
    from qgis.core import (
        QgsApplication,
        QgsProcessingContext,
        QgsProcessingOutputLayerDefinition,
        QgsProject,
    )

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("mtgrr:cluster")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    for destination in ("TEMPORARY_OUTPUT", f"ogr:dbname='{tmp_path / 'z.gpkg'}' table=\"zones\" (geom)"):
        output = QgsProcessingOutputLayerDefinition(destination, QgsProject.instance())  # load it when done
        refuse_output_over_inputs(algorithm, {"INPUT": learned["OUTPUT"], "K": 3, "OUTPUT": output}, context)
        assert context.layersToLoadOnCompletion() == {}, destination


def test_a_misspelt_field_gets_a_close_match_and_the_fields(embeddings_with_target, tmp_path):
    """As learn's messages; the layer's own attributes are listed before its many emb_* fields."""
    attributes = [
        n for n in QgsVectorLayer(embeddings_with_target).fields().names() if not n.startswith("emb_")
    ]
    listed = re.escape(", ".join(attributes[:15]))  # the first 15 listed: attributes, none of the emb_*
    pattern = (
        r"Layer 'joined' \(INPUT\) has no field 'target_activit'\. Did you mean 'target_activity'\? Its fields: "
        + listed
    )
    with pytest.raises(QgsProcessingException, match=pattern):
        processing.run(
            "mtgrr:predict",
            {"INPUT": embeddings_with_target, "FIELD": "target_activit", "OUTPUT": str(tmp_path / "p.gpkg")},
        )
    with pytest.raises(QgsProcessingException, match=pattern):
        processing.run(
            "mtgrr:export_map",
            {"INPUT": embeddings_with_target, "FIELD": "target_activit", "PNG": str(tmp_path / "m.png")},
        )


def test_too_many_spatial_folds_names_the_fold_count_that_fits(embeddings_with_target, tmp_path):
    from mtgrr.evaluate.spatial import regions_needed

    def predict(layer, folds):
        return processing.run(
            "mtgrr:predict",
            {
                "INPUT": layer,
                "FIELD": "target_activity",
                "SPATIAL_CV": True,
                "FOLDS": folds,
                "OUTPUT": str(tmp_path / "p.gpkg"),
            },
        )

    most = max(f for f in range(2, 10) if regions_needed(f) <= 40)  # 40 regions have a value
    with pytest.raises(QgsProcessingException, match=f"set FOLDS .* to at most {most} here, or SPATIAL_CV"):
        predict(embeddings_with_target, most + 2)
    assert predict(embeddings_with_target, most)["N_KNOWN"] == 40  # what the message offers does run
    few = processing.run(  # fewer regions with a value than any spatial folds need
        "native:fieldcalculator",
        {
            "INPUT": embeddings_with_target,
            "FIELD_NAME": "target_activity",
            "FIELD_TYPE": 0,
            "FORMULA": "CASE WHEN region_id < 20 THEN target_activity END",
            "OUTPUT": str(tmp_path / "few.gpkg"),
        },
    )["OUTPUT"]
    with pytest.raises(
        QgsProcessingException, match=f"set SPATIAL_CV .* to false .* at least {regions_needed(2)} regions"
    ):
        predict(few, 2)


def test_export_map_takes_a_ramp_name_in_any_case(embeddings_with_target, tmp_path, monkeypatch):
    from mtgrr_qgis.plugin import styling

    ramps = []
    graduated = styling.graduated

    def recording(layer, field, classes=5, ramp="Viridis", method=None):
        ramps.append(ramp)
        return graduated(layer, field, classes, ramp, method)

    monkeypatch.setattr(styling, "graduated", recording)
    base = {"INPUT": embeddings_with_target, "PNG": str(tmp_path / "m.png")}
    processing.run("mtgrr:export_map", {**base, "FIELD": "target_activity", "RAMP": "magma"})
    assert ramps == ["Magma"]  # the style's own name


def test_export_map_says_why_it_made_fewer_classes_than_asked(embeddings_with_target, tmp_path):
    base = {"INPUT": embeddings_with_target, "PNG": str(tmp_path / "m.png")}
    six = processing.run(
        "native:fieldcalculator",
        {
            "INPUT": embeddings_with_target,
            "FIELD_NAME": "six",
            "FIELD_TYPE": 1,
            "FORMULA": "region_id % 6",
            "OUTPUT": str(tmp_path / "six.gpkg"),
        },
    )["OUTPUT"]
    feedback = RecordingFeedback()
    processing.run(
        "mtgrr:export_map", {**base, "INPUT": six, "FIELD": "six", "CLASSES": 9}, feedback=feedback
    )
    assert any(
        re.match(r"The map has 6 classes, not the 9 asked for: field 'six' .* only 6 distinct values", w)
        for w in feedback.warnings
    ), feedback.warnings
    assert any("6 classes: Quantile" in i for i in feedback.infos)  # the source note agrees
    skewed = processing.run(  # 50 zeros: the quantiles' bounds repeat
        "native:fieldcalculator",
        {
            "INPUT": embeddings_with_target,
            "FIELD_NAME": "skewed",
            "FIELD_TYPE": 1,
            "FORMULA": "CASE WHEN region_id < 50 THEN 0 ELSE region_id END",
            "OUTPUT": str(tmp_path / "skewed.gpkg"),
        },
    )["OUTPUT"]
    feedback = RecordingFeedback()
    processing.run("mtgrr:export_map", {**base, "INPUT": skewed, "FIELD": "skewed"}, feedback=feedback)
    assert any(
        re.match(r"The map has [2-4] classes, not the 5 asked for: Quantile gave bounds that repeat", w)
        for w in feedback.warnings
    ), feedback.warnings
    feedback = RecordingFeedback()
    processing.run("mtgrr:export_map", {**base, "FIELD": "target_activity"}, feedback=feedback)
    assert not feedback.warnings  # five classes as asked: nothing to say


def test_error_figures_share_their_decimals_without_exponents(embeddings_with_target, tmp_path):
    from mtgrr_qgis.plugin.processing.analyse import _same_decimals

    assert _same_decimals(9795.566929617034, 11631.851843842094) == ["9796", "11632"]
    assert _same_decimals(0.0123456, 0.0201) == ["0.01235", "0.02010"]
    assert _same_decimals(1234567890.0, 2.5e9) == ["1235000000", "2500000000"]
    assert _same_decimals(0.0, 0.0) == ["0.000", "0.000"]
    feedback = RecordingFeedback()
    results = processing.run(
        "mtgrr:predict",
        {"INPUT": embeddings_with_target, "FIELD": "target_activity", "OUTPUT": str(tmp_path / "p.gpkg")},
        feedback=feedback,
    )
    [line] = [i for i in feedback.infos if i.startswith("Out-of-fold")]
    mae, rmse = re.search(r"MAE ([-\d.]+), RMSE ([-\d.]+)$", line).groups()
    assert len(mae.partition(".")[2]) == len(rmse.partition(".")[2]), line
    assert float(mae) == pytest.approx(results["MAE"], rel=1e-3) and float(rmse) == pytest.approx(
        results["RMSE"], rel=1e-3
    )
