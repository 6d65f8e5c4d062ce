"""Problems (montage.errors) as the pages show them: the one layout `FILE:ROW: COLUMN: message`,
its frame words and every message the catalogue knows in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

from montage.errors import InputError, MontageError, Problem, Words, message_of, render, what_is_wrong

# Marked for the catalogue; translated when a page renders them.
_EXPECTED = gettext_noop("expected %(what)s")
_EXPECTED_GOT = gettext_noop('expected %(what)s, got "%(got)s"')
_EXPECTED_EMPTY = gettext_noop("expected %(what)s, got an empty cell")
_MORE = gettext_noop("… and %(count)s more problems")


def words() -> Words:
    """The frame words in the active language (read per request: the language may change)."""
    return Words(expected=gettext(_EXPECTED), expected_got=gettext(_EXPECTED_GOT),
                 expected_empty=gettext(_EXPECTED_EMPTY), more=gettext(_MORE),
                 translate=lambda text: gettext(str(text)))


def line(problem: Problem) -> str:
    return render(problem, words())


def lines(error: InputError) -> list[str]:
    return error.lines(words())


def message(error: BaseException) -> str:
    """What went wrong, without the place (for a page that shows the place itself: a form's
    field, a row of its table), translated: the one function every page calls for an error."""
    if isinstance(error, InputError):
        shown = words()
        return "; ".join(what_is_wrong(problem, shown) for problem in error.problems[:5])
    if isinstance(error, MontageError) and error.params:
        return gettext(error.template) % error.params
    return gettext(message_of(error))


def stored_lines(stored: list[dict]) -> list[str]:
    """Lines of problems kept as data (`Problem.as_dict`, e.g. a failed import's record); an entry
    {"more": n} says how many were found and not kept."""
    shown = words()
    out = []
    for entry in stored:
        if "more" in entry:
            out.append(shown.more % {"count": entry["more"]})
        else:
            out.append(render(Problem.from_dict(entry), shown))
    return out


def stored_rows(stored: list[dict]) -> list[dict]:
    """The same problems as table rows: file, row, column, what was expected (or what is wrong)
    and what was found, translated; `line` is the one-line layout."""
    shown = words()
    out = []
    for entry in stored:
        if "more" in entry:
            out.append({"more": shown.more % {"count": entry["more"]}})
            continue
        problem = Problem.from_dict(entry)
        out.append({"file": problem.file, "row": problem.row, "column": problem.column,
                    "expected": shown.translate(problem.message or problem.expected or ""),
                    "got": "" if problem.got is None else problem.got,
                    "line": render(problem, shown)})
    return out
