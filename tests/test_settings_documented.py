"""Every setting is documented in the README, and every documented setting exists."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from workbench.config import SETTINGS_DOC, Settings
from workbench.errors import ConfigError


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(WORKBENCH_[A-Z_]+)`", readme))
    missing = set(SETTINGS_DOC) - documented
    assert not missing, f"settings missing from README.md: {sorted(missing)}"
    for name, (default, _help) in SETTINGS_DOC.items():
        assert f"`{name}` | `{default}`" in readme, f"README gives another default for {name}"


def test_every_setting_read_from_the_environment_is_declared() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "workbench").rglob("*.py"))
    used = set(re.findall(r"[\"'](WORKBENCH_[A-Z_]+)[\"']", code)) - {"WORKBENCH_DEBUG"}
    assert used <= set(SETTINGS_DOC), f"undeclared settings: {sorted(used - set(SETTINGS_DOC))}"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"WORKBENCH_DATABASE_URL": "mysql://x"}, "only sqlite"),
        ({"WORKBENCH_MAX_SOURCE_BYTES": "lots"}, "not a whole number"),
        ({"WORKBENCH_APERTIUM_TIMEOUT": "0"}, "must be positive"),
    ],
)
def test_bad_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env)


@pytest.mark.parametrize("url", ["mysql://bob:hunter2@db.internal/press", "mysql+pymysql://bob:hunter2@h:3306/db",
                                 "oracle://bob:hunter2@h:port-is-not-a-number/db"])
def test_an_unsupported_database_url_is_refused_without_its_password(url: str) -> None:
    with pytest.raises(ConfigError, match="only sqlite") as refused:
        Settings.from_env({"WORKBENCH_DATABASE_URL": url})
    assert "hunter2" not in str(refused.value)
    assert url.split(":", 1)[0] in str(refused.value)  # the scheme still says what was refused


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.database_url == "sqlite:///workbench.db"
    assert s.glossary_fallback == ("en",)


def test_one_table_of_defaults() -> None:
    """SETTINGS_DOC's defaults are those of Settings(), of an empty environment and of the runner's policy."""
    from workbench.engines.runner import RunPolicy

    assert Settings() == Settings.from_env({})
    assert RunPolicy.from_settings(Settings().engines) == RunPolicy()
    assert Settings().engines.timeout == float(SETTINGS_DOC["WORKBENCH_ENGINE_TIMEOUT"][0])
