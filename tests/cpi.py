"""Price indices the tests enter, as the CCA would once Statbel publishes them.

The values are made up (labelled "test" in their source): they stand for a January index Montage
does not ship, so that a year whose indexation is otherwise provisional can be fixed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from montage.law.parameters import PARAMETERS_DIR, Parameters

CPI_FILE = Path("contribution") / "consumer_price_index.yaml"


def parameters_with_indices(indices: dict[int, str], *, replace: bool = False,
                            only_contribution: bool = False) -> Parameters:
    """The shipped parameters plus these January indices (year: value); `replace`: these
    Januaries instead of the shipped ones; `only_contribution`: just the contribution's
    quantities (faster to load, enough for montage.law.contribution)."""
    directory = Path(tempfile.mkdtemp(prefix="cpi-"))
    try:
        if only_contribution:
            shutil.copytree(PARAMETERS_DIR / "contribution", directory / "contribution")
        else:
            shutil.copytree(PARAMETERS_DIR, directory, dirs_exist_ok=True)
        path = directory / CPI_FILE
        if replace:
            text = ("description: {fr: \"IPC\", en: \"CPI\"}\nunit: index\nvalues:\n")
        else:
            text = path.read_text()
        for year in sorted(indices):
            text += (f"  - valid_from: {year}-01-01\n    valid_until: {year}-01-31\n"
                     f"    value: \"{indices[year]}\"\n    source: \"test, janvier {year}\"\n")
        path.write_text(text)
        return Parameters(directory)
    finally:
        shutil.rmtree(directory)


def enter_indices(monkeypatch, indices: dict[int, str]) -> Parameters:
    """Make the engine's default parameters include these January indices for one test."""
    from montage.law import contribution

    params = parameters_with_indices(indices)
    monkeypatch.setattr(contribution, "default", lambda: params)
    return params
