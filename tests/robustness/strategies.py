"""Hypothesis strategies for Flask-flavoured modules.

``flask_modules()`` assembles a module from the patterns the codemods target — bare
``open()`` in all its forms, connections kept on ``g``, ``app.config`` literals, routes,
HTTP calls, module-level resources — under every import style, in a module-level app, an app
factory or a blueprint, then formats it the way real legacy files look (``robustness.shapes``).
Every module it draws compiles.
"""

from __future__ import annotations

import textwrap

from hypothesis import strategies as st

from robustness.shapes import formatted


HANDLE_NAMES = ("f", "fh", "handle", "fp", "src", "data", "open_file")
VALUE_NAMES = ("data", "content", "text", "result", "f", "value", "lines")
PATHS = ('"data.txt"', "path", 'os.path.join(BASE, "settings.json")', "name", "'notes.md'", 'f"{name}.log"')

# import line, then how Flask, g, request, render_template and Blueprint are spelt
IMPORT_STYLES = (
    (
        "from flask import Flask, Blueprint, g, request, render_template, session",
        dict(Flask="Flask", Blueprint="Blueprint", g="g", request="request", render="render_template", session="session"),
    ),
    (
        "import flask",
        dict(Flask="flask.Flask", Blueprint="flask.Blueprint", g="flask.g", request="flask.request", render="flask.render_template", session="flask.session"),
    ),
    (
        "import flask as fl",
        dict(Flask="fl.Flask", Blueprint="fl.Blueprint", g="fl.g", request="fl.request", render="fl.render_template", session="fl.session"),
    ),
    (
        "from flask import Flask as F, Blueprint as BP, g as flask_g, request as req, render_template as render, session as sess",
        dict(Flask="F", Blueprint="BP", g="flask_g", request="req", render="render", session="sess"),
    ),
    (
        "from flask import *",
        dict(Flask="Flask", Blueprint="Blueprint", g="g", request="request", render="render_template", session="session"),
    ),
)

OTHER_IMPORTS = (
    "import os",
    "import json",
    "import csv",
    "import codecs",
    "import gzip",
    "import sqlite3",
    "import atexit",
    "import requests",
    "import httpx",
    "import urllib.request",
    "from concurrent.futures import ThreadPoolExecutor",
    "from sqlalchemy import create_engine",
    "from sqlalchemy.orm import scoped_session, sessionmaker",
    "from flask_caching import Cache",
    "from dotenv import load_dotenv",
    "from pathlib import Path",
)

# Bodies that use a file handle; {h} handle, {v} value, {p} path expression.
OPEN_BODIES = (
    "return open({p}).read()",
    "{v} = open({p}).read()\nreturn {v}",
    "{h} = open({p})\n{v} = {h}.read()\n{h}.close()\nreturn {v}",
    "{h} = open({p}, \"w\")\n{h}.write(str({v}))\n{h}.close()",
    "{h} = open({p})\ntry:\n    {v} = {h}.read()\nfinally:\n    {h}.close()\nreturn {v}",
    "return json.load(open({p}))",
    "for line in open({p}):\n    print(line)",
    "{h} = open({p})\nreturn {h}",
    "{h} = open({p})\nfor line in {h}:\n    yield line",
    "with open({p}) as {h}:\n    return {h}.read()",
    "{v} = [line for line in open({p})]\nreturn {v}",
    "{v} = open({p}).read() if {p} else None\nreturn {v}",
    "open({p}, \"a\").write(\"x\\n\")",
    "{h} = codecs.open({p}, encoding=\"utf-8\")\n{v} = {h}.read()\n{h}.close()\nreturn {v}",
    "reader = csv.reader(open({p}))\nreturn list(reader)",
    "{h} = open({p}); {v} = {h}.read(); {h}.close()\nreturn {v}",
    "{h} = open({p})  # keep this comment\n\n# and this one\n{v} = {h}.read()\n{h}.close()\nreturn {v}",
    "{h} = open({p})\n{v} = {h}.read()\nreturn {v}",
    "{h} = open({p})\nif {v}:\n    {h}.close()\n    return None\n{v} = {h}.read()\n{h}.close()\nreturn {v}",
    "{h} = open({p}, \"rb\")\n{v} = {h}.read()\nreturn len({v})",
    "a = open({p})\nb = open({p} + \".bak\", \"w\")\nb.write(a.read())\na.close()\nb.close()",
    "{h} = gzip.open({p})\n{v} = {h}.read()\n{h}.close()\nreturn {v}",
    "return Path({p}).open().read()",
    "{h} = open({p})\nglobal_handles.append({h})",
    "{h} = open({p})\nreturn lambda: {h}.read()",
    "def open(x):\n    return x\nreturn open({p})",
    "{v} = (open({p}).read()\n     + open({p}).read())\nreturn {v}",
    "{v} = open({p}).read() \\\n    .strip()\nreturn {v}",
    "match {v}:\n    case 1:\n        {h} = open({p})\n        {v} = {h}.read()\n        {h}.close()\n    case _:\n        pass\nreturn {v}",
)

