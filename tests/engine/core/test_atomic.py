"""All-or-nothing output writing: a rename that fails puts back the files already replaced."""

from __future__ import annotations

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
