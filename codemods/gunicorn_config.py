"""gunicorn-config: give a project that runs under gunicorn a gunicorn.conf.py."""

from __future__ import annotations

import ast

import libcst as cst

from ._app_config import distinct_apps, may_create_flask_app
from ._base import Context, Option
from ._flask import FlaskIndex
from ._gunicorn_config_dev_server import not_started
from ._gunicorn_config_folders import GunicornProject, named_by_command
from ._gunicorn_config_gate import APP_NAME_TEXT, app_module_path, may_be_loaded, may_act_on_project
from ._gunicorn_config_project import launches_elsewhere
from ._gunicorn_config_python_start import PythonStart, first_start, started_from_python
from ._gunicorn_config_one_worker import one_worker_only
from ._policy_support import PolicyCodemod
from ._served_apps import classify_apps
from ._gunicorn_config_statements import binding_statement, top_level_definition
from ._gunicorn_config_write import CONFIG_FILE, write_config

class GunicornConfig(PolicyCodemod):
    """Create a ``gunicorn.conf.py`` for a project that runs under gunicorn without one.

    Why: started as plain ``gunicorn app:app``, gunicorn runs **one** synchronous worker,
    never recycles it, and kills requests after 30 seconds: one slow request blocks the whole
    site, and a slow memory leak grows until the process dies. The gunicorn docs recommend
    ``2 × CPU cores + 1`` workers, and ``max_requests`` with a jitter to recycle workers
    before leaks matter. This is a *review* codemod: it changes how the server runs on
    purpose (more processes, more memory), and it rewrites no Python source — it adds one
    new file next to where gunicorn is started. It is a *policy* codemod: it picks numbers the
    code does not hold, so it runs only when selected (``--select gunicorn-config``).

    A project gets the file where one of its own commands is seen to start gunicorn: a
    ``Procfile``, a ``Dockerfile``'s ``CMD``/``ENTRYPOINT`` (also ``docker/Dockerfile``), a
    ``docker-compose.yml``/``compose.yaml`` ``command:``, ``app.yaml``'s ``entrypoint:``, a
    ``Makefile`` or a start script (``start.sh``, ``run.sh``, ``boot.sh``, ``entrypoint.sh``,
    ``bin/start`` ...) in the project root or in a folder between it and the app, or any
    script, unit, supervisor, compose or deployment file of the project (``deploy/run.sh``,
    ``deploy/shop.service``, ``fly.toml``, ``render.yaml``, ``k8s/*.yaml``, an Upstart job, a task of
    ``pyproject.toml``). The codemod looks at a project where such a file mentions gunicorn
    or the root's runtime dependencies list it (``requirements.txt``, ``requirements.in``,
    ``requirements/{base,prod,...}.txt``, ``install_requires`` of ``setup.cfg`` or
    ``setup.py``, ``pyproject.toml`` dependencies, ``Pipfile`` packages; neither development
    lists nor lock files, which also hold what other packages pull in). Where nothing starts
    gunicorn — it is only a requirement, a Dockerfile only installs it, a
    ``GUNICORN_CMD_ARGS`` only sets its options, or the command that starts it lives outside
    the project folder (a systemd unit elsewhere in the repository, with options of its own)
    — no file is written: a requirement says gunicorn is installed, not which folder it starts
    in nor which options it is given, so nobody is shown to read the file. A finding says so,
    and names the development server (``flask run``, ``python manage.py run``) or the other
    server the project's own commands start instead, where they do.
    The project root is what the tool uses for every project file: the nearest folder above
    the file with ``.git``, ``pyproject.toml``, ``setup.py``, ``setup.cfg``,
    ``requirements.txt`` or ``.env``. The file is created in the folder
    where gunicorn is started — the nearest folder with such a command file, else the
    root — because gunicorn reads ``gunicorn.conf.py`` from its working directory. The
    module that triggers it is the WSGI module the command names (``gunicorn wsgi:app`` →
    ``wsgi.py``, also under ``--chdir``), or, when the named module cannot be found, any module that creates a
    Flask app.

    Before: ``Procfile`` says ``web: gunicorn --timeout 120 app:app``, and there is no
    config file. After, a new ``gunicorn.conf.py`` (comments shortened)::

        import multiprocessing
        import os

        # Worker processes: 2 per CPU core + 1 ...
        workers = int(
            os.environ.get("GUNICORN_WORKERS")
            or os.environ.get("WEB_CONCURRENCY")
            or multiprocessing.cpu_count() * 2 + 1
        )
        threads = int(os.environ.get("GUNICORN_THREADS") or 1)
        # timeout is set on the gunicorn command line (Procfile: --timeout 120), which overrides this file.
        graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT") or 30)
        max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 1000)
        max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER") or 100)

    Every value can be overridden from the environment (``GUNICORN_WORKERS`` …);
    ``WEB_CONCURRENCY``, which gunicorn itself honours and Heroku sets, still applies.
    Options already given on a gunicorn command line (or in ``GUNICORN_CMD_ARGS``) are left
    out of the file: gunicorn's command line overrides the config file anyway, so writing
    them would only add values that never apply; a comment says where they are set.
    ``threads`` defaults to 1 because more than one thread switches gunicorn to its threaded
    worker, which only thread-safe apps survive; none is written where a command line picks a
    worker class that does not use threads (``-k gevent``, ``eventlet``). The file sets no ``preload_app``: whether
    the workers share what the app makes as it loads stays as the commands say. Note that ``cpu_count()`` is the host's
    count, also inside a container: set ``GUNICORN_WORKERS`` where that is too many.

    Options given anywhere else are read too: gunicorn command lines in any script, unit,
    supervisor, compose or deployment file of the project (``deploy/run.sh``,
    ``supervisor.conf``, ``k8s/*.yaml``) count like the ones above. So do those of a compose
    file in a folder above the root, up to the repository's top, that builds an image from
    the root folder (``build: ./web``, ``context: web``): a repository that keeps each app in
    a folder of its own, with its own ``requirements.txt``, starts it from there.

    Left alone (nothing generated):

    - a project whose Python code starts gunicorn (a ``gunicorn.app.base`` application,
      ``subprocess.run(["gunicorn", ...])``, a function that builds ``["gunicorn", ...]``
      and execs it, or a command line given to a shell that starts it:
      ``Popen("cd web && gunicorn app:app -b %s" % bind, shell=True)``, ``os.system(...)``,
      ``subprocess.call(f"...")``, a string built in a variable and run), anywhere in its
      application code: the folder gunicorn starts in and its options are settled there, and
      gunicorn may load ``./gunicorn.conf.py`` after them — a new file could cut the
      program's own ``timeout=1800`` to 30 seconds, or never be read by a command run from
      any folder. A command string is read as the scripts are, on its literal text; where one
      that names gunicorn cannot be read whole (``"%sgunicorn app:app" % prefix``: the
      program word is made at run time), whether it starts gunicorn cannot be told, and
      nothing is generated either. A finding names the place. Code that only asks whether it
      runs under gunicorn (``sys.argv[0].endswith("gunicorn")``) starts nothing.
    - an app that serves Socket.IO (Flask-SocketIO or python-socketio in its application
      code): each client's connection and session live in the worker that accepted it, so
      gunicorn must run it as one worker kept for good — more workers lose the clients
      between them, and recycling the one (``max_requests``) drops every client and holds
      new ones back for the graceful wait. A finding names the import.
    - an app that serves WebSockets (Flask-Sockets, flask-sock, gevent-websocket or
      simple-websocket in its application code, or a gevent-websocket worker class such as
      ``flask_sockets.worker`` on a gunicorn command line): each connection stays open in the
      worker that accepted it, and recycling that worker cuts every open one after the graceful
      wait. A finding names the import or the worker class.
    - an app that starts a server on a port of its own in the process that loads it
      (``prometheus_client.start_http_server(9567)`` called as the WSGI module loads, also
      ``start_wsgi_server``, ``wsgiref.simple_server.make_server``, ``http.server.HTTPServer``,
      ``socketserver.TCPServer``), anywhere in its application code but code run only as
      ``__main__`` and commands: each of several workers would bind the same port, every one
      but the first would fail to boot, and gunicorn stops. A finding names the call.
    - an app that counts its rate limits in the process: Flask-Limiter in its application
      code with no storage named (its default) or ``memory://`` (``Limiter(storage_uri=...)``,
      ``RATELIMIT_STORAGE_URI``, the older ``RATELIMIT_STORAGE_URL``, in its code, settings
      files or ``.env``): each worker would count its own, letting a client through as many
      times the limit as there are workers. Any other storage named there (``redis://``, a
      read of the environment) is left to the deployment. A finding names the import.
    - an app that keeps values for later requests in the process: a view (or a function of
      its module it calls) rebinds a module-level name it declares ``global`` (a
      confirmation code stored by one request and checked by the next), or a function of the
      application code changes a dict, list or set made at module level, also under a
      module-level ``if:`` or ``try:`` or by a tuple assignment (``users[user.id] = user`` at
      login, read back by the user loader; ``.append``, ``.add``, ``.update``,
      ``.setdefault``, ``.pop``, ``del d[k]``; a tuple or ``for`` target too), whichever module
      of the project changes it (``from models import users``, ``models.users[k] = v``; a name
      imported from a project module that cannot tell what it is, a star import, counts),
      also through an alias (``u = models.users``, a local ``store = users``) or a function
      that returns it (``get_users()[k] = v``). The same for any other value the project binds
      at module level whose attribute or entry a function stores into (``models.count += 1``,
      ``state.last_user = name``, ``app.config["MAINTENANCE"] = on``, the app through flask's
      ``current_app``, ``current_app.jinja_loader = ...``, however imported; a constant under a
      constant key is stored alike by every process and does not count; a value made from
      what it held, ``app.served = app.served + 1``, is no constant), and for an object a
      module-level name holds (``store = Store()``) whose class's methods store into
      ``self`` (``self.items[k] = v``; not ``__init__`` nor ``init_app``). With more workers
      the next request may reach one that never saw the value, and recycling drops it (every
      OAuth user logged out). An exemption must be shown, not guessed: a lazy initialisation
      (the name assigned, or the container filled, only under ``if name is None:`` or ``if
      not name:``, or after ``if name is not None: return name``, a model loaded on first use)
      is no such value when what it stores is made
      from nothing the request gives (``load()``; not ``admins.append(name)``): every worker
      makes its own; nor is what the app factory, a command (``@app.cli.command()``), a
      Celery worker (``@signals.task_prerun.connect``, ``@shared_task``, ``@celery.task``: a
      process of its own, not the web server's), a set-up function nothing else calls
      (``@bp.record``, ``@bp.record_once`` of a ``Blueprint``, ``@app.before_first_request``,
      or the same registration by a call of the module, ``bp.record(fn)``: run as the
      blueprint is registered, or once before a process's first request) or a
      decorator used only on module-level definitions (a registry filled at import) does; nor
      is an attribute an app-wide ``before_request`` hook sets afresh on every path, before
      anything there reads it, from a value that does not read it (``app.jinja_loader`` picked
      for a mobile or a desktop request): no request reads what an earlier one left, but
      requests served side by side race on it, a finding where a command line gives gunicorn
      threads or a worker class of greenlets. A cache is told conservatively: a word
      of its name says so (``page_cache``, ``_memo``; not ``memory``), it is only emptied or
      filled where an entry is found missing (``if key not in cache:``), and what it is filled
      with is made from the key alone (``render(slug)``; not the request's data, nor a fresh
      ``{"items": []}`` filled later); in doubt a value is state. A finding names the
      assignment, or the value and where it is written; it says the app keeps values
      between requests only where a request is seen to reach the write (a view or request
      hook, a function of its module it calls, a module-level function one calls by name, or
      the wrapper a decorator of views returns)
      into a value the module makes itself or a module it names makes, and otherwise that
      it may (a registry that a start-up call fills once, which the codemod cannot prove runs
      only then; a method, whose name does not tell whose it is — the finding names the
      method a view calls by that name on an object, ``app_list.sync_config()``, where that
      reaches the write through ``self``; a name imported whose kind
      is not told). A value an attribute is given afresh by what a call makes from nothing
      the request gives (``app.surveys = get_surveys()``, refreshed every minute) is decided
      by what the call does, never by a name: built by the module's own functions from
      constants alone (and the clock reading that times it), it is the same in every worker
      and no state; fetched from a service or a database (``requests.get``, a query, followed
      through the module's functions), each worker keeps a copy of its own age and workers
      answer from different data once the source changes; anything else (a file, which the
      app may rewrite as it runs) cannot be told. Both are findings. A value whose name says cache but that is not shown to be one (a token
      cache filled with what a database returns: whether every miss is read back from a store
      all workers share cannot be told) is said to be kept in each process, not to force one
      worker; so is one every write of which fills an entry found missing with what a call
      builds (a client made the first time it is asked for). Where no command starts
      gunicorn either, the finding says that first: no file would be read.
    - an app that creates its tables as each worker loads it (``db.create_all()`` in the app's
      module, its factory or a function of it the factory calls; not in a command or a script)
      where no command line sets ``workers`` and nothing preloads it: on an empty database the
      workers race to create them and one failing its boot stops gunicorn. A finding.
    - an app whose application code has a module that cannot be read: it does not parse
      (Python 2 code, say), is not UTF-8 text (a latin-1 coding cookie) or is too large:
      that no module keeps such values, or serves Socket.IO, or makes its secret key anew,
      cannot be shown without reading them all. A finding names the module. One that does
      not parse counts only where the server's process may load it: a module it may be
      started on takes the app from the app's module through imports, and what those reach
      through imports or load by a name spelled in a string is the process's (a name read
      from the environment, ``import_module(os.environ.get("SETTINGS"))``, names what the
      deployment's files give the variable: scripts, Dockerfile, units, YAML, ``.env``
      examples, a WSGI entry's ``setdefault``; any module where they give none); a Python 2
      script a cron job runs, or a management command only its manage script imports, is not.
    - an app that makes its secret key (``SECRET_KEY``, ``app.secret_key``) or its
      server-side session folder (``SESSION_FILE_DIR``) anew in each process — random
      bytes, a token, a UUID, a password of the pwgen library, a fresh ``mkdtemp()`` — in its
      application code, outside
      ``if __name__ == "__main__":``: one gunicorn worker kept for good shares it with
      itself, but each of several workers, and each worker ``max_requests`` replaces, gets
      its own, and the sessions one made are lost in the others (logins, CSRF tokens). A
      finding names the place; give the value one source, the environment, first. Where the
      app's code and templates are not seen to sign anything with the key (no session, flash,
      CSRF, login or JWT extension, no read of the key), the finding says only that what one
      worker signs the others refuse. A value drawn in a command (``@cli.command()``) or in a
      function only commands call (a ``configure`` command writing a key to a file once) is
      the command's process's, not a worker's: not counted. Where the
      app also loads config from a file after it (``from_envvar("SHOP_SETTINGS")``, ``from_pyfile``),
      which may set the key, the finding says the value is made anew unless that file sets it,
      and names the loading and the start script that sets its variable. Where the random
      value is only a fallback — ``os.environ.get("SECRET_KEY", "") or os.urandom(32)``,
      ``os.getenv("SECRET_KEY", os.urandom(32))``, or ``if not SECRET_KEY:`` after a lookup —
      the finding says it is made anew only where that lookup gives none, and names it. Not so
      where every start of gunicorn seen preloads the app (``--preload`` on its command line
      or in a ``GUNICORN_CMD_ARGS`` that surely applies to it: its command's prefix, or one set
      on every run before it in its own scope — its Dockerfile stage or one that stage is built
      ``FROM`` by ``ENV``, its Procfile line or make recipe line, its compose service, its
      script — ``export``-ed, outside any ``if``, loop or function, not after ``&&``; or ``preload_app = True`` in the config file it
      reads: its ``-c``, else its ``GUNICORN_CMD_ARGS``'s, else ``./gunicorn.conf.py``; where
      another ``GUNICORN_CMD_ARGS`` — of another file, a ``.env`` say, or of its scope set on some
      runs only or after it — may replace the start's own, it must preload with each, and an absolute ``-c`` path
      counts only where the start's own Dockerfile copies a project file there): gunicorn then
      loads the app once and forks every worker from it, so what the app makes while it
      loads — at import, or in the function that creates the app — is one value for all
      of them; a value made later (in a view or a hook) is still made in each worker. Where starts disagree, the finding stays and names
      those that do not preload: the one file would be read by all of them. A key made at random
      only where its file is missing, written there, and read back from it otherwise
      (``if os.path.exists(path): ... else: ...``) is shared by every later process, but workers
      started together while the file is missing (a first start, a fresh container) may each
      make their own: nothing generated either, and the finding says so.
    - a project that another WSGI server serves, when no command of it starts gunicorn
      (gunicorn only listed among the requirements, say a frozen ``requirements.txt``, or
      installed by a Dockerfile): its own deployment files (scripts, units, INI, supervisor
      and ``.conf`` files, Procfiles, Dockerfiles, compose files, any file of a server or
      deployment configuration folder such as ``apache/site``, ``*.vhost``, templates of
      them; not ``docs/``, examples or tests) hold an Apache vhost's ``WSGIScriptAlias``, a
      ``[uwsgi]`` section, nginx's ``uwsgi_pass``, or a command that starts ``uwsgi``,
      ``waitress-serve`` or ``mod_wsgi-express``; or the project has a mod_wsgi script file
      (``shop.wsgi``), or application code that calls ``waitress.serve(app)``: no one would
      read the file. The finding names the server and the evidence.
    - a project that already has ``gunicorn.conf.py`` where gunicorn starts, or whose
      gunicorn command (any of them) passes its own config file (``-c``/``--config``, on its
      command line or in a ``GUNICORN_CMD_ARGS``, ``.env`` files' too);
      silently. Also when the command lines already set every option above whose value
      here is not gunicorn's own default (one thread, 30-second timeouts): the file would
      change nothing. A ``command=`` of an INI file (supervisor's programs) is read as
      configparser reads it, with the indented lines that continue it.
    - a project whose only starts of gunicorn are its Dockerfile's — its own, or a script's
      of the project that the image runs as its ``ENTRYPOINT``/``CMD`` after a plain ``COPY``
      brought it there — when that Dockerfile copies named files and folders of its folder
      into the image (``COPY server.py ./server.py``, ``COPY static ./static``, ``COPY .git
      .git``) and not the folder itself: a new file beside it would never be in the container
      gunicorn reads it in. A finding names what is copied. Where anything is in doubt — the
      folder or a glob copied, a source that is not there (another build context), another
      stage's files, a start outside the image, a compose service mounting the folder where
      gunicorn may start — the file is written. A service that mounts the folder is no doubt
      when it runs the image's own entrypoint and its ``environment:`` sets a variable to
      another value than the one the script's ``if`` starts gunicorn under (``MODE=dev``
      where gunicorn starts only ``if [ "$MODE" = "prod" ]``).
    - a project that starts gunicorn from an Upstart job (``debian/upstart``, ``web.upstart``)
      with no ``chdir`` stanza, or from a systemd unit (``deploy/shop.service``) with no
      ``WorkingDirectory=`` whose command changes no folder itself: Upstart and systemd run
      it in ``/`` (systemd a user's unit in that user's home), where gunicorn reads no file of
      the project. A finding names the job or unit; with ``chdir`` or ``WorkingDirectory=``, it
      is a start like any other.
    - a project whose declared gunicorn is older than 17.5 (``gunicorn==0.17.4``, ``<17.5``),
      a lock file's pin included: gunicorn reads ``./gunicorn.conf.py`` of its own accord only
      from 17.5 on, so nobody would read the file. A finding says so.
    - a project with a gunicorn config under another name (``gunicorn_config.py``,
      ``config/gunicorn.py`` ..., or the old ``gunicorn.conf`` when it holds gunicorn
      settings) that no command seen here loads: a finding.
    - when the project root is not found within six folders above the file, or the path of
      the start folder relative to it cannot be told from the file's path (run the tool
      from the project root): a finding.

    Options (the defaults written into the file): ``threads`` (1), ``timeout`` (30 s, as
    gunicorn), ``graceful_timeout`` (30 s), ``max_requests`` (1000), ``max_requests_jitter``
    (100), e.g. ``--set gunicorn-config.timeout=60``.
    """

    NAME = "gunicorn-config"
    SUMMARY = "Create a gunicorn.conf.py (workers, threads, timeouts, max_requests) for projects run by gunicorn."
    ORDER = 90
    OPTIONS = {
        "threads": Option(int, 1, "threads per worker written into gunicorn.conf.py (default 1)"),
        "timeout": Option(int, 30, "worker timeout in seconds (default 30, gunicorn's own)"),
        "graceful_timeout": Option(int, 30, "seconds workers get to finish on restart (default 30)"),
        "max_requests": Option(int, 1000, "requests after which a worker is replaced (default 1000)"),
        "max_requests_jitter": Option(
            int, 100, "up to this many extra requests, at random, so workers do not all restart at once (default 100)"
        ),
    }
    TRIGGERS = ("Flask", "app")  # applies_to; the engine asks applies_to_file

    def applies_to_file(self, source: str, path: str) -> bool:
        """A module named like an app module, or one whose text creates a Flask app or may
        bind an app at module level (an import, assignment or factory function naming one):
        what applies_to_tree then checks on the AST."""
        if app_module_path(path):
            return True
        return "Flask" in source or APP_NAME_TEXT.search(source) is not None

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """A module that creates a Flask app, or one a gunicorn command may name: named like
        an app module (``wsgi.py``), or binding an app at module level (``from app import
        app``, ``application = create_app()``; not ``items.append(x)``). A heuristic for the
        second kind: see _gunicorn_config_gate."""
        return may_be_loaded(tree, path)

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """The transform's own first checks, on the few files around this one: something
        says the project runs under gunicorn, no command names another module that exists,
        and a module no command names creates a Flask app."""
        return may_act_on_project(tree, ctx)

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        # cheap checks first: the project's files, then the module's syntax; metadata last
        project = GunicornProject.read(ctx)
        if project is None:
            return module
        named, variable = named_by_command(project, ctx)
        if named is False or (named is None and not may_create_flask_app(module)):
            return module
        wrapper = ctx.metadata(module, self.METADATA)
        index = FlaskIndex.build(wrapper)
        apps = classify_apps(wrapper, index, distinct_apps(index), ctx.path).served
        if named is None and not apps:
            return module
        node: cst.CSTNode | None = apps[0].statement if apps else None
        if named and variable:
            node = binding_statement(wrapper.module, variable) or node or top_level_definition(wrapper.module, variable)
        start = started_from_python(ctx) or _starts_here(wrapper.module, ctx)
        elsewhere = launches_elsewhere(ctx, project.read_paths)
        project.launches.extend(elsewhere)
        own_file = ctx.read_file("../" * project.launch_level + CONFIG_FILE) is not None
        one_worker = one_worker_only(ctx, module.code, project, own_file) if start is None else None
        if one_worker is not None:
            if not own_file and not any(launch.starts or "config" in launch.settings for launch in project.launches):
                one_worker = f"{not_started(ctx, project.evidence)}; besides, {one_worker}"  # the earliest reason first
            ctx.finding(node, one_worker)
            return module
        if start is not None and not start.surely:
            ctx.finding(
                node,
                f"the project may start gunicorn from Python ({start.where}: {start.how}; parts marked … are "
                f"made at run time), a command that cannot be read whole: its folder, options and whether it would "
                f"read {CONFIG_FILE} cannot be told; nothing generated",
            )
            return module
        if start is not None:
            ctx.finding(
                node,
                f"the project starts gunicorn from Python ({start.where}: {start.how}): the folder it starts in and "
                f"its options are settled there, and whether {CONFIG_FILE} would be read, before or after them, "
                "cannot be told; nothing generated",
            )
            return module
        write_config(ctx, module.code, project, node, elsewhere)
        return module


def _starts_here(module: cst.Module, ctx: Context) -> PythonStart | None:
    """This module's own start of gunicorn, when the project's files are unknown (else
    started_from_python read this module with the rest)."""
    if ctx.project_files() is not None:
        return None
    return first_start(ctx.path, module.code)
