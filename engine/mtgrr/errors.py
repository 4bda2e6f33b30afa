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


DECIMAL_COMMA = r"[-+]?\d*,\d+"
"""A number with a decimal comma ("114,67"), as Excel writes it where that is the decimal separator, or with a
thousands separator ("1,234"): the two cannot be told apart from the text alone."""


def not_numbers(what: str, bad: list, known: int) -> tuple[str, str]:
    """(problem, fix) for a column meant as numbers that holds ``bad`` values among its ``known`` ones: a few
    stray entries ("n/a", "unknown") call for cleaning them, text throughout for another column, and a decimal
    comma (French or German spreadsheets) for a decimal point."""
    import re

    examples = ", ".join(repr(v) for v in list(dict.fromkeys(map(str, bad)))[:3])
    problem = f"{what} is not numeric: {len(bad)} of its {known} values are not numbers ({examples})."
    if all(re.fullmatch(DECIMAL_COMMA, str(v).strip()) for v in bad):
        return (
            problem,
            "write the numbers with a decimal point and no thousands separator (12.5 or 1234, not 12,5 or 1,234), "
            "or store the column as numbers.",
        )
    if len(bad) <= known / 2:
        return problem, "correct those values, or clear them (regions without a value are left out)."
    return problem, "choose a field (column) of numbers."
