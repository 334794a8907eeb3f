"""How a project starts gunicorn, read from its Procfile, Dockerfile, compose files and shell
scripts (for the ``gunicorn-config`` codemod).

Pure text analysis: the codemod reads the files through ``ctx.read_file`` and hands their
text here. A *launch* is one gunicorn command line (``web: gunicorn -w 4 app:app``): a start
of gunicorn; or the options of a ``GUNICORN_CMD_ARGS`` variable, which start nothing but
still set options. A *mention* is any other use of the word ``gunicorn`` (``RUN pip install
gunicorn``): gunicorn is installed, and nothing shows where or how it starts.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from ._command_lines import NOT_A_LAUNCH, SEPARATORS, command_words, logical_lines, split_words
from ._gunicorn_config_scopes import BlockDepth, is_dockerfile, runs_in_order, scopes, surely_set

# Files that start the server, relative to a folder (the codemod looks in the project root
# and in the folders between it and the transformed file).
COMMAND_FILES = (
    "Procfile",
    "Dockerfile",
    "docker/Dockerfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    "compose.yml",
    "compose.yaml",
    "app.yaml",
    "start.sh",
    "run.sh",
    "boot.sh",
    "entrypoint.sh",
    "docker-entrypoint.sh",
    "bin/start",
    "bin/web",
    "scripts/start.sh",
    "scripts/run.sh",
    "scripts/entrypoint.sh",
    "Makefile",
)
# Gunicorn config files under other names: if one exists, it is probably passed with -c by
# something the codemod cannot see.
OTHER_CONFIG_FILES = (
    "gunicorn_config.py",
    "gunicorn_conf.py",
    "gunicorn_cfg.py",
    "gunicorn.py",
    "config/gunicorn.py",
    "config/gunicorn.conf.py",
    "conf/gunicorn.conf.py",
)

# command-line flags of the settings that matter here -> setting name
SETTING_FLAGS = {
    "-w": "workers",
    "--workers": "workers",
    "-k": "worker_class",
    "--worker-class": "worker_class",
    "--threads": "threads",
    "-t": "timeout",
    "--timeout": "timeout",
    "--graceful-timeout": "graceful_timeout",
    "--max-requests": "max_requests",
    "--max-requests-jitter": "max_requests_jitter",
    "-c": "config",
    "--config": "config",
    "--chdir": "chdir",
    "--pythonpath": "pythonpath",
    "--paste": "paste",
    "--paster": "paste",
}
# The name gunicorn's docs gave such a file before gunicorn read one of its own accord
# (``-c gunicorn.conf``). Upstart jobs and supervisor programs go by it too, so it counts only
# when it reads as gunicorn settings: Python that assigns one at module level.
OLD_CONFIG_NAME = "gunicorn.conf"
_SETTING_NAMES = frozenset(
    {
        *(name for name in SETTING_FLAGS.values() if name != "config"),
        "bind", "worker_class", "worker_connections", "keepalive", "loglevel", "accesslog",
        "errorlog", "daemon", "pidfile", "preload_app", "reload", "user", "group", "umask",
        "proc_name", "raw_env", "capture_output", "backlog", "forwarded_allow_ips",
        "secure_scheme_headers", "worker_tmp_dir", "debug",
    }
)


def reads_as_settings(text: str) -> bool:
    """Whether ``text`` is Python that sets a gunicorn setting at module level."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return any(
        isinstance(target, ast.Name) and target.id in _SETTING_NAMES
        for statement in tree.body
        if isinstance(statement, (ast.Assign, ast.AnnAssign))
        for target in (statement.targets if isinstance(statement, ast.Assign) else [statement.target])
    )


