"""One file in, one FileResult out. Never raises.

``transform_text`` is the pure core (text in, text out, no IO); ``process_file`` wraps it with
reading and decoding; ``run`` maps ``process_file`` over many files, in a process pool when
asked. Writing is not done here: see ``write_result``, called by the command line in the
main process.
"""

from __future__ import annotations

import ast
import os
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from . import io as source_io

Options = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class FileResult:
    """What happened to one file. Small and picklable: no trees, no codemod objects."""

    path: str
    old_text: str | None = None
    new_text: str | None = None
    findings: tuple = ()  # tuple[Finding, ...]
    project_edits: tuple = ()  # tuple[ProjectEdit, ...]
    rewrites: tuple[tuple[str, int], ...] = ()
    error: str | None = None
    encoding: str = "utf-8"
    bom: bool = False
    digest: str = ""
    parsed: bool = False

    @property
    def changed(self) -> bool:
        return self.error is None and self.new_text is not None and self.new_text != self.old_text

    def error_line(self) -> str:
        return f"{self.path}: {self.error}"


@dataclass
class TextResult:
    """The outcome of the pure core on one text."""

    new_text: str
    findings: list = field(default_factory=list)
    project_edits: list = field(default_factory=list)
    rewrites: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    parsed: bool = False


def _instantiate(codemods: Sequence[Any]) -> list[Any]:
    return [c() if isinstance(c, type) else c for c in codemods]


def transform_text(
    text: str,
    codemods: Sequence[Any],
    *,
    path: str = "<string>",
    options: Options | None = None,
    read_file: Callable[[str], str | None] | None = None,
) -> TextResult:
    """Apply ``codemods`` (classes or instances, in the given order) to ``text``.

    Prefilter, parse once, transform in order, render once, then the safety net: the output
    must parse again and compile, else the change is dropped and reported as an error.
    Never raises (but lets KeyboardInterrupt through).
    """
    import libcst as cst

    from .codemods import Context

    instances = [c for c in _instantiate(codemods) if c.applies_to(text)]
    if not instances:
        return TextResult(text)
    problem = python_rejects(text, path)
    if problem is not None:
        return TextResult(text, error=problem)
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        return TextResult(text, error=f"cannot parse: {_one_line(str(error))}")
    except RecursionError:
        return TextResult(text, error="cannot parse: nesting too deep")
    except Exception as error:  # LibCST's native parser may raise other errors
        return TextResult(text, error=f"cannot parse: {_one_line(str(error)) or type(error).__name__}")
    ctx = Context(path, options, read_file)
    ctx.trust_unique_nodes(module)
    for codemod in instances:
        ctx.codemod = codemod
        try:
            module = codemod.transform(module, ctx)
        except RecursionError:
            return TextResult(text, error=f"{codemod.NAME}: nesting too deep to transform; file left unchanged", parsed=True)
        except Exception as error:
            where = _innermost_frame(error)
            return TextResult(
                text,
                error=f"internal error in {codemod.NAME}: {type(error).__name__}: {_one_line(str(error))}{where}; file left unchanged",
                parsed=True,
            )
    try:
        new_text = module.code
    except RecursionError:
        return TextResult(text, error="nesting too deep to render; file left unchanged", parsed=True)
    result = TextResult(new_text, ctx.findings, ctx.project_edits, ctx.rewrites, parsed=True)
    if new_text != text:
        problem = safety_net(text, new_text, path)
        if problem is not None:
            return TextResult(text, error=problem, parsed=True)
    return result


