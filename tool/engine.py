"""One file in, one FileResult out. Never raises.

``transform_text`` is the pure core (text in, text out, no IO); ``process_file`` wraps it with
reading and decoding; ``run`` maps ``process_file`` over many files, in a process pool when
asked. Writing is not done here: see ``write_result``, called by the command line in the
main process.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import signal
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping, Sequence

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
        """``path: reason`` on exactly one line, whatever characters the path holds."""
        return one_line_error(self.path, self.error or "")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line_error(path: str, reason: str) -> str:
    """``path: reason`` as one printable line (control characters shown escaped); a reason
    that starts with a position gives ``path:LINE:COL: reason``, as compilers write it."""
    line = f"{path}:{reason}" if re.match(r"\d+(:\d+)?: ", reason) else f"{path}: {reason}"
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


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
    A text no codemod changes comes back as the very same string. Never raises (but lets
    KeyboardInterrupt through).
    """
    try:
        return _transform_text(text, codemods, path, options, read_file)
    except RecursionError:
        return TextResult(text, error="nesting too deep to process; file left unchanged")
    except Exception as error:  # a bug in the engine itself: still one file, one error
        return TextResult(text, error=f"internal error: {_describe(error)}; file left unchanged")


def _transform_text(
    text: str,
    codemods: Sequence[Any],
    path: str,
    options: Options | None,
    read_file: Callable[[str], str | None] | None,
) -> TextResult:
    import libcst as cst

    from .codemods import Context
    from .codemods._reading import reading

    instances = []
    for codemod in _instantiate(codemods):
        try:
            wanted = codemod.applies_to_file(text, path) if hasattr(codemod, "applies_to_file") else codemod.applies_to(text)
        except Exception as error:
            name = getattr(codemod, "NAME", type(codemod).__name__)
            return TextResult(text, error=f"internal error in {name}.applies_to: {_describe(error)}; file left unchanged")
        if wanted:
            instances.append(codemod)
    if not instances:
        return TextResult(text)
    tree, problem = python_tree(text, path)
    if problem is not None:
        return TextResult(text, error=problem)
    instances = [codemod for codemod in instances if _wants_tree(codemod, tree, path)]
    if not instances:
        return TextResult(text)
    try:
        original = cst.parse_module(text)
    except cst.ParserSyntaxError as error:  # CPython accepted it: a limit of LibCST's parser
        where = f"{error.editor_line}:{error.editor_column}: " if error.editor_line else ""
        return TextResult(text, error=f"{where}cannot parse (LibCST): {_one_line(error.message)}")
    except RecursionError:
        return TextResult(text, error="cannot parse: nesting too deep")
    except Exception as error:  # LibCST's native parser may raise other errors
        return TextResult(text, error=f"cannot parse: {_one_line(str(error)) or type(error).__name__}")
    module = original
    ctx = Context(path, options, read_file)
    ctx.trust_unique_nodes(module)
    with reading():  # read-only LibCST traversals without rebuilding (codemods/_reading.py)
        for codemod in instances:
            ctx.codemod = codemod
            try:
                module = codemod.transform(module, ctx)
            except RecursionError:
                return TextResult(text, error=f"{codemod.NAME}: nesting too deep to transform; file left unchanged", parsed=True)
            except Exception as error:
                return TextResult(
                    text,
                    error=f"internal error in {codemod.NAME}: {_describe(error)}{_innermost_frame(error)}; file left unchanged",
                    parsed=True,
                )
            if not isinstance(module, cst.Module):
                return TextResult(
                    text,
                    error=f"internal error in {codemod.NAME}: transform returned {type(module).__name__}, not a module; file left unchanged",
                    parsed=True,
                )
    if module is original:  # nothing was rewritten: the text itself, not a re-rendering
        return TextResult(text, ctx.findings, ctx.project_edits, ctx.rewrites, parsed=True)
    try:
        new_text = _render(text, original, module)
        if new_text is None:
            return TextResult(
                text,
                error="LibCST cannot reproduce this file byte for byte; file left unchanged",
                parsed=True,
            )
    except RecursionError:
        return TextResult(text, error="nesting too deep to render; file left unchanged", parsed=True)
    result = TextResult(new_text, ctx.findings, ctx.project_edits, ctx.rewrites, parsed=True)
    if new_text != text:
        problem = safety_net(text, new_text, path)
        if problem is not None:
            return TextResult(text, error=problem, parsed=True)
    return result