# gunicorn's long flags that take no value (all others do)
BOOLEAN_FLAGS = frozenset(
    {
        "--reload",
        "--spew",
        "--check-config",
        "--print-config",
        "--preload",
        "--no-sendfile",
        "--reuse-port",
        "--daemon",
        "--initgroups",
        "--disable-redirect-access-to-syslog",
        "--capture-output",
        "--log-syslog",
        "--enable-stdio-inheritance",
        "--enable-backlog-metric",
        "--suppress-ragged-eofs",
        "--do-handshake-on-connect",
        "--permit-obsolete-folding",
        "--strip-header-spaces",
        "--permit-unconventional-http-method",
        "--permit-unconventional-http-version",
        "--casefold-http-method",
        "--no-control-socket",
        "--help",
        "--version",
    }
)
# gunicorn's short flags that take a value (-D, -R, -h, -v take none)
SHORT_WITH_VALUE = frozenset("bcegkmnptuw")
_WORD = re.compile(r"(?<![\w.-])gunicorn(?![\w-])")
# a key whose value lists packages (setup.cfg's ``install_requires =``, tox's ``deps =``,
# pyproject's ``dependencies = [...]``): the words in it are no command
PACKAGE_LIST = re.compile(
    r"(?i)^[\"']?(?:install_requires|setup_requires|tests_require|requires|dependencies|deps)[\"']?\s*[=:]"
)
# GUNICORN_CMD_ARGS being given a value (ENV X="..", ENV X "..", export X=.., X: ..), not read
CMD_ARGS_NOTE = " (GUNICORN_CMD_ARGS)"
_ASSIGNED = "GUNICORN_CMD_ARGS="
# words that make the commands after them on their line run on some runs only
_CONDITIONAL_WORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "for", "case"})
_CMD_ARGS = re.compile(r"(?<![$\w{])GUNICORN_CMD_ARGS(?:\s*[=:]\s*|\s+(?=[\"']))(.*)$")


@dataclass
class Launch:
    """One way gunicorn is started, and the settings it gives on its command line."""

    source: str  # the file it was found in
    settings: dict[str, str] = field(default_factory=dict)  # setting -> value as written
    written: dict[str, str] = field(default_factory=dict)  # setting -> the flag as written ("-w 4")
    app: str | None = None  # "module:variable" when given
    starts: bool = True  # a command line that starts gunicorn (False: GUNICORN_CMD_ARGS, options only)
    # --preload given (on the command line; in GUNICORN_CMD_ARGS, for its launch): gunicorn
    # imports the app once and forks the workers
    preload: bool = False
    # a start's own environment: the GUNICORN_CMD_ARGS of its scope that surely apply to it
    # (the last wins), or the one its command line is prefixed with
    environment: list["Launch"] = field(default_factory=list)
    # a start's: the other GUNICORN_CMD_ARGS of its scope, which may or may not apply to it
    may_run_with: list["Launch"] = field(default_factory=list)
    # a GUNICORN_CMD_ARGS's: set on every run of its scope (not in an ``if``, after ``&&`` ...)
    surely: bool = True
    # the folder a start surely runs in, when its file says so and it is none of the project's
    # (an Upstart job without ``chdir``, a systemd unit without ``WorkingDirectory=``: "/");
    # None: the project's, or not known
    folder: str | None = None

    @property
    def file(self) -> str:
        """The file the launch was found in (``source`` without the GUNICORN_CMD_ARGS note)."""
        return self.source.removesuffix(CMD_ARGS_NOTE)


def read_launches(text: str, source: str) -> tuple[bool, list[Launch]]:
    """(whether ``text`` mentions gunicorn at all, the gunicorn launches in it). Each start
    keeps as its ``environment`` the ``GUNICORN_CMD_ARGS`` of its own scope (its Dockerfile
    stage, Procfile line, compose service: ``_gunicorn_config_scopes``) that surely apply to
    it — set on every run, before it (anywhere in a compose service) — or the one its own command line is prefixed with
    (``GUNICORN_CMD_ARGS=.. gunicorn app:app``); the others of its scope, set on some runs
    only or after it, it ``may_run_with``. Starts in other files may run without them."""
    mentioned = False
    launches: list[Launch] = []
    for scope in scopes(text, source):
        said, found = _read_scope(scope, source)
        mentioned = mentioned or said
        settings = [launch for launch in found if not launch.starts]
        for position, launch in enumerate(found):
            if launch.starts and not launch.environment:
                before = found[:position] if runs_in_order(source) else found
                launch.environment = [env for env in before if not env.starts and env.surely]
                launch.may_run_with = [env for env in settings if env not in launch.environment]
        launches.extend(found)
    return mentioned, launches


def _read_scope(text: str, source: str) -> tuple[bool, list[Launch]]:
    mentioned = False
    launches: list[Launch] = []
    blocks = BlockDepth()
    for stripped, command in logical_lines(text, source):
        depth = blocks.advance(command)
        found: list[Launch] = []
        if _WORD.search(command):
            mentioned = True
            if PACKAGE_LIST.match(stripped) is None:
                _scan_tokens(command_words(command), source, found, _Line())
        if not any(launch.starts for launch in found):
            environment = _CMD_ARGS.search(stripped)
            if environment is not None:  # the line sets GUNICORN_CMD_ARGS and starts nothing
                mentioned = True
                launch = _environment_launch(_env_value(environment.group(1)), source)
                launch.surely = surely_set(stripped, environment.start(), depth, source)
                launches.append(launch)
            continue
        # a GUNICORN_CMD_ARGS exported on a command line that starts gunicorn: in a Dockerfile,
        # that of its RUN or CMD only
        surely = depth == 0 and not is_dockerfile(source)
        for launch in found:
            launch.surely = launch.surely and surely
        launches += found
    return mentioned, launches