def safety_net(old_text: str, new_text: str, path: str) -> str | None:
    """None when ``new_text`` parses and compiles; otherwise the reason to drop the change."""
    import libcst as cst

    try:
        cst.parse_module(new_text)
    except Exception as error:
        return f"internal error: the rewritten code does not parse ({_one_line(str(error))}); change dropped"
    try:
        compile(new_text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        try:
            compile(old_text, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as old_error:
            return f"the file does not compile ({_one_line(str(old_error))}); left unchanged"
        return f"internal error: the rewritten code does not compile ({_one_line(str(error))}); change dropped"
    except RecursionError:
        return "nesting too deep to compile; left unchanged"
    return None


def python_rejects(text: str, path: str) -> str | None:
    """Why CPython will not compile ``text`` (``line:col: syntax error: …``), or None.

    This gate runs before LibCST: it costs a fraction of a LibCST parse, gives the user
    CPython's own error message, and keeps pathological input (thousands of nested brackets,
    endless operator chains) away from LibCST's native parser, which can overflow the C stack
    on input CPython refuses.
    """
    try:
        compile(text, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:
        column = f":{error.offset}" if error.offset else ""
        return f"{error.lineno}{column}: syntax error: {error.msg}"
    except ValueError as error:
        return f"cannot parse: {_one_line(str(error))}"
    except (RecursionError, MemoryError):
        return "cannot parse: nesting too deep"
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _innermost_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {os.path.basename(last.filename)}:{last.lineno})"


def process_file(path: str, codemods: Sequence[Any], options: Options | None = None) -> FileResult:
    """Read, decode and transform one file. Never raises (KeyboardInterrupt aside)."""
    try:
        source = source_io.read_source(path)
    except source_io.SourceError as error:
        return FileResult(path, error=str(error))
    except Exception as error:  # pragma: no cover - defensive
        return FileResult(path, error=f"cannot read: {type(error).__name__}: {error}")
    try:
        outcome = transform_text(
            source.text, codemods, path=path, options=options, read_file=sibling_reader(path)
        )
    except Exception as error:  # pragma: no cover - transform_text already catches
        return FileResult(path, old_text=source.text, error=f"internal error: {error}")
    return FileResult(
        path,
        old_text=source.text,
        new_text=outcome.new_text,
        findings=tuple(outcome.findings),
        project_edits=tuple(outcome.project_edits),
        rewrites=tuple(sorted(outcome.rewrites.items())),
        error=outcome.error,
        encoding=source.encoding,
        bom=source.bom,
        digest=source.digest,
        parsed=outcome.parsed,
    )


def sibling_reader(path: str) -> Callable[[str], str | None]:
    """Reads other files relative to ``path``'s folder, for ctx.read_file."""
    folder = os.path.dirname(os.path.abspath(path))

    def read(relative: str) -> str | None:
        data = source_io.read_bytes_or_none(os.path.join(folder, relative))
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    return read


# -- many files ------------------------------------------------------------------------------

_worker_codemods: list[Any] = []
_worker_options: Options = {}


def _init_worker(codemod_names: Sequence[str], options: Options) -> None:
    from .codemods import get_codemod

    global _worker_codemods, _worker_options
    _worker_codemods = [get_codemod(name)() for name in codemod_names]
    _worker_options = options


def _process_in_worker(path: str) -> FileResult:
    return process_file(path, _worker_codemods, _worker_options)


def run(
    paths: Sequence[str],
    codemod_names: Sequence[str],
    options: Options | None = None,
    *,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Yield one FileResult per path, in the order of ``paths``."""
    options = {k: dict(v) for k, v in (options or {}).items()}
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        _init_worker(codemod_names, options)
        for path in paths:
            yield _process_in_worker(path)
        return
    chunksize = max(1, min(32, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(list(codemod_names), options)
    ) as pool:
        try:
            yield from pool.map(_process_in_worker, paths, chunksize=chunksize)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# -- writing ---------------------------------------------------------------------------------


def write_result(result: FileResult) -> str | None:
    """Write a changed file back atomically. Returns an error message, or None when written.

    The file is skipped when its bytes changed on disk since it was read.
    """
    assert result.new_text is not None
    current = source_io.read_bytes_or_none(result.path)
    if current is None:
        return "file disappeared before it could be written; skipped"
    if source_io.digest(current) != result.digest:
        return "file changed on disk since it was read; skipped"
    source = source_io.Source(result.old_text or "", result.encoding, result.bom, result.digest)
    try:
        data = source.encode(result.new_text)
        source_io.atomic_write(result.path, data)
    except source_io.SourceError as error:
        return str(error)
    except OSError as error:
        return f"cannot write: {error.strerror or error}; original left intact"
    return None
