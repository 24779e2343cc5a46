"""Fixtures for invariants over a built site.

`site_dir` runs every invariant twice: over `render_site` output of a small hand-made corpus written to
a temp folder ("rendered"), and over the real `python build.py` output (`built_site` from
tests/conftest.py, "built"). The second is skipped until that fixture exists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from site_sample import write_site


@pytest.fixture(scope="session")
def rendered_site(tmp_path_factory) -> Path:
    return write_site(tmp_path_factory.mktemp("rendered") / "site")


def as_site_path(value) -> Path:
    """Accept what `built_site` gives: the site folder, or a record with a `site`/`out` folder."""
    for name in ("site", "site_dir", "out", "out_dir"):
        if hasattr(value, name):
            value = getattr(value, name)
            break
    if isinstance(value, dict):
        value = value.get("site") or value.get("out")
    return Path(value)


@pytest.fixture(scope="session", params=["rendered", "built"])
def site_dir(request) -> Path:
    if request.param == "rendered":
        return request.getfixturevalue("rendered_site")
    try:
        built = request.getfixturevalue("built_site")
    except pytest.FixtureLookupError:
        pytest.skip("tests/conftest.py has no built_site fixture yet")
    return as_site_path(built)
