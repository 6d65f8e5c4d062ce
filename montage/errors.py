"""Errors a user can act on, in one type and one layout (docs/errors.md).

A `Problem` is one thing wrong with one input: where (file, row, column) and what (a message, or
what was expected and what was got). Every import and form of Montage reports its problems as
`Problem`s inside one `InputError`, and every channel prints them with `render`, in the manner of
compilers, Beancount and hledger, so an editor can jump to the place:

    FILE:ROW: COLUMN: message
    devis.csv:3: account: expected an account of the chart, got "99"

The CLI prints them and exits 2; the pages translate the frame words ("expected", "got") and the
messages they know (montage.web.core.problems); the API returns them as data (`as_dict`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_SHOWN = 200  # problems kept per import: enough to fix a file, not a copy of it


class MontageError(Exception):
    """An error caused by input or data, explained in one line for the user. `message` is one
    English sentence with named placeholders, filled by `params` (so a page can translate the
    sentence before filling it in: montage.web.core.problems)."""

    def __init__(self, message: str = "", *, params: dict | None = None):
        self.template = message
        self.params = params
        super().__init__(message % params if params else message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input. `row` is a text file's line or a sheet's row (1 = the
    header); `column` a column's name or letter, or a form's field. Either `message` says what is
    wrong, or `expected` (what the cell should hold) and `got` (what it held; "" = empty, None = not
    shown) do. `hint` suggests a fix. `params` fill the %(name)s of the message, of what was
    expected and of the hint once translated (so a pure package's sentence is translatable)."""

    message: str = ""
    file: str | None = None
    row: int | None = None
    column: str | None = None
    expected: str | None = None
    got: object = None
    hint: str | None = None
    params: dict | None = None

    def at(self, *, file: str | None = None, row: int | None = None,
           column: str | None = None) -> Problem:
        """The same problem, placed (what the caller knows and the problem does not)."""
        return dataclasses.replace(self, file=self.file or file,
                                   row=self.row if self.row is not None else row,
                                   column=self.column or column)

    def moved(self, offset: int) -> Problem:
        """The same problem for rows numbered `offset` further (a file read in parts)."""
        return dataclasses.replace(self, row=None if self.row is None else self.row + offset)

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column,
                "message": self.message, "expected": self.expected,
                "got": None if self.got is None else str(self.got), "hint": self.hint,
                "params": None if self.params is None else {
                    key: value if isinstance(value, (str, int, float, bool, type(None)))
                    else str(value) for key, value in self.params.items()}}

    @classmethod
    def from_dict(cls, data: dict) -> Problem:
        """The problem `as_dict` wrote (or an earlier release's {"value": …}, "" = not shown)."""
        fields = {f.name for f in dataclasses.fields(cls)}
        problem = {key: value for key, value in data.items() if key in fields}
        if "value" in data and "got" not in data:
            problem["got"] = data["value"] or None
        return cls(**{key: ("" if value is None and key == "message" else value)
                      for key, value in problem.items()})

    def __str__(self) -> str:
        return render(self)


@dataclass(frozen=True)
class Words:
    """The frame words of `render`, in the reader's language (English here; the web's in French)."""

    expected: str = "expected %(what)s"
    expected_got: str = 'expected %(what)s, got "%(got)s"'
    expected_empty: str = "expected %(what)s, got an empty cell"
    more: str = "… and %(count)s more problems"
    translate: Callable[[str], str] = staticmethod(lambda text: text)


ENGLISH = Words()


def what_is_wrong(problem: Problem, words: Words = ENGLISH) -> str:
    """The problem's sentence without its place: its message, or "expected X, got "Y""."""
    def said(text: str) -> str:
        text = words.translate(text)
        return text % problem.params if problem.params else text

    if problem.message:
        text = said(problem.message)
    elif problem.expected is None:
        text = ""
    else:
        what = said(problem.expected)
        if problem.got is None:
            text = words.expected % {"what": what}
        elif str(problem.got) == "":
            text = words.expected_empty % {"what": what}
        else:
            text = words.expected_got % {"what": what, "got": str(problem.got)[:80]}
    if problem.hint:
        text = f"{text} ({said(problem.hint)})"
    return text


def render(problem: Problem, words: Words = ENGLISH) -> str:
    """`FILE:ROW: COLUMN: message`, each part present when known."""
    where = ""
    if problem.file:
        where = f"{problem.file}:{problem.row}: " if problem.row is not None else f"{problem.file}: "
    elif problem.row is not None:
        where = f"{problem.row}: "
    column = f"{problem.column}: " if problem.column else ""
    return f"{where}{column}{what_is_wrong(problem, words)}"


class InputError(MontageError):
    """Bad input: every problem found (all or nothing: nothing was written).

    `InputError("message", file=, line=, field=, params=)` holds one problem; `InputError.of(problems)` many
    (`count` when more were found than kept)."""

    def __init__(self, message: str = "", *, field: str | None = None, file: str | None = None,
                 line: int | None = None, problems: Iterable[Problem] | None = None,
                 count: int | None = None, params: dict | None = None):
        self.problems = list(problems) if problems is not None else [
            Problem(message, file=file, row=line, column=field, params=params)]
        self.count = max(count or 0, len(self.problems))
        Exception.__init__(self, str(self))

    @classmethod
    def of(cls, problems: Iterable[Problem], count: int | None = None) -> InputError:
        return cls(problems=problems, count=count)

    # One problem's parts, for the callers that place a single error themselves.
    @property
    def message(self) -> str:
        return "; ".join(what_is_wrong(p) for p in self.problems[:5])

    @property
    def file(self) -> str | None:
        return self.problems[0].file if self.problems else None

    @property
    def line(self) -> int | None:
        return self.problems[0].row if self.problems else None

    @property
    def field(self) -> str | None:
        return self.problems[0].column if self.problems else None

    def lines(self, words: Words = ENGLISH) -> list[str]:
        out = [render(problem, words) for problem in self.problems]
        if self.count > len(self.problems):
            out.append(words.more % {"count": self.count - len(self.problems)})
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())


class ParameterError(MontageError):
    """A legal parameter file is malformed, or no value is in force for the date asked.

    We fail loudly rather than assume zero: a missing rate is a gap in the law data, not a rate.
    """


def message_of(error: BaseException) -> str:
    """What went wrong, in one sentence, without the place (the page shows the place itself):
    an input error's problem, a refusal's message, else the error's text."""
    message = getattr(error, "message", None)
    return str(message) if message else str(error)
