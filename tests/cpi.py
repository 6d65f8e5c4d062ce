"""Price indices the tests enter, as the CCA does once Statbel publishes them.

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


def enter_indices(indices: dict[int, str], username: str = "cca") -> None:
    """Enter these January indices in the web application, as the CCA does once Statbel
    publishes them (montage.web.parameters.services.enter_value): the pages, the API and the
    exports compute on them from then on. Needs the demo's users (the database of a web test)."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from montage.web.parameters.services import enter_value

    user = get_user_model().objects.get(username=username)
    for year in sorted(indices):
        enter_value("contribution.consumer_price_index", indices[year], dt.date(year, 1, 1),
                    dt.date(year, 1, 31), f"test, janvier {year}", user)