HTTP_BODIES = (
    "r = requests.get(\"https://example.com/api\")\nreturn r.text",
    "return requests.post(url, json={v}).json()",
    "r = requests.get(url, timeout=5)\nreturn r.text",
    "s = requests.Session()\nreturn s.get(url).text",
    "return httpx.get(url).text",
    "return urllib.request.urlopen(url).read()",
    "return requests.request(\"GET\", url, **kwargs).text",
)


def _indent(text: str, level: int = 1) -> str:
    return textwrap.indent(text, "    " * level, lambda line: True)


@st.composite
def function_defs(draw, names: dict, counter: list[int], *, view: bool = False, app: str = "app") -> str:
    """One function (or method, generator, async def, view) whose body uses handles."""
    counter[0] += 1
    name = f"helper_{counter[0]}"
    body_template = draw(st.sampled_from(OPEN_BODIES + HTTP_BODIES if not view else OPEN_BODIES + HTTP_BODIES))
    body = body_template.format(
        h=draw(st.sampled_from(HANDLE_NAMES)),
        v=draw(st.sampled_from(VALUE_NAMES)),
        p=draw(st.sampled_from(PATHS)),
    )
    if "yield" in body and "return" in body.split("yield")[1]:
        body = body.replace("return", "print(")  # pragma: no cover - templates avoid this
    wrapper = draw(st.sampled_from(("plain", "try", "if", "loop", "nested")))
    if wrapper == "try":
        body = "try:\n" + _indent(body) + "\nexcept OSError:\n    return None"
    elif wrapper == "if":
        body = "if path:\n" + _indent(body) + "\nreturn None"
    elif wrapper == "loop":
        body = "for _ in range(2):\n" + _indent(body)
    elif wrapper == "nested":
        body = "def inner():\n" + _indent(body) + "\nreturn inner()"
    params = "path=None, name=\"x\", url=\"http://localhost\", data=None, content=None, text=None, result=None, value=None, lines=None, f=None, **kwargs"
    kind = draw(st.sampled_from(("def", "def", "async", "method", "view")) if not view else st.just("view"))
    if kind == "async":
        if "yield" in body:
            kind = "def"
        else:
            return f"async def {name}({params}):\n" + _indent(body)
    if kind == "method":
        return f"class Holder{counter[0]}:\n    def {name}(self, {params}):\n" + _indent(body, 2)
    if kind == "view":
        route = draw(st.sampled_from(("route", "get", "route_methods", "route_post")))
        decorator = {
            "route": f'@{app}.route("/{name}")',
            "get": f'@{app}.get("/{name}/<name>")',
            "route_methods": f'@{app}.route("/{name}", methods=["GET"])',
            "route_post": f'@{app}.route("/{name}", methods=["GET", "POST"])',
        }[route]
        return f"{decorator}\ndef {name}({params}):\n" + _indent(body)
    return f"def {name}({params}):\n" + _indent(body)


def db_getters(g: str) -> tuple[str, ...]:
    return (
        f'def get_db():\n    if "db" not in {g}:\n        {g}.db = sqlite3.connect(DATABASE)\n    return {g}.db',
        f'def get_db():\n    db = getattr({g}, "_database", None)\n    if db is None:\n        db = {g}._database = sqlite3.connect(DATABASE)\n    return db',
        f"def get_conn():\n    {g}.conn = psycopg2.connect(DSN)\n    return {g}.conn",
        f'def get_cache():\n    setattr({g}, "redis", redis.Redis())\n    return {g}.redis',
        "engine = create_engine(\"sqlite://\")\ndb_session = scoped_session(sessionmaker(bind=engine))",
    )


