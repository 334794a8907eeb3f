"""Write a corpus of N varied legacy Flask modules, full of the patterns the codemods target.

Every module holds at least one bare ``open()`` the open-with codemod rewrites, so every file
passes the prefilters, is parsed and is rewritten; most hold several other patterns too
(connections on ``flask.g``, hard-coded secrets, ``app.run(debug=True)``, cacheable GET
views rendering static templates, HTTP calls without a timeout, module-level resources,
blueprints). Names, order and the mix of patterns vary per module, from a fixed seed: the
same N and seed give the same bytes.

    python benchmarks/generate_flask_corpus.py DEST [--files N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil

WORDS = (
    "book author order invoice report user profile cart item review shelf loan member ticket event "
    "venue photo album note task project comment tag feed story page menu recipe"
).split()


def _module(rng: random.Random, index: int) -> tuple[str, list[str]]:
    """One module's text and the templates it renders."""
    topic = rng.choice(WORDS)
    other = rng.choice([w for w in WORDS if w != topic])
    style = rng.choice(("app", "app", "blueprint"))
    obj = "app" if style == "app" else f"{topic}_bp"
    imports = ["import os", "import json"]
    if rng.random() < 0.7:
        imports.append("import sqlite3")
    uses_requests = rng.random() < 0.6
    if uses_requests:
        imports.append(rng.choice(("import requests", "import requests as http")))
    flask_names = ["Flask" if style == "app" else "Blueprint", "g", "render_template", "jsonify", "request"]
    rng.shuffle(flask_names)
    imports.append(f"from flask import {', '.join(flask_names)}")
    lines = [f'"""{topic.title()} service {index} (generated benchmark module)."""', "", *imports, ""]
    if style == "app":
        lines.append("app = Flask(__name__)")
        if rng.random() < 0.8:
            lines.append(f'app.config["SECRET_KEY"] = "{topic}-{rng.getrandbits(48):012x}"')
        if rng.random() < 0.5:
            lines.append('app.config["DEBUG"] = True')
        if rng.random() < 0.4:
            lines.append(f'app.config["DATABASE_URL"] = "postgresql://{topic}:s3cret{index}@localhost/{topic}"')
    else:
        lines.append(f'{obj} = Blueprint("{topic}", __name__, template_folder="templates")')
    if rng.random() < 0.5:
        lines += ["", f'AUDIT_LOG = open("{topic}-audit.log", "a")']
    lines.append("")
    templates: list[str] = []
    db_name = f"{topic}.db"
    if "import sqlite3" in imports:
        lines += [
            "",
            "def get_db():",
            '    if "db" not in g:',
            f'        g.db = sqlite3.connect("{db_name}")',
            "    return g.db",
            "",
        ]
    bodies = []
    for view in range(rng.randint(3, 7)):
        kind = rng.choice(("static", "static", "read", "write", "query", "remote", "upload"))
        name = f"{rng.choice(WORDS)}_{kind}_{view}"
        url = f"/{topic}/{name.replace('_', '-')}"
        if kind == "static":
            template = f"{topic}/{name}.html"
            templates.append(template)
            bodies.append(
                [f'@{obj}.route("{url}")', f"def {name}():", f'    return render_template("{template}")']
            )
        elif kind == "read":
            bodies.append(
                [
                    f'@{obj}.route("{url}")',
                    f"def {name}():",
                    f'    data = json.load(open(os.path.join("data", "{name}.json")))',
                    "    return jsonify(data)",
                ]
            )
        elif kind == "write":
            bodies.append(
                [
                    f'@{obj}.route("{url}", methods=["POST"])',
                    f"def {name}():",
                    f'    out = open("{name}.txt", "w")',
                    "    out.write(request.get_data(as_text=True))",
                    "    out.close()",
                    '    return "", 204',
                ]
            )
        elif kind == "query" and "import sqlite3" in imports:
            bodies.append(
                [
                    f'@{obj}.route("{url}")',
                    f"def {name}():",
                    f'    rows = get_db().execute("select * from {other}").fetchall()',
                    "    return jsonify([list(r) for r in rows])",
                ]
            )
        elif kind == "remote" and uses_requests:
            client = "http" if "import requests as http" in imports else "requests"
            bodies.append(
                [
                    f'@{obj}.route("{url}")',
                    f"def {name}():",
                    f'    reply = {client}.get("https://api.example.com/{other}", params=request.args)',
                    "    return jsonify(reply.json())",
                ]
            )
        else:
            bodies.append(
                [
                    f'@{obj}.route("{url}", methods=["POST"])',
                    f"def {name}():",
                    '    upload = request.files["file"]',
                    f'    upload.save(os.path.join("uploads", "{name}.bin"))',
                    '    return "", 201',
                ]
            )
    # the one pattern every module has: a helper reading a file with a bare open()
    bodies.append(
        [
            f"def load_{topic}_settings(path):",
            "    text = open(path).read()",
            "    return json.loads(text)",
        ]
    )
    rng.shuffle(bodies)
    for body in bodies:
        lines += ["", "", *body]
    if style == "app" and rng.random() < 0.6:
        lines += ["", "", 'if __name__ == "__main__":', f"    app.run(debug=True, port={5000 + index % 1000})"]
    return "\n".join(lines) + "\n", templates


def generate(destination: str, files: int = 300, seed: int = 1) -> list[str]:
    """Write the corpus (replacing ``destination``); returns the module paths."""
    if os.path.exists(destination):
        shutil.rmtree(destination)
    os.makedirs(destination)
    with open(os.path.join(destination, "pyproject.toml"), "w") as handle:
        handle.write('[project]\nname = "generated-flask-corpus"\nversion = "0"\ndependencies = ["flask"]\n')
    rng = random.Random(seed)
    paths = []
    per_package = 25
    for index in range(files):
        package = os.path.join(destination, f"service_{index // per_package:03d}")
        if index % per_package == 0:
            os.makedirs(os.path.join(package, "templates"), exist_ok=True)
            with open(os.path.join(package, "templates", "base.html"), "w") as handle:
                handle.write("<!doctype html><title>generated</title>{% block body %}{% endblock %}\n")
        text, templates = _module(random.Random(rng.getrandbits(64)), index)
        path = os.path.join(package, f"module_{index:05d}.py")
        with open(path, "w") as handle:
            handle.write(text)
        for template in templates:
            target = os.path.join(package, "templates", template)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w") as handle:
                handle.write('{% extends "base.html" %}\n{% block body %}<h1>Static page</h1>{% endblock %}\n')
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("destination")
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.destination, args.files, args.seed)
    print(f"wrote {len(paths)} modules under {args.destination}")


if __name__ == "__main__":
    main()
