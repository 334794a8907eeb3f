"""What open-with knows about openers, their handles and the code that uses them.

The openers themselves (``OPENERS``, ``OpenerSpec``) are shared knowledge: they live in
``_resource_factories`` and are re-exported here.

Everything is keyed by qualified name (``json.load``, ``csv.reader``), so it only matches
what LibCST's QualifiedNameProvider resolved; a spelling alone never matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ._resource_factories import OPENERS, OpenerSpec  # noqa: F401 (re-exported for open-with)

# ``pathlib.Path(p).open(mode)``: the opener is the ``.open`` of a freshly made path.
PATH_CLASSES = frozenset({"pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath"})
PATH_OPEN = OpenerSpec("file", 0, "mode", "r")

# The last name of every opener's spelling: a cheap test before asking for qualified names.
OPENER_CALL_NAMES = frozenset({name.rsplit(".", 1)[-1] for name in OPENERS} | {"open"})

# Star imports of these modules bring their own ``open`` into the namespace.
STAR_IMPORTS_WITH_OPEN = frozenset(
    {"os", "posix", "nt", "gzip", "bz2", "lzma", "tarfile", "codecs", "webbrowser", "shelve", "dbm", "wave", "aifc", "sunau"}
)

# Preferred handle names by family (then readable variants); ``f`` first for plain files.
PREFERRED_NAMES: Mapping[str, tuple[str, ...]] = {
    "read": ("f", "fh", "src", "infile", "handle"),
    "write": ("f", "out", "dst", "fh", "outfile", "handle"),
    "zip": ("zf", "archive", "zip_file"),
    "tar": ("tar", "tf", "archive"),
    "url": ("response", "resp", "reply"),
}

# Methods whose result does not depend on the handle staying open.
_FILE_METHODS = frozenset(
    {
        "read", "read1", "readinto", "readinto1", "readline", "readlines", "write", "writelines",
        "seek", "tell", "flush", "truncate", "readable", "writable", "seekable", "isatty", "peek",
        "close",
    }
)
SAFE_METHODS: Mapping[str, frozenset[str]] = {
    "file": _FILE_METHODS,
    "url": frozenset(
        {"read", "read1", "readinto", "readline", "readlines", "getcode", "geturl", "info", "getheader", "getheaders", "close"}
    ),
    "zip": frozenset(
        {"read", "namelist", "infolist", "getinfo", "extractall", "extract", "testzip", "printdir", "setpassword", "write", "writestr", "mkdir", "close"}
    ),
    "tar": frozenset(
        {"getnames", "getmembers", "getmember", "extractall", "extract", "add", "addfile", "list", "next", "close"}
    ),
}
# Plain attributes that are safe to read (their value does not keep the handle alive).
SAFE_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "file": frozenset({"name", "mode", "closed", "encoding", "errors", "newlines", "line_buffering"}),
    "url": frozenset({"status", "code", "url", "headers", "reason", "msg", "closed"}),
    "zip": frozenset({"filename", "comment", "mode", "debug"}),
    "tar": frozenset({"name", "mode"}),
}


@dataclass(frozen=True)
class HandleParameter:
    """Where a function takes the handle: a positional index and/or a keyword."""

    position: int | None
    keyword: str | None


def _p(position: int | None, keyword: str | None = None) -> tuple[HandleParameter, ...]:
    return (HandleParameter(position, keyword),)


# Functions that read or write the whole handle before they return, and keep no reference.
EAGER_CONSUMERS: Mapping[str, tuple[HandleParameter, ...]] = {
    "json.load": _p(0, "fp"),
    "json.dump": _p(1, "fp"),
    "simplejson.load": _p(0, "fp"),  # the json module's origin, the same functions
    "simplejson.dump": _p(1, "fp"),
    "pickle.load": _p(0, "file"),
    "pickle.dump": _p(1, "file"),
    "marshal.load": _p(0),
    "marshal.dump": _p(1),
    "tomllib.load": _p(0, "fp"),
    "tomli.load": _p(0, "fp"),
    "plistlib.load": _p(0, "fp"),
    "plistlib.dump": _p(1, "fp"),
    # PyYAML, and oyaml, its drop-in for ordered mappings: its module registers representers on
    # PyYAML and then does ``from yaml import *``, so its functions are PyYAML's own
    **{
        f"{module}.{function}": parameters
        for module in ("yaml", "oyaml")
        for function, parameters in (
            ("safe_load", _p(0, "stream")), ("load", _p(0, "stream")), ("full_load", _p(0, "stream")),
            ("safe_dump", _p(1, "stream")), ("dump", _p(1, "stream")),
        )
    },
    "shutil.copyfileobj": (HandleParameter(0, "fsrc"), HandleParameter(1, "fdst")),
    # the XML parsers read the whole source into a tree (``iterparse`` reads as it is iterated: not here)
    "xml.etree.ElementTree.parse": _p(0, "source"),
    "xml.etree.cElementTree.parse": _p(0, "source"),
    "lxml.etree.parse": _p(0, "source"),
    "defusedxml.ElementTree.parse": _p(0, "source"),
    "defusedxml.cElementTree.parse": _p(0, "source"),
    "defusedxml.lxml.parse": _p(0, "source"),
    "defusedxml.lxml._etree.parse": _p(0, "source"),  # lxml.etree, as defusedxml.lxml imports it
    "hashlib.file_digest": _p(0, "fileobj"),
    "email.message_from_file": _p(0, "fp"),
    "base64.encode": (HandleParameter(0, "input"), HandleParameter(1, "output")),
    "base64.decode": (HandleParameter(0, "input"), HandleParameter(1, "output")),
    "builtins.next": _p(0),
    "builtins.print": _p(None, "file"),
}

# Methods that read or write the whole handle before they return, by the classes whose objects
# have them (an object made by a call of the class: ``config = ConfigParser()``); Python 2's
# ``ConfigParser`` module had the same ``readfp``.
_CONFIG_PARSER_READS: Mapping[str, tuple[HandleParameter, ...]] = {"read_file": _p(0, "f"), "readfp": _p(0, "fp")}
EAGER_METHODS: Mapping[str, Mapping[str, tuple[HandleParameter, ...]]] = {
    f"{module}.{cls}": _CONFIG_PARSER_READS
    for module in ("configparser", "ConfigParser")
    for cls in ("ConfigParser", "RawConfigParser", "SafeConfigParser")
}

# Builtins that consume a whole iterable before they return (the handle is iterated).
EAGER_ITERATION = frozenset(
    {
        "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.sorted",
        "builtins.sum", "builtins.min", "builtins.max", "builtins.any", "builtins.all", "builtins.dict",
    }
)
# Lazy wrappers: the handle is consumed when the wrapper is (a for loop, an eager builtin).
LAZY_WRAPPERS: Mapping[str, int | None] = {  # qualified name -> first argument that may be the handle
    "builtins.enumerate": 0,
    "builtins.zip": 0,
    "builtins.iter": 0,
    "builtins.map": 1,
    "builtins.filter": 1,
    "itertools.islice": 0,
    "itertools.chain": 0,
}

# Objects built on the handle that read or write it later (must stay inside the with-block).
DERIVED_MAKERS: Mapping[str, tuple[HandleParameter, ...]] = {
    "csv.reader": _p(0, "csvfile"),
    "csv.writer": _p(0, "csvfile"),
    "csv.DictReader": _p(0, "f"),
    "csv.DictWriter": _p(0, "f"),
}
DERIVED_METHODS = frozenset({"writerow", "writerows", "writeheader"})
DERIVED_ATTRIBUTES = frozenset({"fieldnames", "line_num", "dialect"})

# Calls that take over the handle to stream it later.
KEEPERS = frozenset(
    {
        "flask.send_file", "flask.helpers.send_file", "flask.Response", "flask.wrappers.Response",
        "flask.make_response", "flask.helpers.make_response", "flask.stream_with_context",
        "werkzeug.wrappers.Response", "werkzeug.wrappers.response.Response", "werkzeug.wsgi.wrap_file",
        "werkzeug.wsgi.FileWrapper", "werkzeug.utils.send_file",
    }
)
# Calls that already take care of closing the handle.
CLOSERS = frozenset({"contextlib.closing"})
CLOSER_METHODS = frozenset({"enter_context", "push"})  # ExitStack
# Methods that usually store their argument in a container.
CONTAINER_METHODS = frozenset(
    {"append", "appendleft", "add", "extend", "insert", "setdefault", "update", "put", "put_nowait", "register"}
)


def handle_parameter_matches(params: tuple[HandleParameter, ...], index: int | None, keyword: str | None) -> bool:
    """True when the argument at positional ``index`` (or named ``keyword``) is a handle parameter."""
    for param in params:
        if keyword is not None:
            if param.keyword == keyword:
                return True
        elif index is not None and param.position == index:
            return True
    return False