def teardowns(app: str, g: str) -> tuple[str, ...]:
    return (
        f'@{app}.teardown_appcontext\ndef close_connection(exception):\n    db = getattr({g}, "_database", None)\n    if db is not None:\n        db.close()',
        f'@{app}.teardown_appcontext\ndef close_db(e=None):\n    db = {g}.pop("db", None)\n    if db is not None:\n        db.close()',
        f"@{app}.after_request\ndef close_after(response):\n    {g}.db.close()\n    return response",
        "def close_db():\n    pass",
    )


def config_lines(app: str) -> tuple[str, ...]:
    return (
        f'{app}.config["SECRET_KEY"] = "s3cr3t-7f3a9c"',
        f'{app}.config["DEBUG"] = True',
        f'{app}.config["TESTING"] = False',
        f'{app}.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://user:pw@localhost/db"',
        f'{app}.config["DATABASE"] = "app.db"',
        f'{app}.config["PORT"] = 5000',
        f'{app}.config["ITEMS_PER_PAGE"] = 20  # a plain constant',
        f'{app}.config.update(SECRET_KEY="abc", MAIL_SERVER="smtp.example.com", MAIL_PORT=25)',
        f'{app}.config.update({{"API_KEY": "k-123", "ALLOWED": ["a", "b"]}})',
        f'{app}.config.from_mapping(SECRET_KEY="dev", DATABASE="x.db")',
        f'{app}.secret_key = "not-so-secret"',
        f'{app}.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024',
        f'{app}.config["SEND_FILE_MAX_AGE_DEFAULT"] = 0',
        f'class Config:\n    SECRET_KEY = "cfg-secret"\n    DEBUG = False\n\n\n{app}.config.from_object(Config)',
        f'{app}.config["SECRET_KEY"] = os.environ["SECRET_KEY"]',
        f'{app}.config[KEY] = "dynamic"',
    )


def views(app: str, names: dict, counter: list[int]) -> tuple[str, ...]:
    counter[0] += 1
    n = counter[0]
    request, render, session, g = names["request"], names["render"], names["session"], names["g"]
    return (
        f'@{app}.route("/p{n}")\ndef page_{n}():\n    return {render}("index.html")',
        f'@{app}.route("/about{n}")\ndef about_{n}():\n    return "about"',
        f'@{app}.route("/user{n}/<name>")\ndef user_{n}(name):\n    return f"hi {{name}}"',
        f'@{app}.route("/search{n}")\ndef search_{n}():\n    return {request}.args.get("q", "")',
        f'@{app}.route("/me{n}")\ndef me_{n}():\n    return {session}.get("user", "anonymous")',
        f'@{app}.route("/post{n}", methods=["POST"])\ndef post_{n}():\n    return {request}.form["x"]',
        f'@{app}.route("/upload{n}", methods=["POST"])\ndef upload_{n}():\n    {request}.files["file"].save("/tmp/x")\n    return "ok"',
        f'@{app}.get("/items{n}")\ndef items_{n}():\n    return {{"items": [1, 2, 3]}}',
        f'@{app}.route("/books{n}")\ndef books_{n}():\n    db = get_db()\n    return str(db.execute("select 1").fetchall())',
        f'@{app}.route("/cached{n}")\n@cache.cached(timeout=60)\ndef cached_{n}():\n    return "cached"',
        f'@{app}.route("/time{n}")\ndef time_{n}():\n    import time\n    return str(time.time())',
        f'@{app}.route("/g{n}")\ndef g_{n}():\n    return str({g}.get("x"))',
    )


MODULE_RESOURCES = (
    'LOG = open("app.log", "a")',
    'conn = sqlite3.connect("app.db")',
    "executor = ThreadPoolExecutor(max_workers=4)",
    'engine = create_engine("sqlite:///app.db")',
    'conn = sqlite3.connect("app.db")\natexit.register(conn.close)',
    'SETTINGS = json.load(open("settings.json"))',
    "http = requests.Session()",
    "cache = Cache()",
    'cache = Cache(config={"CACHE_TYPE": "SimpleCache"})',
    "load_dotenv()",
    "global_handles = []",
    'BASE = os.path.dirname(__file__)\nDATABASE = os.path.join(BASE, "app.db")',
)

RUN_LINES = (
    "app.run(debug=True)",
    'app.run(host="0.0.0.0", port=8000, debug=True)',
    "app.run()",
)