def _render(text: str, original: Any, module: Any) -> str | None:
    """The text of ``module`` (``original``, the tree parsed from ``text``, transformed),
    with every byte LibCST does not reproduce put back; None when that cannot be done.

    LibCST's trees are meant to render back to their source exactly, but a few shapes lose
    bytes: a form feed before a statement, a lone carriage return ending the file, blank
    lines (and even comment lines) before a whitespace-only or oddly indented line at the end
    of the file. What it lost is put back next to the same lines, which the codemods left
    alone; when that cannot be done, the file is not rewritten (None).
    """
    base = original.code
    frame = _frame(text, base)
    if frame is not None:
        return frame[0] + module.code + frame[1]
    return _merge_lost_whitespace(text, base, module.code)


def _refine(base_lines: list[str], text_lines: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple]:
    """Split one difference between LibCST's lines and the text's into lines it dropped
    (whitespace or comment only: inserted before a base line) and lines it rendered with
    other whitespace; the difference itself when it is not made of those."""
    pieces: list[tuple] = []
    i, j, pending = i1, j1, j1
    while j < j2:
        if i < i2 and _WHITESPACE.sub("", text_lines[j]) == _WHITESPACE.sub("", base_lines[i]):
            if j > pending:
                pieces.append(("insert", i, i, pending, j))
            if text_lines[j] != base_lines[i]:
                pieces.append(("replace", i, i + 1, j, j + 1))
            i, j = i + 1, j + 1
            pending = j
        elif _droppable_line(text_lines[j]):
            j += 1
        else:
            return [("replace", i1, i2, j1, j2)]
    if i != i2:
        return [("replace", i1, i2, j1, j2)]
    if j2 > pending:
        pieces.append(("insert", i2, i2, pending, j2))
    return pieces


def _keys(lines: list[str]) -> list[str]:
    return [_WHITESPACE.sub("", line) for line in lines]


def _droppable_line(line: str) -> bool:
    """A line of only whitespace, or only a comment: what LibCST may fail to render."""
    stripped = line.strip(" \t\f\r\n")
    return not stripped or stripped.startswith("#")


def _significant(lines: list[str]) -> str:
    """The lines without whitespace and without comment-only lines."""
    return "".join(_WHITESPACE.sub("", line) for line in lines if not _droppable_line(line))


def _lost_edges(base_lines: list[str], text_lines: list[str]) -> tuple[str, str] | None:
    """``(form feeds, newline)`` that one text line has around its ``base_lines`` line:
    leading form feeds, and the final newline of a file LibCST ended without one."""
    if len(base_lines) != 1 or len(text_lines) != 1:
        return None
    base, text = base_lines[0].lstrip("\f"), text_lines[0].lstrip("\f")
    lost_feeds = (len(text_lines[0]) - len(text)) - (len(base_lines[0]) - len(base))
    if lost_feeds < 0:
        return None
    newline = ""
    if text != base and not base.endswith(("\r", "\n")):
        body = text.rstrip("\r\n")
        newline = text[len(body) :]
        text = body
    if text != base or not (lost_feeds or newline):
        return None
    return "\f" * lost_feeds, newline


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_WHITESPACE = re.compile(r"[ \t\f\r\n]+")


