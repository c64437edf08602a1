"""The one exception tree: every error a user can cause, with a message ready to print."""

from __future__ import annotations

from dataclasses import dataclass


class BriefingError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1


class InputError(BriefingError):
    """Bad input (profile, edition, brand, logo, roster, arguments): exit status 2."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem in one input file: where it is and what is wrong."""

    source: str
    where: str  # a key path (roles[1].planned_hires), a row/column, or "" for the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.where}: {self.message}" if self.where else f"{self.source}: {self.message}"


SHOWN = 50  # problems listed in one message: enough to fix a file, not a 10,000-line wall


class ProblemsError(InputError):
    """Every problem found in one input, reported at once."""

    kind = "input"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        count = len(self.problems)
        head = f"invalid {self.kind} ({count} problem{'s' if count != 1 else ''}):"
        lines = [head, *(f"  {p}" for p in self.problems[:SHOWN])]
        if count > SHOWN:
            lines.append(f"  ... and {count - SHOWN:,} more problems of the same kind; fix these first")
        return "\n".join(lines)


class ProfileError(ProblemsError):
    kind = "profile"


class RosterError(ProblemsError):
    kind = "roster"


class EditionError(ProblemsError):
    kind = "data edition"


class BrandError(ProblemsError):
    kind = "brand"


def unreadable(exc: OSError) -> str:
    """Why a file could not be read, in a user's words."""
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read: {exc.strerror or exc}"


class BriefingWarning(UserWarning):
    """Something a run leaves out on purpose (a commentary without a language, an e-mail without a recipient):
    the command prints it as a warning; the run goes on."""


class OwnerClash(InputError):
    """The output folder holds another client's briefing under the same name (or a folder briefing did not
    write): it is not replaced. Exit status 2."""


class RunError(BriefingError):
    """The run itself failed (e.g. the output folder cannot be written): exit status 1."""

    exit_code = 1