@st.composite
def flask_module_text(draw) -> str:
    """The module, formatted in the plain way (4 spaces, LF)."""
    import_line, names = draw(st.sampled_from(IMPORT_STYLES))
    counter = [0]
    layout = draw(st.sampled_from(("module", "module", "factory", "blueprint", "none")))
    app = "app" if layout != "blueprint" else "bp"
    blocks: list[str] = []
    header = draw(st.sampled_from(("", '"""A legacy module."""', "from __future__ import annotations", "# -*- coding: utf-8 -*-")))
    if header:
        blocks.append(header)
    imports = [import_line] + draw(st.lists(st.sampled_from(OTHER_IMPORTS), unique=True, max_size=8))
    imports = list(dict.fromkeys(imports + ["import os", "import json", "import csv", "import codecs", "import gzip", "import sqlite3", "import atexit", "import requests"]))
    if header == "from __future__ import annotations":
        blocks.append("\n".join(imports))
    else:
        order = draw(st.permutations(imports))
        blocks.append("\n".join(order))
    blocks.extend(draw(st.lists(st.sampled_from(MODULE_RESOURCES), max_size=3)))

    body: list[str] = []
    if layout in ("module", "factory"):
        ctor = draw(st.sampled_from((f"{names['Flask']}(__name__)", f'{names["Flask"]}(__name__, static_folder="static")', f"{names['Flask']}(__name__.split('.')[0])")))
        body.append(f"{app} = {ctor}")
    elif layout == "blueprint":
        body.append(f'{app} = {names["Blueprint"]}("shop", __name__)')
    if layout != "none":
        if layout != "blueprint":
            body.extend(draw(st.lists(st.sampled_from(config_lines(app)), max_size=4)))
        body.extend(draw(st.lists(st.sampled_from(db_getters(names["g"])), max_size=2)))
        body.extend(draw(st.lists(st.sampled_from(teardowns(app, names["g"])), max_size=1)))
        for _ in range(draw(st.integers(0, 3))):
            body.append(draw(st.sampled_from(views(app, names, counter))))
        for _ in range(draw(st.integers(0, 2))):
            body.append(draw(function_defs(names, counter, view=True, app=app)))
    for _ in range(draw(st.integers(0 if layout != "none" else 1, 3))):
        body.append(draw(function_defs(names, counter)))

    if layout == "factory":
        inner = "\n\n".join(body)
        blocks.append("def create_app(test_config=None):\n" + _indent(inner) + "\n    return app")
    else:
        blocks.extend(body)
    if layout == "module" and draw(st.booleans()):
        run = draw(st.sampled_from(RUN_LINES))
        blocks.append('if __name__ == "__main__":\n    ' + run)
    return "\n\n\n".join(blocks) + "\n"


def flask_modules():
    """Flask-flavoured modules in every shape."""
    return formatted(flask_module_text())


@st.composite
def flask_soup(draw):
    """A Flask module with a program hypothesmith generated after it: odd code next to the
    patterns (the result may not compile: filter with ``assume``)."""
    import hypothesmith

    return draw(flask_module_text()) + "\n" + draw(hypothesmith.from_grammar())


def _mutate(data: bytes, edits) -> bytes:
    for position, delete, insert in edits:
        position %= len(data) + 1
        data = data[:position] + insert + data[position + delete :]
    return data


@st.composite
def damaged_files(draw):
    """The bytes of a Flask module after random damage: wrong bytes, NULs, a BOM, a coding
    cookie, stray brackets and quotes."""
    text = draw(flask_module_text())
    encoding = draw(st.sampled_from(("utf-8", "utf-8-bom", "latin-1", "cp1252")))
    if encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif encoding == "utf-8":
        data = text.encode("utf-8")
    else:
        data = f"# -*- coding: {encoding} -*-\n".encode() + text.encode(encoding, errors="replace")
    edits = draw(
        st.lists(
            st.tuples(
                st.integers(0, 10**6),
                st.integers(0, 3),
                st.sampled_from(
                    (b"", b"\x00", b"\xff", b"\xe9", b"\r", b"\x0c", b"\t", b"(", b"\\", b'"""', b"\xef\xbb\xbf", b"\n    ")
                ),
            ),
            max_size=3,
        )
    )
    return _mutate(data, edits)
