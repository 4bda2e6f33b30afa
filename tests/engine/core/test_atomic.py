"""All-or-nothing output writing: a rename that fails puts back the files already replaced."""

from __future__ import annotations

from pathlib import Path

import pytest
from mtgrr.export.atomic import AtomicOutputs


def test_a_failed_rename_leaves_the_folder_as_it_was(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    (tmp_path / "b.txt").mkdir()  # a folder where an output file should go
    with pytest.raises(IsADirectoryError), AtomicOutputs(tmp_path) as out:
        out.path("a.txt").write_text("new")
        out.path("b.txt").write_text("new")
        out.commit()
    assert (tmp_path / "a.txt").read_text() == "old"  # not a new a.txt beside the old report
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_commit_replaces_earlier_files_and_leaves_no_hidden_ones(tmp_path):
    (tmp_path / "a.txt").write_text("old")
    with AtomicOutputs(tmp_path) as out:
        out.path("a.txt").write_text("new")
        out.path("b.txt").write_text("new")
        done = out.commit()
    assert done == {"a.txt": tmp_path / "a.txt", "b.txt": tmp_path / "b.txt"}
    assert [p.read_text() for p in sorted(tmp_path.iterdir())] == ["new", "new"]


def test_a_file_that_cannot_be_set_aside_gives_its_own_error(tmp_path, monkeypatch):
    """A file another program holds open (Windows) cannot be moved aside: that error is raised, not a
    FileNotFoundError from putting back a file that never moved, and the earlier files are put back."""
    import mtgrr.export.atomic as atomic

    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("old")
    replace = atomic.os.replace

    def locked(src, dst):
        if Path(src) == tmp_path / "b.txt":
            raise PermissionError(13, "held open by another program", str(src))
        replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(PermissionError, match="held open"), AtomicOutputs(tmp_path) as out:
        out.path("a.txt").write_text("new")
        out.path("b.txt").write_text("new")
        out.commit()
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {"a.txt": "old", "b.txt": "old"}


@pytest.mark.parametrize("inside", ["", "sub"])
def test_an_output_folder_that_is_a_file_is_an_input_error(tmp_path, inside):
    """``write_report(result, "report.md")`` ended as an internal FileExistsError (NotADirectoryError below it)."""
    from mtgrr.errors import InputError

    report = tmp_path / "report.md"
    report.write_text("mine")
    out_dir = report / inside if inside else report
    with pytest.raises(InputError, match="the output folder is a file, or lies inside one") as err:
        AtomicOutputs(out_dir)
    assert err.value.where == str(out_dir) and err.value.fix == "give a folder path."
    assert report.read_text() == "mine"
