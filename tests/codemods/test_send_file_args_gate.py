"""The gates of send-file-args: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases
from upgrade_checks import AcceptedCasesAreActedOn


class TestGates(AcceptedCasesAreActedOn, GateCases):
    NAME = "send-file-args"
    REJECTED = [
        ("x = send_file_name(p, cache_timeout=1)\n", "files.py"),
        ("from flask import Flask\n# send_file(p, attachment_filename=...)\n", "app.py"),
        # the new keywords already, or none of the renamed ones
        ("from flask import send_file\nr = send_file(p, download_name='a', max_age=0)\n", "downloads.py"),
        ("from flask import send_from_directory\nr = send_from_directory(d, path=n, as_attachment=True)\n", "files.py"),
        # filename= is renamed for send_from_directory only
        ("from flask import send_file\nr = send_file(p, filename='x')\n", "downloads.py"),
        # a packaging script: upgrade codemods never act there
        ("from flask import send_file\nr = send_file(p, attachment_filename='a')\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import send_file as s\nr = s(p, cache_timeout=1)\n", "downloads.py"),
        ("import flask as f\nr = f.send_from_directory(d, filename=n)\n", "downloads.py"),
        ("from flask import send_file\nr = send_file(p, add_etags=False, **options)\n", "downloads.py"),
        # test code is upgraded too
        ("from flask import send_file\nr = send_file(p, attachment_filename='a')\n", "tests/test_downloads.py"),
    ]
