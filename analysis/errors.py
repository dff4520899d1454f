"""Input problems, collected and reported all at once.

Every check of user input (corpus files, metadata, annotations, lexicons)
records a :class:`Problem` naming the file, the line or field, what is wrong
and how to fix it.  Checks collect all problems before raising a single
:class:`CorpusError`, so a user sees every issue in one run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one input file.

    Parameters
    ----------
    file : str
        Path of the offending file, as given by the user (relative paths stay
        relative, so messages carry no machine-specific prefix).
    line : int or None
        1-based line number in ``file`` (the header of a CSV is line 1), or
        ``None`` when the problem concerns the whole file.
    field : str
        Column, JSON key or other element concerned ("" when not applicable).
    message : str
        What is wrong.
    fix : str
        What the user should do about it.
    """

    file: str
    line: int | None
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.message}. Fix: {self.fix}"


class CorpusError(ValueError):
    """Raised when an input fails validation; carries every problem found.

    Parameters
    ----------
    problems : list of Problem
        All problems found, in file and line order.
    """

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field, p.message))
        lines = [f"{len(self.problems)} problem(s) found:"] + [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


def raise_if(problems: list[Problem]) -> None:
    """Raise :class:`CorpusError` if ``problems`` is not empty.

    Parameters
    ----------
    problems : list of Problem
        Problems collected by a check.

    Raises
    ------
    CorpusError
        When at least one problem was found.
    """
    if problems:
        raise CorpusError(problems)
