"""gunicorn-config: the text of the ``gunicorn.conf.py`` it writes: each setting with a comment
and an environment variable that overrides it, and a comment in place of each setting a
command line already gives (which overrides the file)."""

from __future__ import annotations

# the settings written, in order; workers has no codemod option (its default is a formula)
SETTINGS = ("workers", "threads", "timeout", "graceful_timeout", "max_requests", "max_requests_jitter")
# what gunicorn does without a config file (workers, written as a formula, is never one of them)
GUNICORN_DEFAULTS = {"threads": 1, "timeout": 30, "graceful_timeout": 30, "max_requests": 0, "max_requests_jitter": 0}


_COMMENTS = {
    "workers": "# Worker processes: 2 per CPU core + 1, the gunicorn docs' rule of thumb (cpu_count() is the\n"
    "# host's, also in a container). WEB_CONCURRENCY (set by Heroku and others) still applies.",
    "threads": "# Threads per worker. Above 1, gunicorn switches to its threaded worker: raise it only for\n"
    "# a thread-safe app.",
    "timeout": "# A worker silent for this many seconds is killed and replaced.",
    "graceful_timeout": "# Seconds a worker gets to finish its requests on restart or shutdown.",
    "max_requests": "# Replace each worker after this many requests, plus a random 0..max_requests_jitter more so\n"
    "# that they do not all restart at once: the guard against slow memory leaks.",
    "max_requests_jitter": "",
}


# the worker classes that use ``threads`` (sync switches to gthread above 1)
THREADED_WORKERS = frozenset({"sync", "gthread", "gunicorn.workers.sync.SyncWorker", "gunicorn.workers.gthread.ThreadWorker"})


def render_config(options: dict, given: dict[str, str], unthreaded: str | None = None) -> str:
    """The text of gunicorn.conf.py; ``given`` maps settings set on a command line to where;
    ``unthreaded``: where a command line picks a worker class that does not use ``threads``
    (``-k gevent``): then no ``threads`` is written."""
    lines = [
        '"""Gunicorn settings (created by flask-codemod gunicorn-config: review them).',
        "",
        "Gunicorn reads this file from the folder it is started in. Each value can be overridden",
        "through the environment variable named next to it; options given on the gunicorn command",
        "line (or in GUNICORN_CMD_ARGS) override this file.",
        '"""',
        "",
        "import multiprocessing" if "workers" not in given else None,
        "import os",
        "",
    ]
    for setting in SETTINGS:
        variable = "GUNICORN_" + setting.upper()
        if setting in given:
            where = given[setting]
            lines += [f"# {setting} is set on the gunicorn command line ({where}), which overrides this file.", ""]
            continue
        if setting == "threads" and unthreaded is not None:
            lines += [f"# threads: not set: the gunicorn command line picks a worker class without threads ({unthreaded}).", ""]
            continue
        lines.extend(_COMMENTS[setting].splitlines())
        if setting == "workers":
            lines += [
                "workers = int(",
                f'    os.environ.get("{variable}")',
                '    or os.environ.get("WEB_CONCURRENCY")',
                "    or multiprocessing.cpu_count() * 2 + 1",
                ")",
            ]
        else:
            lines.append(f'{setting} = int(os.environ.get("{variable}") or {int(options[setting])})')
        if setting != "max_requests":
            lines.append("")
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(line for line in lines if line is not None) + "\n"