def _environment_launch(value: str, source: str) -> Launch:
    launch = _parse_arguments(split_words(value), source + CMD_ARGS_NOTE)
    launch.app = None  # GUNICORN_CMD_ARGS names no app
    launch.starts = False  # and starts nothing: it sets options for a start elsewhere
    return launch


def _env_value(rest: str) -> str:
    rest = rest.strip()
    if rest[:1] in ("'", '"'):
        words = split_words(rest)
        return words[0] if words else ""
    return rest


@dataclass
class _Line:
    """What the words of a command line before the one read say."""

    conditional: bool = False  # what follows runs on some runs only (after ``&&``, ``if``)
    exported: list[Launch] = field(default_factory=list)  # GUNICORN_CMD_ARGS exported unconditionally


def _scan_tokens(tokens: list[str], source: str, launches: list[Launch], line: _Line) -> None:
    segment: list[str] = []
    for token in tokens + [";"]:
        bare = token.rstrip(";")
        if token in SEPARATORS or bare != token:
            if bare and token not in SEPARATORS:
                segment.append(bare)
            _scan_segment(segment, source, launches, line)
            segment = []
            line.conditional = line.conditional or token in ("&&", "||")
        else:
            segment.append(token)


def _scan_segment(segment: list[str], source: str, launches: list[Launch], line: _Line) -> None:
    if segment and segment[0] in _CONDITIONAL_WORDS:
        line.conditional = True
    for position, token in enumerate(segment):
        if token.startswith(_ASSIGNED):
            continue
        if " " in token.strip() and _WORD.search(token):  # sh -c "gunicorn ..."
            _scan_tokens(split_words(token), source, launches, line)
            return
        if token.rsplit("/", 1)[-1] != "gunicorn":
            continue
        if any(word in NOT_A_LAUNCH for word in segment[:position]):
            return
        arguments = segment[position + 1 :]
        if not arguments or arguments[0].startswith("="):
            # a package, not a command: named alone (``- gunicorn`` in a YAML list; gunicorn
            # started with no argument at all finds no app) or a key given a value (TOML's
            # ``gunicorn = "^22"``)
            return
        launch = _parse_arguments(arguments, source)
        # its environment: that its command is prefixed with, else that exported before it
        prefixed = [word for word in segment[:position] if word.startswith(_ASSIGNED)]
        if prefixed:
            launch.environment = [_environment_launch(prefixed[-1][len(_ASSIGNED) :], source)]
        elif line.exported:
            launch.environment = [line.exported[-1]]
        launches.append(launch)
        return
    assigned = [word for word in segment if word.startswith(_ASSIGNED)]
    if assigned:  # export GUNICORN_CMD_ARGS=..: set for the commands after it
        environment = _environment_launch(assigned[-1][len(_ASSIGNED) :], source)
        environment.surely = not line.conditional and "export" in segment
        launches.append(environment)
        if environment.surely:
            line.exported.append(environment)


def _parse_arguments(args: list[str], source: str) -> Launch:
    launch = Launch(source)
    positional: list[str] = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "--":
            positional.extend(args[i:])
            break
        if token.startswith("--"):
            flag, equals, value = token.partition("=")
            if equals:
                shown = token
            elif flag in BOOLEAN_FLAGS:
                launch.preload = launch.preload or flag == "--preload"
                continue
            else:
                value = args[i] if i < len(args) else ""
                i += 1
                shown = f"{flag} {value}"
        elif token.startswith("-") and len(token) > 1:
            flag, value = token[:2], token[2:]
            if flag[1] not in SHORT_WITH_VALUE:
                continue
            if value:
                shown = token
            else:
                value = args[i] if i < len(args) else ""
                i += 1
                shown = f"{flag} {value}"
        else:
            positional.append(token)
            continue
        setting = SETTING_FLAGS.get(flag)
        if setting is not None:
            launch.settings.setdefault(setting, value)
            launch.written.setdefault(setting, shown)
    # the app is the first positional word; $VARIABLES may expand to options or to the app,
    # redirections are the shell's
    named = [word for word in positional if not word.startswith(("$", ">", "<", "2>", "1>"))]
    if named:
        launch.app = named[0]
    return launch
