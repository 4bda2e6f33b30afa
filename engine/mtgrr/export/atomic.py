"""All-or-nothing output writing: files are written under hidden temporary names in the output
folder and renamed into place together, so a failure or a cancel never leaves a partial output."""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from ..errors import InputError


def check_output_folder(out_dir: str | Path, fix: str = "give a folder path.") -> None:
    """Refuse a folder path that is a file or lies inside one, as an input error naming it (creating the folder
    would raise FileExistsError or NotADirectoryError, an internal error). A command checks its output folder
    this way before any work, so as not to fail after it."""
    out_dir = Path(out_dir)
    for path in (out_dir, *out_dir.parents):
        if path.exists():
            if not path.is_dir():
                raise InputError(
                    "the output folder is a file, or lies inside one.", where=str(out_dir), fix=fix
                )
            return


class AtomicOutputs:
    """Use as a context manager: ``path(name)`` gives a temporary path to write ``name`` to; on a
    clean exit every file is ``os.replace``'d to its final name, on an exception all are deleted."""

    def __init__(self, out_dir: str | Path):
        self.out_dir = Path(out_dir)
        check_output_folder(self.out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self._token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self._pending: dict[str, Path] = {}

    def path(self, filename: str) -> Path:
        """Temporary path for ``filename`` (same suffix, so drivers recognise the format)."""
        final = Path(filename)
        tmp = self.out_dir / f".{final.stem}.tmp-{self._token}{final.suffix}"
        self._pending[filename] = tmp
        return tmp

    def commit(self) -> dict[str, Path]:
        """Rename every file into place. Files they replace are set aside first and put back if a rename fails
        (a final name that is a folder, a file another program holds open on Windows), so the folder never
        mixes new files with old ones."""
        done: dict[str, Path] = {}
        kept: dict[Path, Path] = {}
        try:
            for filename, tmp in self._pending.items():
                final = self.out_dir / filename
                if final.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "a folder has the output file's name", str(final))
                if final.exists():  # recorded once set aside: a file that could not be moved is not put back
                    old = final.with_name(f".{final.name}.old-{self._token}")
                    os.replace(final, old)
                    kept[final] = old
                os.replace(tmp, final)
                done[filename] = final
        except OSError:
            for final in done.values():
                final.unlink(missing_ok=True)
            for final, old in kept.items():
                os.replace(old, final)
            raise
        for old in kept.values():
            old.unlink(missing_ok=True)
        self._pending.clear()
        return done

    def discard(self) -> None:
        for tmp in self._pending.values():
            # SQLite (GeoPackage) may leave journal files beside an interrupted write
            for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        self._pending.clear()

    def __enter__(self) -> AtomicOutputs:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()