def _merge_lost_whitespace(text: str, base: str, new: str) -> str | None:
    """A three-way merge by lines: ``base`` is LibCST's rendering of the parsed ``text``,
    ``new`` its rendering of the transformed tree; the whitespace and comment lines ``text``
    has and ``base`` lost go back into ``new`` next to the same, untouched lines."""
    from difflib import SequenceMatcher

    base_lines, text_lines, new_lines = _LINE.findall(base), _LINE.findall(text), _LINE.findall(new)
    lost: list[tuple] = []  # (tag, base from, base to, text from, text to)
    aligned = SequenceMatcher(None, _keys(base_lines), _keys(text_lines), autojunk=False)
    for tag, i1, i2, j1, j2 in aligned.get_opcodes():  # aligned ignoring whitespace
        if tag != "equal":
            lost.extend(_refine(base_lines, text_lines, i1, i2, j1, j2))
            continue
        lost.extend(("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1) if base_lines[i1 + k] != text_lines[j1 + k])
    for _, i1, i2, j1, j2 in lost:
        if _significant(base_lines[i1:i2]) != _significant(text_lines[j1:j2]):
            return None  # not a loss of whitespace and comments: do not guess
    kept: dict[int, int] = {}  # base line -> the same line in new
    rewritten: dict[int, int] = {}  # first base line of a rewritten region -> its first new line
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, base_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            kept.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif tag == "replace":
            # line for line when the codemods kept the number of lines, else just the first
            rewritten.update((i1 + k, j1 + k) for k in range(i2 - i1 if i2 - i1 == j2 - j1 else 1))
    pieces: list[tuple[int, int, list[str]]] = []  # (start in new, end in new, original lines)
    for _, i1, i2, j1, j2 in lost:
        if i2 > i1:  # lines LibCST rendered differently: only where new still has them as such
            targets = [kept.get(i) for i in range(i1, i2)]
            if None in targets or targets != list(range(targets[0], targets[0] + len(targets))):
                edges = _lost_edges(base_lines[i1:i2], text_lines[j1:j2])
                if edges is None or i1 not in rewritten:
                    return None
                feed, newline = edges
                # form feeds before a statement a codemod rewrote go before its new first line
                # (a form feed starting a line never changes its indentation); the newline
                # LibCST dropped at the end of the file goes back at the end
                start = rewritten[i1]
                if feed:
                    pieces.append((start, start + 1, [feed + new_lines[start]]))
                if newline:
                    if i1 != len(base_lines) - 1 or not new_lines or new_lines[-1].endswith(("\r", "\n")):
                        return None
                    if feed and start == len(new_lines) - 1:
                        pieces[-1] = (start, start + 1, [feed + new_lines[start] + newline])
                    else:
                        pieces.append((len(new_lines) - 1, len(new_lines), [new_lines[-1] + newline]))
                continue
            pieces.append((targets[0], targets[-1] + 1, text_lines[j1:j2]))
        elif i1 in kept:  # lines LibCST dropped: before the line that followed them
            pieces.append((kept[i1], kept[i1], text_lines[j1:j2]))
        elif i1 - 1 in kept:  # ... or after the one that preceded them
            pieces.append((kept[i1 - 1] + 1, kept[i1 - 1] + 1, text_lines[j1:j2]))
        elif i1 == len(base_lines) and new_lines and new_lines[-1].endswith(("\r", "\n")):
            pieces.append((len(new_lines), len(new_lines), text_lines[j1:j2]))  # at the very end
        else:
            return None
    out: list[str] = []
    position = 0
    for start, end, lines in sorted(pieces, key=lambda piece: (piece[0], piece[1])):
        if start < position:
            return None  # two pieces for one line: do not guess
        out.extend(new_lines[position:start])
        out.extend(lines)
        position = end
    out.extend(new_lines[position:])
    if _significant(out) != _significant(new_lines):
        return None
    return "".join(out)


# Whitespace LibCST is known to drop when it renders a tree: a form feed before the first
# statement, a lone carriage return ending the file.
_DROPPABLE = frozenset(" \t\f\r\n")


def _occurrences(text: str, part: str) -> Iterator[int]:
    index = text.find(part)
    while index != -1:
        yield index
        if not part:
            return
        index = text.find(part, index + 1)


def _frame(text: str, rendered: str) -> tuple[str, str] | None:
    """``(prefix, suffix)`` with ``text == prefix + rendered + suffix``, both made only of
    whitespace LibCST lost when rendering; ``("", "")`` when it reproduced ``text`` exactly;
    None when it changed anything else (then the file must not be rewritten)."""
    if rendered == text:
        return "", ""
    for index in _occurrences(text, rendered):
        prefix, suffix = text[:index], text[index + len(rendered) :]
        if _DROPPABLE.issuperset(prefix) and _DROPPABLE.issuperset(suffix):
            return prefix, suffix
    return None


def safety_net(old_text: str, new_text: str, path: str) -> str | None:
    """None when ``new_text`` parses and compiles; otherwise the reason to drop the change."""
    import libcst as cst

    try:
        cst.parse_module(new_text)
    except Exception as error:
        return f"internal error: the rewritten code does not parse ({_one_line(str(error))}); change dropped"
    try:
        _quiet_compile(new_text, path)
    except (SyntaxError, ValueError) as error:
        try:
            _quiet_compile(old_text, path)
        except (SyntaxError, ValueError) as old_error:
            return f"the file does not compile ({_one_line(str(old_error))}); left unchanged"
        return f"internal error: the rewritten code does not compile ({_one_line(str(error))}); change dropped"
    except RecursionError:
        return "nesting too deep to compile; left unchanged"
    return None


# CPython's AST builder scales its depth limit with the recursion limit. Judged with the
# default limit, whatever the host program set: LibCST's native parser overflows the C stack
# on nesting only a few times deeper than what this refuses.
_GATE_RECURSION_LIMIT = 1000


@contextlib.contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    previous = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(min(previous, limit))
    except RecursionError:  # already deeper than that: keep the current limit
        previous = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if previous is not None:
            sys.setrecursionlimit(previous)


def _quiet_compile(text: str, path: str, flags: int = 0) -> Any:
    """compile(), without the SyntaxWarnings (``"is" with a literal``, invalid escapes…)
    CPython prints for the user's code: they are not ours to report, and would break the
    one-line-per-problem output."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return compile(text, path, "exec", flags=flags, dont_inherit=True)


def python_rejects(text: str, path: str) -> str | None:
    """Why CPython will not compile ``text`` (``line:col: syntax error: …``), or None.

    This gate runs before LibCST: it costs a fraction of a LibCST parse, gives the user
    CPython's own error message, and keeps pathological input (thousands of nested brackets,
    endless operator chains) away from LibCST's native parser, which can overflow the C stack
    on input CPython refuses.
    """
    return python_tree(text, path)[1]


def python_tree(text: str, path: str) -> tuple[ast.Module | None, str | None]:
    """``(tree, None)``: the standard library's AST of ``text``; ``(None, reason)`` when
    CPython will not compile it (see ``python_rejects``)."""
    try:
        with _recursion_limit(_GATE_RECURSION_LIMIT):
            return _quiet_compile(text, path, ast.PyCF_ONLY_AST), None
    except SyntaxError as error:
        if not error.lineno:  # e.g. null bytes: CPython names no position
            return None, f"syntax error: {_one_line(error.msg)}"
        column = f":{error.offset}" if error.offset else ""
        return None, f"{error.lineno}{column}: syntax error: {_one_line(error.msg)}"
    except ValueError as error:
        return None, f"cannot parse: {_one_line(str(error))}"
    except (RecursionError, MemoryError):
        return None, "cannot parse: nesting too deep"
    except Exception as error:  # e.g. OverflowError on absurd literals
        return None, f"cannot parse: {_describe(error)}"


def _wants_tree(codemod: Any, tree: Any, path: str) -> bool:
    """The codemod's second prefilter; a codemod without one (or whose gate fails on a
    shape it did not expect) gets the file parsed."""
    gate = getattr(codemod, "applies_to_tree", None)
    if gate is None:
        return True
    try:
        return bool(gate(tree, path))
    except Exception:  # RecursionError included
        return True


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _describe(error: BaseException) -> str:
    message = _one_line(str(error))
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _innermost_frame(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {os.path.basename(last.filename)}:{last.lineno})"


def process_file(
    path: str,
    codemods: Sequence[Any],
    options: Options | None = None,
    *,
    read_file: Callable[[str], str | None] | None = None,
) -> FileResult:
    """Read, decode and transform one file. Never raises (KeyboardInterrupt aside).

    ``read_file`` serves ``ctx.read_file`` (default: ``sibling_reader(path)``; the result
    cache passes a reader that records what was read)."""
    try:
        source = source_io.read_source(path)
    except source_io.SourceError as error:
        return FileResult(path, error=str(error))
    except Exception as error:  # pragma: no cover - defensive
        return FileResult(path, error=f"cannot read: {_describe(error)}")
    from .suppress import transform as transform_honouring_comments  # skip comments, @generated

    outcome = transform_honouring_comments(
        source.text, codemods, path=path, options=options,
        read_file=read_file if read_file is not None else sibling_reader(path),
    )
    error = outcome.error
    if error is None and outcome.new_text != source.text:
        # Find out now, not at write time, whether the change can be written back exactly.
        if not source.round_trips:
            error = f"{source.encoding} cannot re-encode this file without altering other bytes; file left unchanged"
        else:
            try:
                source.encode(outcome.new_text)
            except source_io.SourceError as problem:
                error = f"{problem}; file left unchanged"
    return FileResult(
        path,
        old_text=source.text,
        new_text=outcome.new_text if error is None else source.text,
        findings=tuple(outcome.findings),
        project_edits=tuple(outcome.project_edits) if error is None else (),
        rewrites=tuple(sorted(outcome.rewrites.items())) if error is None else (),
        error=error,
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


def _init_pool_worker(codemod_names: Sequence[str], options: Options) -> None:
    # Ctrl-C reaches the whole process group: the main process handles it (stops the pool,
    # lets no write happen half-way); workers must not die printing tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(codemod_names, options)


def _process_in_worker(path: str) -> FileResult:
    return _process_cached(path)


def _process_chunk(paths: Sequence[str]) -> list[FileResult]:
    return [_process_cached(path) for path in paths]


def _process_cached(path: Any) -> FileResult:
    """process_file through the result cache (tool/cache.py): an unchanged file is not parsed.
    ``path`` may also be a task: an object with ``path`` and ``process(codemods, options)``
    (tool/project.py's re-runs with names shown as part of ``.env``)."""
    from . import cache

    if not isinstance(path, str):
        return path.process(_worker_codemods, _worker_options)
    return cache.process_file(path, _worker_codemods, _worker_options, process_file, sibling_reader)


def _path_of(item: Any) -> str:
    """The path of an item given to ``run``: a path, or a task's ``path``."""
    return item if isinstance(item, str) else item.path


def run(
    paths: Sequence[str],
    codemod_names: Sequence[str],
    options: Options | None = None,
    *,
    jobs: int = 1,
) -> Iterator[FileResult]:
    """Yield one FileResult per path, in the order of ``paths``. (An item of ``paths`` may
    also be a task with ``path`` and ``process(codemods, options)``: see ``_process_cached``.)

    With ``jobs > 1`` the files are processed in a pool of worker processes. A worker that
    dies (a native crash in the parser, the out-of-memory killer) loses nothing: the files
    it may have been working on are processed again, each alone in a fresh process, and the
    one that kills its process is reported as ``crashed the parser (signal …)``. On Ctrl-C
    the workers are stopped at once and KeyboardInterrupt propagates.
    """
    paths = list(paths)
    options = {k: dict(v) for k, v in (options or {}).items()}
    names = list(codemod_names)
    jobs = max(1, min(jobs, len(paths)))
    _init_worker(names, options)  # an unknown name raises here, not in every worker
    if jobs == 1:
        for path in paths:
            yield _process_in_worker(path)
        return
    yield from _run_pool(paths, names, options, jobs)


def _new_pool(jobs: int, names: list[str], options: Options) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_pool_worker, initargs=(names, options))


