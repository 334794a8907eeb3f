"""The gates of send-file-args: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from flask_codemod import compile_gate, engine
from flask_codemod.codemods import Context, get_codemod
from gate_checks import GateCases, gates_at, missed_at_targets, opened, output_of, sample_texts
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
        # version-guarded calls: written for both Flask versions, left alone
        (
            "from flask import send_file, __version__\n\ndef logs(f):\n    if int(__version__.split('.')[0]) < 2:\n"
            "        return send_file(f, attachment_filename='log')\n    else:\n        return send_file(f, download_name='log')\n",
            "debug_info.py",
        ),
        (
            "from flask import send_file\n\ntry:\n    r = send_file(p, cache_timeout=0)\nexcept TypeError:\n"
            "    r = send_file(p, max_age=0)\n",
            "downloads.py",
        ),
        # a packaging script: upgrade codemods never act there
        ("from setuptools import setup\nfrom flask import send_file\nr = send_file(p, attachment_filename='a')\n", "setup.py"),
    ]
    ACCEPTED = [
        ("from flask import send_file as s\nr = s(p, cache_timeout=1)\n", "downloads.py"),
        ("import flask as f\nr = f.send_from_directory(d, filename=n)\n", "downloads.py"),
        ("from flask import send_file\nr = send_file(p, add_etags=False, **options)\n", "downloads.py"),
        # near misses of the guarded calls: a guard that is no version test, an old keyword
        # in the version test itself, a handler that catches something else
        (
            "from flask import send_file\n\ndef logs(f, big):\n    if big:\n        return send_file(f, attachment_filename='log')\n",
            "debug_info.py",
        ),
        (
            "from flask import send_file\n\ndef logs(f):\n    if send_file(f, cache_timeout=0).version:\n        return 1\n",
            "debug_info.py",
        ),
        (
            "from flask import send_file\n\ntry:\n    r = send_file(p, cache_timeout=0)\nexcept KeyError:\n    r = None\n",
            "downloads.py",
        ),
        # test code is upgraded too
        ("from flask import send_file\nr = send_file(p, attachment_filename='a')\n", "tests/test_downloads.py"),
    ]


# -- the project gate: the target Flask ------------------------------------------------------------

OLD_KEYWORD = "from flask import send_file\nr = send_file(p, attachment_filename='a')\n"


def _project_gate_at(target: tuple[int, int]) -> bool:
    tree, _problem = compile_gate.python_tree(OLD_KEYWORD, "downloads.py")
    return engine.wants_project(get_codemod(TestGates.NAME)(), tree, Context("downloads.py", target_version=target))


def _output_at(target: tuple[int, int]) -> list[str]:
    result = engine.transform_text(
        OLD_KEYWORD, [opened(get_codemod(TestGates.NAME))], path="downloads.py", target_version=target
    )
    return output_of(result, OLD_KEYWORD, {TestGates.NAME})


def test_a_target_without_the_new_names_is_rejected_rightly():
    assert not _project_gate_at((1, 1))
    assert _output_at((1, 1)) == []


def test_a_target_with_the_new_names_is_let_through():
    for target in ((2, 0), (2, 1), (3, 0)):
        assert _project_gate_at(target), target
        assert _output_at(target) != [], target


# -- before Flask 2.2 the old names still work: only a call that is renamed is let through ---------

# a send_from_directory passing filename= and path= both (changedetection.io), a ** argument,
# every old keyword, the positional forms
RENAMING_CASES = [
    ("from flask import send_from_directory\nr = send_from_directory(filename='e.json', directory=d, path=d + '/e.json')\n",
     "views.py"),
    ("from flask import send_file\nr = send_file(p, attachment_filename='a', **options)\n", "downloads.py"),
    ("from flask import send_file\nr = send_file(p, cache_timeout=0, max_age=1)\n", "downloads.py"),
    ("from flask import send_file\nr = send_file(p, cache_timeout=0, download_name='x')\n", "downloads.py"),
    ("from flask import send_file\nr = send_file(p, add_etags=False)\n", "downloads.py"),
    ("from flask import send_from_directory\nr = send_from_directory(d, filename=n, cache_timeout=3)\n", "files.py"),
    ("from flask import helpers\nr = helpers.send_file(p, filename='x', attachment_filename='y')\n", "downloads.py"),
    ("from flask import send_file as send_from_directory\nr = send_from_directory(p, filename=n)\n", "downloads.py"),
    *[(source, path) for source, path in TestGates.ACCEPTED + TestGates.REJECTED],
]


def test_the_gates_let_through_every_case_it_acts_on_at_every_target():
    assert missed_at_targets(TestGates.NAME, RENAMING_CASES + sample_texts(TestGates.NAME)) == []


def test_a_call_with_nothing_to_rename_is_rejected_where_nothing_is_reported():
    for source, path in RENAMING_CASES[:2]:
        assert not gates_at(TestGates.NAME, source, path, (2, 0)) and not gates_at(TestGates.NAME, source, path, (2, 1))
        assert gates_at(TestGates.NAME, source, path, (2, 2)) and gates_at(TestGates.NAME, source, path, None)
    for source, path in RENAMING_CASES[4:6]:
        assert gates_at(TestGates.NAME, source, path, (2, 0)), source
