"""Bad environment variables are reported by the system check assembly.E001, by name, and stop the
server and worker from starting, instead of a bare ValueError at import (assembly.config.environment,
assembly.config.checks); Assembly's own settings set to a wrong kind of value, by assembly.E002."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from assembly.config.checks import TAG, refuse_invalid_settings
from assembly.config.environment import Environment
from assembly.errors import AssemblyError

ROOT = Path(__file__).resolve().parents[2]


def test_a_count_is_read_and_unset_or_empty_gives_the_default():
    environment = Environment({"A": "12", "B": " 0 ", "C": ""})
    assert [environment.count(name, 7) for name in ("A", "B", "C", "D")] == [12, 0, 7, 7]
    assert environment.problems == []


@pytest.mark.parametrize("value", ["sixty", "-3", "1.5", "6O"])
def test_a_bad_count_keeps_the_default_and_is_recorded_with_name_and_value(value):
    environment = Environment({"ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE": value})
    assert environment.count("ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE", 60) == 60
    [problem] = environment.problems
    assert (
        str(problem) == f"ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE={value!r} is not a whole number of 0 or more"
    )


def test_a_count_with_a_minimum_refuses_what_is_below_it():
    environment = Environment({"ASSEMBLY_RESULTS_MIN_PARTICIPANTS": "4", "OTHER": "5"})
    assert environment.count("ASSEMBLY_RESULTS_MIN_PARTICIPANTS", 20, minimum=5) == 20
    assert environment.count("OTHER", 20, minimum=5) == 5
    assert [str(p) for p in environment.problems] == [
        "ASSEMBLY_RESULTS_MIN_PARTICIPANTS='4' is not a whole number of 5 or more"
    ]


def test_a_choice_ignores_case_and_a_bad_one_is_recorded_once_however_often_read():
    environment = Environment({"GOOD": "full", "BAD": "off"})
    assert environment.choice("GOOD", "NORMAL", ("NORMAL", "FULL")) == "FULL"
    assert environment.choice("BAD", "NORMAL", ("NORMAL", "FULL")) == "NORMAL"
    assert environment.choice("BAD", "NORMAL", ("NORMAL", "FULL")) == "NORMAL"
    assert [str(p) for p in environment.problems] == ["BAD='off' is not one of NORMAL, FULL"]


def test_a_switch_takes_1_or_0_and_refuses_anything_else():
    environment = Environment({"ON": "1", "OFF": "0", "EMPTY": "", "YES": "yes"})
    assert [environment.switch(n) for n in ("ON", "OFF", "EMPTY", "UNSET", "YES")] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert [p.variable for p in environment.problems] == ["YES"]


def test_the_check_reports_each_problem_as_assembly_e001_and_the_start_is_refused(settings):
    environment = Environment({"ASSEMBLY_HTTPS": "yes", "ASSEMBLY_TRUSTED_PROXIES": "two"})
    environment.switch("ASSEMBLY_HTTPS")
    environment.count("ASSEMBLY_TRUSTED_PROXIES", 1)
    settings.ENVIRONMENT = environment
    messages = checks.run_checks(tags=[TAG])
    assert [(m.id, m.level) for m in messages] == [("assembly.E001", checks.ERROR)] * 2
    assert "ASSEMBLY_HTTPS='yes'" in messages[0].msg and "ASSEMBLY_TRUSTED_PROXIES='two'" in messages[1].msg
    with pytest.raises(AssemblyError, match="(?s)ASSEMBLY_HTTPS.*ASSEMBLY_TRUSTED_PROXIES"):
        refuse_invalid_settings()


def test_good_settings_pass_the_check(settings):
    settings.ENVIRONMENT = Environment({"ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE": "30"})
    assert checks.run_checks(tags=[TAG]) == []
    refuse_invalid_settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ASSEMBLY_LOGIN_LOCK_MINUTES", "15"),
        ("ASSEMBLY_LOGIN_LOCK_MINUTES", 0),
        ("ASSEMBLY_LOGIN_MAX_FAILURES", 0),
        ("RATE_LIMIT_VOTES_PER_MINUTE", -1),
        ("RATE_LIMIT_NEW_PARTICIPANTS_PER_HOUR", 1.5),
        ("ASSEMBLY_TRUSTED_PROXIES", True),
        ("STAFF_PASSWORD_MIN_LENGTH", "12"),
    ],
)
def test_an_own_setting_of_the_wrong_kind_is_assembly_e002_by_name(settings, name, value):
    setattr(settings, name, value)
    [message] = checks.run_checks(tags=[TAG])
    assert message.id == "assembly.E002" and f"{name} = {value!r}" in message.msg
    with pytest.raises(AssemblyError, match=name):
        refuse_invalid_settings()


def test_own_settings_an_institution_may_set_pass_the_check(settings):
    settings.ASSEMBLY_LOGIN_LOCK_MINUTES = 7.5
    settings.ASSEMBLY_LOGIN_MAX_FAILURES = 3
    settings.RATE_LIMIT_VOTES_PER_MINUTE = 0
    assert checks.run_checks(tags=[TAG]) == []


def _run(args: list[str], tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSEMBLY_", "DJANGO_", "DATABASE_URL"))}
    env |= {"ASSEMBLY_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)} | variables
    return subprocess.run(args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)


def test_a_bad_rate_limit_fails_django_check_with_the_id_not_a_traceback(tmp_path):
    done = _run(
        [sys.executable, "-m", "django", "check"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="assembly.config.settings.production",
        ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE="sixty",
    )
    assert done.returncode == 1
    assert "(assembly.E001) ASSEMBLY_RATE_LIMIT_VOTES_PER_MINUTE='sixty'" in done.stderr
    assert "Traceback" not in done.stderr


def test_assembly_migrate_refuses_to_start_and_changes_nothing(tmp_path):
    done = _run([sys.executable, "-m", "assembly", "migrate"], tmp_path, ASSEMBLY_SQLITE_SYNCHRONOUS="off")
    assert done.returncode == 1
    assert "ASSEMBLY_SQLITE_SYNCHRONOUS='off' is not one of NORMAL, FULL" in done.stderr
    assert not (tmp_path / "assembly.sqlite3").exists()  # no database was created or migrated
