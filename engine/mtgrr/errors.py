"""Errors for bad user input: each names what is wrong, where, and how to fix it."""

from __future__ import annotations


class InputError(ValueError):
    """A problem with the user's data or job file, reported without a traceback.

    ``where`` names the job key, layer or file; ``fix`` tells the user what to change.
    """

    def __init__(self, problem: str, *, where: str | None = None, fix: str | None = None):
        self.problem = problem
        self.where = where
        self.fix = fix
        text = f"{where}: {problem}" if where else problem
        if fix:
            text += f" Fix: {fix}"
        super().__init__(text)

    def parts(self) -> dict[str, str | None]:
        """``where``, ``problem`` and ``fix`` apart, for the ``error`` event."""
        return {"where": self.where, "problem": self.problem, "fix": self.fix}


class Cancelled(Exception):
    """The run was interrupted (SIGINT/SIGTERM or a cancel request); nothing was written."""
