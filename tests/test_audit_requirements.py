"""scripts/audit_requirements.py: the dependency audit, fed recorded PyPI JSON (never the network)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "audit_requirements.py"
_spec = importlib.util.spec_from_file_location("audit_requirements", SCRIPT)
assert _spec is not None and _spec.loader is not None
audit_requirements = importlib.util.module_from_spec(_spec)
sys.modules["audit_requirements"] = audit_requirements  # dataclasses look their module up
_spec.loader.exec_module(audit_requirements)

# The advisory as PyPI's project JSON for pycrypto (latest release 2.6.1) lists it, recorded 2026-11-23.
PYCRYPTO_ADVISORY = {
    "aliases": ["CVE-2013-7459", "GHSA-cq27-v7xp-c356"],
    "details": "Heap-based buffer overflow in the ALGnew function in block_templace.c ...",
    "fixed_in": [],
    "id": "PYSEC-2017-94",
    "link": "https://osv.dev/vulnerability/PYSEC-2017-94",
    "source": "osv",
    "summary": None,
    "withdrawn": None,
}


def project(latest: str, releases: list[str], advisories: list[dict]) -> dict:
    """The parts of PyPI's project-level JSON that the audit reads."""
    return {
        "info": {"version": latest},
        "releases": {version: [] for version in releases},
        "vulnerabilities": advisories,
    }


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], lock: str, recorded: dict[str, dict]):
    directory = tmp_path / "recorded"
    directory.mkdir()
    for name, data in recorded.items():
        (directory / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "requirements.lock").write_text(lock, encoding="utf-8")
    status = audit_requirements.main(["--recorded", str(directory), str(tmp_path / "requirements.lock")])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_pin_that_is_the_latest_release_is_flagged_with_the_advisories_pypi_lists_for_it(tmp_path, capsys):
    recorded = {"pycrypto": project("2.6.1", ["2.6", "2.6.1"], [PYCRYPTO_ADVISORY])}
    status, out, _ = run(tmp_path, capsys, "pycrypto==2.6.1\n", recorded)
    assert status == 1
    assert "VULNERABLE  pycrypto==2.6.1" in out
    assert "PYSEC-2017-94 (CVE-2013-7459, GHSA-cq27-v7xp-c356): fixed in no fixed release" in out
    assert "1 pins: 0 audited with no known vulnerability, 1 vulnerable, 0 not audited" in out


def test_the_vulnerable_pin_names_the_release_that_fixes_it(tmp_path, capsys):
    advisory = dict(PYCRYPTO_ADVISORY, fixed_in=["2.7"])
    recorded = {"pycrypto": project("2.6.1", ["2.6.1"], [advisory])}
    status, out, _ = run(tmp_path, capsys, "pycrypto==2.6.1\n", recorded)
    assert status == 1
    assert "fixed in 2.7" in out


def test_a_fixed_pin_that_is_the_latest_release_passes(tmp_path, capsys):
    recorded = {"jinja2": project("3.1.6", ["3.1.5", "3.1.6"], [])}
    status, out, _ = run(tmp_path, capsys, "# lock\n\nJinja2==3.1.6\n", recorded)
    assert status == 0
    assert "ok          Jinja2==3.1.6" in out
    assert "1 pins: 1 audited with no known vulnerability, 0 vulnerable, 0 not audited" in out


def test_a_withdrawn_advisory_does_not_flag_the_pin(tmp_path, capsys):
    withdrawn = dict(PYCRYPTO_ADVISORY, withdrawn="2024-01-01T00:00:00Z")
    recorded = {"pycrypto": project("2.6.1", ["2.6.1"], [withdrawn])}
    status, out, _ = run(tmp_path, capsys, "pycrypto==2.6.1\n", recorded)
    assert status == 0
    assert "ok          pycrypto==2.6.1" in out


def test_a_pin_older_than_the_latest_release_is_not_audited_even_when_the_latest_is_clean(tmp_path, capsys):
    recorded = {"django": project("6.1.3", ["5.2.19", "6.1.3"], [])}
    status, out, _ = run(tmp_path, capsys, "Django==5.2.19\n", recorded)
    assert status == 3
    assert "NOT AUDITED Django==5.2.19" in out
    assert "older than the latest release 6.1.3" in out


def test_an_older_pin_shows_the_advisories_of_the_latest_release_as_possible(tmp_path, capsys):
    recorded = {"pycrypto": project("2.6.1", ["2.6", "2.6.1"], [PYCRYPTO_ADVISORY])}
    status, out, _ = run(tmp_path, capsys, "pycrypto==2.6\n", recorded)
    assert status == 3
    assert "affects 2.6.1, maybe 2.6 too: PYSEC-2017-94" in out


def test_a_pin_that_is_no_release_on_pypi_or_has_no_data_is_not_audited(tmp_path, capsys):
    recorded = {"idna": project("3.20", ["3.20"], [])}
    status, out, _ = run(tmp_path, capsys, "idna==9.9\nmissing-pkg==1.0\n", recorded)
    assert status == 3
    assert "9.9 is not a release of idna on PyPI" in out
    assert "NOT AUDITED missing-pkg==1.0" in out
    assert "could not get PyPI data" in out
    assert "2 pins: 0 audited with no known vulnerability, 0 vulnerable, 2 not audited" in out


def test_a_vulnerability_decides_the_exit_status_over_an_unaudited_pin(tmp_path, capsys):
    recorded = {"pycrypto": project("2.6.1", ["2.6.1"], [PYCRYPTO_ADVISORY])}
    status, _, _ = run(tmp_path, capsys, "pycrypto==2.6.1\nother==1.0\n", recorded)
    assert status == 1


def test_recorded_files_are_found_by_the_normalized_name(tmp_path, capsys):
    recorded = {"typing-extensions": project("4.16.0", ["4.16.0"], [])}
    status, out, _ = run(tmp_path, capsys, "typing_extensions==4.16.0\n", recorded)
    assert status == 0
    assert "ok          typing_extensions==4.16.0" in out


def test_a_malformed_line_is_an_error_naming_file_and_line_and_nothing_is_audited(tmp_path, capsys):
    save = tmp_path / "saved"
    (tmp_path / "requirements.lock").write_text("idna==3.20\nrequests>=2\n", encoding="utf-8")
    status = audit_requirements.main(["--save", str(save), str(tmp_path / "requirements.lock")])
    captured = capsys.readouterr()
    assert status == 2
    assert "requirements.lock line 2: expected NAME==VERSION, found 'requests>=2'" in captured.err
    assert captured.out == ""
    assert not save.exists()


def test_the_save_option_keeps_the_json_it_read(tmp_path, capsys):
    source = tmp_path / "source"
    source.mkdir()
    data = project("3.20", ["3.20"], [])
    (source / "idna.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "requirements.lock").write_text("idna==3.20\n", encoding="utf-8")
    save = tmp_path / "saved"
    argv = ["--recorded", str(source), "--save", str(save), str(tmp_path / "requirements.lock")]
    assert audit_requirements.main(argv) == 0
    capsys.readouterr()
    assert json.loads((save / "idna.json").read_text(encoding="utf-8")) == data
