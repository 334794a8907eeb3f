"""How long flask-wtf-names takes on a generated project of many form modules: the question
whether another module tests objects against an old class (``isinstance(x, Form)``) is one
answer for the project, and its cost should grow with the project, not with modules × renames
× modules.

    .venv/bin/python benchmarks/time_flask_wtf_names_project.py [--modules 100] [--forms 150]

Generates MODULES modules of FORMS form classes each (``class F(Form)`` with a ``TextField``
and a ``Required()``), a helper that tests nothing, and a requirement that lets the renames
through, then times ``flask-codemod apply --dry-run -j 1 --no-cache --select flask-wtf-names``
on it (wall clock and CPU time, one run: the machine may be shared). Not part of `make test`.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(os.path.dirname(sys.executable), "flask-codemod")


def form_module(index: int, forms: int) -> str:
    lines = [
        "from flask_wtf import Form",
        "from wtforms import TextField",
        "from wtforms.validators import Required",
        "",
    ]
    for number in range(forms):
        lines += [
            "",
            f"class Form{index}x{number}(Form):",
            f'    name = TextField("Name {number}", validators=[Required()])',
            "",
        ]
    return "\n".join(lines) + "\n"


def generate(root: str, modules: int, forms: int) -> None:
    package = os.path.join(root, "app")
    os.makedirs(package)
    with open(os.path.join(root, "requirements.txt"), "w") as out:
        out.write("Flask-WTF==0.14.3\nWTForms==2.3.3\n")
    with open(os.path.join(package, "__init__.py"), "w") as out:
        out.write("")
    with open(os.path.join(package, "helpers.py"), "w") as out:
        out.write("from flask_wtf import Form\n\n\nclass BaseForm(Form):\n    pass\n")
    for index in range(modules):
        with open(os.path.join(package, f"forms_{index}.py"), "w") as out:
            out.write(form_module(index, forms))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--modules", type=int, default=100)
    parser.add_argument("--forms", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        generate(root, args.modules, args.forms)
        started = time.perf_counter()
        cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(
            [TOOL, "apply", "--dry-run", "-j", "1", "--no-cache", "-q", "--select", "flask-wtf-names", root],
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
        changed = done.stdout.count("\n+++ ")
    print(f"{args.modules} modules x {args.forms} forms: {took:.1f} s ({used:.1f} s CPU), {changed} files changed (exit {done.returncode})")


if __name__ == "__main__":
    main()
