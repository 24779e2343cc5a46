"""A broken site.toml or theme: exit 1 naming the file and line, and the previous site untouched.

Each test writes its own site.toml beside a copy of themes/ in a tmp folder and passes --config;
paths in site.toml are relative to that folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from robustness_helpers import REPO, Workspace, assert_failed_cleanly, assert_succeeded

GOOD = '''# site settings for a test
title = "读报"
theme = "default"
per_page = 20
'''


@pytest.fixture
def themed(workspace: Workspace, previous_build: Path) -> Workspace:
    """The workspace with a copy of themes/ and the previous build's content/ (no seeds: fast)."""
    shutil.copytree(REPO / "themes", workspace.root / "themes")
    shutil.rmtree(workspace.content)
    shutil.copytree(previous_build / "content", workspace.content)
    return workspace


def build_with(ws: Workspace, toml: str, *needles: str) -> None:
    config = ws.root / "site.toml"
    config.write_text(toml, encoding="utf-8")
    before = ws.output_manifest()
    result = ws.build("--config", config)
    assert_failed_cleanly(result, *needles)
    assert ws.output_manifest() == before
    assert not [p.name for p in ws.root.iterdir() if p.name.startswith(".") and p.name != ".cache"], "temp files left behind"


def test_good_config_builds(themed: Workspace) -> None:
    (themed.root / "site.toml").write_text(GOOD, encoding="utf-8")
    assert_succeeded(themed.build("--config", themed.root / "site.toml"))


def test_unknown_key_suggests_the_known_one(themed: Workspace) -> None:
    build_with(themed, GOOD + "per_pgae = 10\n",
               f'{themed.root / "site.toml"}:5: unknown key "per_pgae" (did you mean "per_page"?)')


def test_wrong_type_says_how_to_write_it(themed: Workspace) -> None:
    build_with(themed, GOOD.replace("per_page = 20", 'per_page = "20"'),
               f'{themed.root / "site.toml"}:4: "per_page" must be an integer, not a string',
               "write a number without quotes: per_page = 20")


def test_every_config_problem_is_reported_at_once(themed: Workspace) -> None:
    build_with(themed, GOOD.replace("per_page = 20", "per_page = 0") + "colour = 1\n",
               f'{themed.root / "site.toml"}:4: "per_page" must be 1 or more',
               f'{themed.root / "site.toml"}:5: unknown key "colour"')


def test_invalid_toml_names_its_line(themed: Workspace) -> None:
    build_with(themed, GOOD.replace('title = "读报"', "title = 读报"),
               f'{themed.root / "site.toml"}:2: invalid TOML', "text values need quotes")


def test_missing_theme_lists_the_themes_there_are(themed: Workspace) -> None:
    build_with(themed, GOOD.replace('theme = "default"', 'theme = "dark"'),
               f'{themed.root / "site.toml"}:3: theme "dark" not found: no folder themes/dark (available: default)')


def test_theme_path_outside_themes_is_refused(themed: Workspace) -> None:
    build_with(themed, GOOD.replace('theme = "default"', 'theme = "../../etc"'),
               f'{themed.root / "site.toml"}:3: "theme" must be a folder name')


def test_template_syntax_error_names_the_template_and_line(themed: Workspace) -> None:
    template = themed.root / "themes" / "default" / "templates" / "article.html"
    lines = template.read_text(encoding="utf-8").split("\n")
    lines.insert(11, "{% if article.kicker %}never closed")
    template.write_text("\n".join(lines), encoding="utf-8")
    build_with(themed, GOOD, f"{template}:", "template error", "fix the template")


@pytest.mark.parametrize("broken, says", [
    ("{{ article.no_such_field }}", "no_such_field"),
    ("{{ article.title | no_such_filter }}", "No filter named 'no_such_filter'"),
    ("{{ article.title.upper(1, 2) }}", "takes no arguments"),
])
def test_template_runtime_error_names_the_template_and_line(themed: Workspace, broken: str, says: str) -> None:
    template = themed.root / "themes" / "default" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8").replace("{{ article.title }}", broken, 1)
    template.write_text(text, encoding="utf-8")
    line = next(n for n, x in enumerate(text.split("\n"), 1) if broken in x)
    build_with(themed, GOOD, f"{template}:{line}: template error:", says)


def test_missing_parent_template_is_named(themed: Workspace) -> None:
    template = themed.root / "themes" / "default" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8").replace('{% extends "base.html" %}', '{% extends "gone.html" %}')
    template.write_text(text, encoding="utf-8")
    build_with(themed, GOOD, f"{template}:1: template error: 'gone.html' not found")


def test_config_file_that_does_not_exist_is_an_error(themed: Workspace) -> None:
    """`--config typo.toml` must not fall back to the defaults: a typo would build another site."""
    before = themed.output_manifest()
    result = themed.build("--config", themed.root / "nothere.toml")
    assert_failed_cleanly(result, f"error: {themed.root / 'nothere.toml'}: the settings file does not exist "
                          "(check the path given to --config)")
    assert themed.output_manifest() == before
