"""One problem type, one layout (montage.errors, docs/errors.md): `FILE:ROW: COLUMN: message`."""

import re

from hypothesis import given
from hypothesis import strategies as st

from montage.errors import InputError, Problem, render

LAYOUT = re.compile(r"^(?P<file>[^:]+):(?P<row>\d+): (?P<column>[^:]+): (?P<message>.+)$")


def test_a_cell_problem_reads_file_row_column_expected_got():
    problem = Problem(file="devis.csv", row=3, column="account", expected="an account", got="99")
    assert render(problem) == 'devis.csv:3: account: expected an account, got "99"'


def test_an_empty_cell_is_said_so_and_a_value_not_given_is_not_shown():
    empty = Problem(file="f.csv", row=2, column="title", expected="a title", got="")
    assert str(empty) == "f.csv:2: title: expected a title, got an empty cell"
    assert str(Problem(file="f.csv", row=1, column="x", expected="a column x")) == \
        "f.csv:1: x: expected a column x"


def test_each_part_is_left_out_when_unknown():
    assert str(Problem("the file is empty", file="f.csv")) == "f.csv: the file is empty"
    assert str(Problem("bad", column="amount")) == "amount: bad"
    assert str(InputError("bad", field="year")) == "year: bad"


def test_one_input_error_holds_every_problem_and_counts_those_not_kept():
    error = InputError.of([Problem("a", file="f", row=2), Problem("b", file="f", row=3)],
                          count=5)
    assert str(error).splitlines() == ["f:2: a", "f:3: b", "… and 3 more problems"]
    assert (error.file, error.line, error.message) == ("f", 2, "a; b")


def test_a_single_problem_keeps_its_parts_for_the_callers_that_place_it():
    error = InputError("expected a date", file="x.csv", line=4, field="date")
    assert (error.message, error.file, error.line, error.field) == (
        "expected a date", "x.csv", 4, "date")
    assert str(error) == "x.csv:4: date: expected a date"


def test_a_problem_stored_by_an_earlier_release_reads_the_same():
    stored = {"file": "m.csv", "row": 3, "column": "CP", "expected": "a postal code",
              "value": "1044"}
    assert str(Problem.from_dict(stored)) == 'm.csv:3: CP: expected a postal code, got "1044"'


names = st.text(st.characters(blacklist_characters=":\n\r", blacklist_categories=("Cs",)),
                min_size=1, max_size=20).filter(lambda s: s.strip() == s and s)


@given(file=names, row=st.integers(1, 10**6), column=names, expected=names,
       got=st.one_of(st.none(), st.text(max_size=30)))
def test_every_cell_problem_has_the_layout_and_survives_storage(file, row, column, expected, got):
    problem = Problem(file=file, row=row, column=column, expected=expected, got=got)
    match = LAYOUT.match(render(problem).replace("\n", " "))
    assert match and (match["file"], int(match["row"]), match["column"]) == (file, row, column)
    assert Problem.from_dict(problem.as_dict()) == Problem(
        file=file, row=row, column=column, expected=expected,
        got=None if got is None else str(got))