def _stop_pool(pool: ProcessPoolExecutor, *, kill: bool) -> None:
    """Shut ``pool`` down; with ``kill``, without waiting for the files in progress (workers
    only read, so stopping them can lose nothing)."""
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.terminate()
            except Exception:  # pragma: no cover - already gone
                pass
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except OSError:  # pragma: no cover - its pipes already closed by a broken pool
        pass


def _run_pool(paths: list[str], names: list[str], options: Options, jobs: int) -> Iterator[FileResult]:
    from concurrent.futures.process import BrokenProcessPool

    # small chunks: the few files that are parsed cost seconds, the rest nothing, so large
    # chunks would leave one worker idle while another works through a run of heavy files
    chunksize = max(1, min(8, len(paths) // (jobs * 8)))
    chunks = [paths[i : i + chunksize] for i in range(0, len(paths), chunksize)]
    pool = _new_pool(jobs, names, options)
    finished = False
    try:
        futures = [pool.submit(_process_chunk, chunk) for chunk in chunks]
        for position, future in enumerate(futures):
            try:
                results = future.result()
            except BrokenProcessPool:
                break
            except Exception as error:  # e.g. a result that cannot be pickled
                results = [FileResult(_path_of(path), error=f"internal error: {_describe(error)}") for path in chunks[position]]
            yield from results
        else:
            finished = True
            return
        # A worker died. Completed chunks keep their results; the others are done again.
        _stop_pool(pool, kill=True)
        redo = [
            path
            for chunk, future in zip(chunks[position:], futures[position:])
            if not _succeeded(future)
            for path in chunk
        ]
        recovered = _run_isolating(redo, names, options, jobs)
        try:
            for chunk, future in zip(chunks[position:], futures[position:]):
                if _succeeded(future):
                    yield from future.result()
                else:
                    for _ in chunk:
                        yield next(recovered)
        finally:
            recovered.close()  # stops its pool now, not whenever it is garbage-collected
        finished = True
    finally:
        _stop_pool(pool, kill=not finished)


def _succeeded(future: Any) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _run_isolating(paths: list[str], names: list[str], options: Options, jobs: int) -> Iterator[FileResult]:
    """Like the pool, one file per task and at most ``jobs`` in flight, so that when a worker
    dies only those few are suspects: each is run again alone, in its own process, which
    tells the culprit (and its signal) from the innocent."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    done: dict[int, FileResult] = {}
    following = 0
    queue = list(range(len(paths)))
    queue.reverse()
    while queue:
        pool = _new_pool(jobs, names, options)
        broken = False
        try:
            in_flight: dict[Any, int] = {}
            while (queue or in_flight) and not broken:
                while queue and len(in_flight) < jobs:
                    index = queue.pop()
                    in_flight[pool.submit(_process_in_worker, paths[index])] = index
                ready, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in ready:
                    try:
                        done[in_flight[future]] = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    except Exception as error:
                        index = in_flight[future]
                        done[index] = FileResult(_path_of(paths[index]), error=f"internal error: {_describe(error)}")
                    del in_flight[future]
                while following in done:
                    yield done.pop(following)
                    following += 1
        finally:
            _stop_pool(pool, kill=True)
        for index in sorted(in_flight.values()) if broken else ():
            done[index] = _run_alone(paths[index], names, options)
        while following in done:
            yield done.pop(following)
            following += 1


def _run_alone(path: str, names: list[str], options: Options) -> FileResult:
    """Process one file in a process of its own; if that process dies, say how."""
    import multiprocessing

    context = multiprocessing.get_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_alone_main, args=(sender, path, names, options), daemon=True)
    process.start()
    sender.close()
    try:
        try:
            result = receiver.recv()
        except (EOFError, OSError):
            result = None
        process.join()
    finally:
        receiver.close()
        if process.is_alive():  # interrupted while waiting
            process.terminate()
            process.join()
    if isinstance(result, FileResult):
        return result
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = str(-code)
        return FileResult(_path_of(path), error=f"crashed the parser (signal {name}); file left unchanged")
    return FileResult(_path_of(path), error=f"crashed the worker process (exit status {code}); file left unchanged")


def _alone_main(sender: Any, path: str, names: list[str], options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _init_worker(names, options)
        result = _process_in_worker(path)
    except BaseException as error:
        result = FileResult(_path_of(path), error=f"internal error: {_describe(error)}")
    sender.send(result)
    sender.close()


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
