"""dotenv-config: hard-coded secrets and environment settings of the Flask configuration move
to ``.env``."""

from __future__ import annotations

import ast

import libcst as cst
from libcst.metadata import ParentNodeProvider

from ._base import Codemod, Context
from ._dotenv_config_gate import file_may_hold_value, text_may_hold_value, tree_may_hold_value
from ._dotenv_config_project_gate import project_may_hold_value
from ._dotenv_config_project import ProjectView
from ._dotenv_config_secrets import SECRET, load_detect_secrets
from ._flask import qualified_names
from ._imports import module_binds
from ._metadata import every_node
from ._positions import rendered_code
from ._import_style import straight_imports_first


class DotenvConfig(Codemod):
    """Move hard-coded secrets and environment-dependent settings of the Flask configuration
    out of the code into ``.env``.

    Why: a ``SECRET_KEY`` or a database password committed to source control is the most
    common security flaw of legacy Flask apps. The value goes to ``.env`` (added to
    ``.gitignore``, created with mode 0600, loaded by python-dotenv); the code reads it from
    the environment, so the app starts with the same configuration when ``.env`` is there,
    and a variable set in the environment overrides ``.env``.

    Before::

        from flask import Flask

        app = Flask(__name__)
        app.config["SECRET_KEY"] = "8f42a73054b1749f8f58848be5e6502c"
        app.config["DATABASE"] = "bookshelf.db"
        app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code

    After::

        import os

        from dotenv import load_dotenv
        from flask import Flask

        load_dotenv()

        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        app.config["DATABASE"] = os.environ.get("DATABASE", "bookshelf.db")
        app.config["ITEMS_PER_PAGE"] = 20  # a plain constant: stays in the code

    Beside the code: ``.env`` gets ``SECRET_KEY=...`` and ``DATABASE=bookshelf.db`` (existing
    lines are kept, an existing variable is never overwritten); ``.env.example`` gets the
    names with secrets left empty (or the project's own example file, when it has one:
    ``.env.template``, ``.env.sample``, ``.env.dist`` ...); ``.env`` is added once to
    ``.gitignore``; ``python-dotenv``
    is added to the declared dependencies. A project it cannot be added to keeps its code,
    with a finding that names the files and what to do: one that declares its dependencies
    in no file (no requirements list, ``pyproject.toml`` or Pipfile), or only where the tool
    does not edit (``install_requires`` of ``setup.py`` or ``setup.cfg``, a list of hash pins,
    a compiled list): the added import would stop the program wherever python-dotenv is not
    installed. ``--dry-run`` lists the ``.env`` change by name
    only and masks the moved secrets in the terminal diff (``--show-secrets`` shows them);
    reports never hold a value; ``--diff-file`` patches never include ``.env``.

    What is Flask configuration (nothing else is touched): ``app.config["K"] = literal``,
    ``app.config.update(...)`` / ``from_mapping(...)`` with literals (keywords, a dict,
    ``dict(KEY=...)``), ``app.secret_key``
    (the app resolved as a ``flask.Flask`` object, also in factories); and what the project's configuration loading reaches, in any module of the
    project: a module loaded whole (``from_object("config")``, ``from_object(__name__)``,
    ``from_pyfile("settings.py")``: its UPPER_CASE constants), a class loaded by name (with
    its bases), every config class of a module one is picked from at run time
    (``from_object(config[name])``); a factory's ``from_object(config_object)`` loads what
    every call of the factory in the application passes, when each passes a string or a
    class of the project (``create_app("config")``), or a variable its module binds at module
    level to such values only (``CONFIG = DevConfig if debug else ProdConfig``). A Django ``settings.py`` or any module that no
    ``from_object`` / ``from_pyfile`` loads is left alone.

    Secrets are judged by value as well as by name, with detect-secrets: a name ending in
    one of its keywords (password, secret, api_key ...; also token, salt, credentials, pass and
    pw; glued to the word before it where it ends no other word: ``DBPASSWORD``, ``APPSECRET``,
    ``AUTHTOKEN``, but pass, pw, pwd and salt only as a word of their own: ``MAIL_PASS`` but
    not ``BYPASS``; a key named by its
    cryptographic use: signing, encryption, fernet, hmac) holding a real value, or a value of
    a known credential shape under any name (a URL with a
    password, a private key, a cloud or service token). Not secrets, left alone: identifiers
    and key names (``"myapp_limiter.token"``, ``"reset-password"``), protocol words
    (``"client_secret_basic"``), prefixes (``"ghp_"``), masks (``"--------"``), templates, and
    values marked ``# noqa: S105``, ``# nosec`` or ``# pragma: allowlist secret``.

    A real secret moves, read with ``os.environ["K"]`` (no default: a missing one stops the
    app at start with ``KeyError: 'K'``), from configuration that production uses. It stays
    without a word in test or development configuration (``TestingConfig``,
    ``config/testing.py``, a class the module's mapping picks only under such a name:
    ``{"dev": DevlopmentConfig}``): no real secret belongs there. It stays, with one finding
    for its class, module or app, where moving it would break an install or a test run: in defaults the project overrides (a later ``from_pyfile`` /
    ``from_envvar`` / ``from_object``, a local settings module star-imported over them, a
    production class that sets its own); where it is a placeholder (``"dev"``,
    ``"changeme"``, the app's name with a release number such as ``"notes-1.2"``, words
    run together in CamelCase such as ``"MyAppSigningKey"``, a number of a few digits where
    a generated key, salt or token belongs such as ``"123456790"``: production must set a
    real one); where its name is already read from the
    environment elsewhere in the project (moving it would hand that reader our value); where
    the same text stays elsewhere in the module, in a base class the class imports from
    another module, or in a module of the application that no configuration loading reaches
    (a development or test class, a base class, or an example configuration the README says
    to copy, that keeps the production password letter for letter: moving one copy hides
    nothing); where it is
    non-ASCII text and the project's code runs on Python 2 (a module of it only Python 2
    parses, such as one with a ``print "..."`` statement: there the environment holds bytes,
    which python-dotenv encodes in the locale's encoding, so the value would come back as
    another key). A secret in a module constant that is not configuration is named in a finding.

    Apps run from an installed package keep their secrets, with a finding: ``load_dotenv()``
    looks for ``.env`` from the module's folder upwards, so a module run from site-packages
    (``pip install NAME``, then a console script or ``python -m``) never finds the ``.env`` of
    the checkout, and ``os.environ["K"]`` would stop every start of the installed app. A
    module runs from an installed copy when both hold: the project's distribution ships it
    (in a package that ``setup.py``, ``setup.cfg`` or ``pyproject.toml`` lists or finds,
    ``find_packages()`` included; or a top-level module it names), and something starts the
    installed copy (a console or GUI script, a script of ``scripts=`` that runs the
    project's code — one that imports none of its modules and names none in a string, a
    helper running pip-compile or npm, starts nothing of it —, a ``__main__.py`` in its top
    package, or ``pip install NAME`` in the project's README, docs or Dockerfile). Signs of
    runs from the checkout (a Procfile, a Dockerfile copying it, ``pip install -e .``) do not
    outweigh them: they show one way the app runs, not that nobody runs the installed copy.
    A module beside the shipped packages (an ``app.py`` next to ``find_packages()``) runs
    from the checkout and is rewritten as before. Settings never move from such a module
    either: their defaults would keep them safe, but settings move only beside a secret.

    Environment settings (database URIs, hosts, ports, MAIL_* ...) move only from a single
    shared configuration, read with ``os.environ.get("K", <original literal>)`` and
    converted back to the original type (str, int, float, bool, list or tuple of strings),
    so the app behaves the same without ``.env``. Where the project sets a line length (black,
    flake8, ruff ...), a read that takes its line past it is split as black splits it
    (``os.environ.get(`` / its arguments / ``)``). They move only beside a secret that moves
    from the same module: their values stay in the code as defaults, so settings alone would
    make a ``.env`` that only repeats the code. Even then, a setting that builds the default
    of an environment read stays (the file name of ``os.getenv("DATABASE_URL",
    f"sqlite:///{DATABASE}")``: that read configures it already), and so does a login
    (``USERNAME``, ``MAIL_USERNAME`` ...) whose password stays (a placeholder ...): one pair, in
    one place. Per-environment configuration (several config classes, or files per
    environment) keeps its settings: no variable is invented for
    ``DevelopmentConfig.SQLALCHEMY_DATABASE_URI``, and a testing config's database stays
    where it is. A URL-named key whose value is a path of the app (``SECURITY_LOGIN_URL =
    "/login/"``) is a route, the same wherever the app runs: it stays. A name the project
    reads from the environment anywhere (in code: a name in
    a docstring is no reader) is never taken. Plain code constants (``ITEMS_PER_PAGE`` ...)
    stay, and so do Flask's mode switches (``DEBUG``, ``TESTING``, ``ENV``, ``app.debug``):
    a variable named ``DEBUG`` is set for other software too, and debug mode read from it
    would turn on the debugger of an app started with ``app.run()`` wherever something sets
    it (Flask reads its own ``FLASK_DEBUG``). ``app.run(debug=True)`` is left alone:
    ``app.run`` starts the development server, whose debugger is the developer's choice.

    Variable names: the config key itself; a qualified name (``ADMIN_SECRET_KEY``) when the
    key holds another value for another app or class of the same file, in the existing
    ``.env`` or for another file of the same run, or is a variable the system sets
    (``HOSTNAME``, ``USER``, ``FLASK_*`` ...).

    ``load_dotenv()`` is added once per rewritten module, after its imports and above the
    comments of the statement that follows them; python-dotenv looks for ``.env`` from that
    file's folder upwards, which finds the project root where the tool writes it. A project
    that pins a python-dotenv older than 0.10 (whose ``load_dotenv`` needs a path) gets
    ``load_dotenv(find_dotenv())``. The requirement added is ``python-dotenv>=0.10``, the
    first version the added ``load_dotenv()`` runs on: the installer picks the newest
    release the project's Python supports (``>=1.0`` would fail on Python 2.7 or 3.7). A
    project that declares Python 3.8 or later everywhere it declares one (``runtime.txt``,
    ``.python-version``, ``requires-python``, ``python_requires``, a Pipfile's
    ``python_version``, classifiers) gets ``python-dotenv>=1.0``: a requirements file of
    exact pins then pins ``1.0.0``, not a 2018 release.

    A module that loads ``.env`` itself (``load_dotenv()``, environs' ``env.read_env()``)
    before a value keeps its own load: the value moves and no second one is added; a load in
    a top-level ``try`` that guards python-dotenv's import counts (it runs wherever
    python-dotenv is installed, which the added requirement makes sure). One that loads it
    from a path of its own (which may not be the ``.env`` the tool writes), or only under a
    condition (``if os.path.exists(".env"): load_dotenv()``: a required secret would stop
    the app wherever the condition fails), keeps the value, with a finding; so does a
    settings module that runs other code at its top level (a call, also inside a loop or a
    block, or a write through ``globals()``: it may set or read its settings). Loops and
    ``with`` blocks that only read the values, or set other names, let them move; a value
    the module sets again after its line (in a block, or a later plain assignment) is a
    default it overrides, and stays, with a finding. A module that
    reads its environment through environs (``env = Env()``, then ``env.read_env()``), or
    imports such an ``env`` from a module of the project that calls ``read_env()`` at
    import (``from config import env``), gets
    environs' own reads, of the same types: ``env.str("SECRET_KEY")``,
    ``env.int("MAIL_PORT", default=587)``, ``env.bool``, ``env.float``, ``env.list``; no
    ``os`` and no python-dotenv requirement are added. One that reads through
    python-decouple or dynaconf, or through environs without a ``read_env()`` before the
    value, keeps its values, with a finding: set them where that reader reads them; so does
    a module of a project that reads its environment through one of them in another module
    of the application, which this one does not import (``os.environ`` beside it is not the
    project's way).

    Refuses (a finding says why): a key set to different values within one app; a value
    ``.env`` cannot hold exactly (a NUL or carriage return, ``${``, lists whose items hold
    commas); a secret spelled in several pieces or with unusual escapes (it could not be
    masked in the terminal diff); credentials inside other expressions (dicts, the fallback
    of ``os.environ.get``); secrets handed to an app factory in a dict
    (``create_app({"SECRET_KEY": ...})``, a call named ``..._app``, ``App``, ``...factory``:
    the tool does not follow them into the factory's configuration); modules where ``os`` or ``load_dotenv`` mean something else. A
    ``from_pyfile`` file that is not ``.py`` is named with the secrets it holds. Test files
    (``test_*.py``, ``*_test.py``, ``*_unittest.py``, ``tests.py``, ``conftest.py``, ``tests/``) are left alone.
    No options.
    """

    NAME = "dotenv-config"
    SUMMARY = "Move hard-coded secrets and environment settings of the Flask configuration into .env."
    SAFETY = "review"
    ORDER = 30
    METADATA = (ParentNodeProvider,)  # and scopes (which also answer qualified names), a function's body analysed only when asked (_lazy_scopes)

    @staticmethod
    def preload() -> None:
        """detect-secrets, which the gates import on first use, and the analysis, plan and
        rewrite, which ``transform`` does: loaded once in a process that is about to fork its
        workers (tool/pool.py), rather than once in each."""
        load_detect_secrets()
        from . import _app_config, _dotenv_config_analysis, _dotenv_config_declared, _dotenv_config_plan, _dotenv_config_readers, _dotenv_config_rewrite, _dotenv_config_values  # noqa: F401 (lazy: see transform)

    def applies_to(self, source: str) -> bool:
        """Something in the text that a value it moves needs: a Flask app, ``config``, a
        word of a secret's or a setting's name, the start of a credential or service URL, or
        an escape that may spell one in a string."""
        return text_may_hold_value(source)

    def applies_to_file(self, source: str, path: str) -> bool:
        """Beyond ``applies_to``: a sign of what a value could move from: flask, a config
        class, from_object / from_pyfile, or a module named like a config module (see
        applies_to_tree)."""
        return file_may_hold_value(source, path)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """Somewhere a value may come from: a secret or setting given to a Flask app,
        from_object / from_pyfile, a secret or setting among the constants of a config module
        or a flask module, or in a config class."""
        return tree_may_hold_value(tree, path)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The tree gate again, with what the project's configuration loading says of the
        module: its constants count only when it is loaded whole, its classes when one is
        loaded, their settings unless a class is picked per environment (see
        ``_dotenv_config_project_gate``)."""
        return project_may_hold_value(tree, ctx)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        # lazy: the analysis, the plan and the rewrite only once a file passes the gates
        from ._quote_style import preferred_quote
        from ._dotenv_config_analysis import Collector
        from ._dotenv_config_declared import declared
        from ._dotenv_config_layout import laid_out_reads
        from ._dotenv_config_plan import Planner, name_variables
        from ._dotenv_config_readers import read_back_with
        from ._dotenv_config_rewrite import binds_load_dotenv, has_loader_before, rewrite
        from ._dotenv_config_values import read_back
        from ._lazy_scopes import lazily_scoped

        wrapper = ctx.metadata(module, self.METADATA)
        tree = wrapper.module
        code = rendered_code(wrapper)  # the rendering its line numbers come from
        view = ProjectView(ctx, code)
        # the lookups' scopes (of a few names: apps, ``os``, ``load_dotenv``): a function's body
        # is analysed only when a node in it is looked up
        python_tree = ctx.python_tree(module)
        scoped = lazily_scoped(wrapper, python_tree)
        analysis = Collector(scoped, ctx, view, code, python_tree).collect()
        plan = Planner(analysis, view, tree).plan_sites(ctx)
        for group, keys in plan.left.items():
            ctx.finding(plan.left_at[group], f"{', '.join(keys)}: {group[1]}")
        if not plan.moves:
            return module
        if module_binds(tree, "os") or binds_load_dotenv(tree):
            ctx.finding(
                plan.moves[0].statement,
                "'os' or 'load_dotenv' names something else in this module; secrets and settings left in place",
            )
            return module
        project = declared(ctx, view.root)
        if project.undeclarable and not plan.environs:  # the added import would stop the program
            name, spec = project.requirement
            keys = ", ".join(dict.fromkeys(site.key for site in plan.moves))
            ctx.finding(
                plan.moves[0].statement,
                f"{keys}: left in place: {name} cannot be added to the project's dependencies ({project.undeclarable}), "
                f"and the added 'from dotenv import load_dotenv' would fail wherever it is not installed: "
                f"declare {name}{spec} with the project's dependencies (a requirements.txt) and run again",
            )
            return module
        name_variables(plan.moves, project.env, set(view.env_reads), ctx)
        quote = preferred_quote(tree, every_node(wrapper))
        if plan.environs:  # the module's own reader, which loads .env before them
            replacements = {
                site.value.node: read_back_with(plan.environs, site.env_name, site.value, site.verdict is SECRET, tree, quote)
                for site in plan.moves
            }
            replacements = laid_out_reads(wrapper, ctx, replacements)
            new_tree = rewrite(
                wrapper, replacements, add_loader=False, with_path=False, import_os=False, straight_first=straight_imports_first(ctx)
            )
        else:
            replacements = {
                site.value.node: read_back(site.env_name, site.value, site.verdict is SECRET, tree, quote) for site in plan.moves
            }
            replacements = laid_out_reads(wrapper, ctx, replacements)
            add_loader = not has_loader_before(scoped, list(replacements), qualified_names)
            new_tree = rewrite(
                wrapper, replacements, add_loader=add_loader, with_path=project.needs_path, straight_first=straight_imports_first(ctx)
            )

        emitted: dict[str, tuple[bool, str, cst.CSTNode]] = {}
        for site in plan.moves:
            previous = emitted.get(site.env_name)
            secret = site.verdict is SECRET or (previous is not None and previous[0])
            emitted[site.env_name] = (secret, site.value.text, previous[2] if previous else site.statement)
        for name, (secret, text, node) in emitted.items():
            ctx.project_edit("env", name, text, secret=secret, example="" if secret else text, node=node)
        if not plan.environs:
            ctx.project_edit("requirement", *project.requirement)
        ctx.rewrote(len(plan.moves))
        return new_tree
