"""The per-file pipeline: one file in, one FileResult out. Read, decode, transform (honouring
suppression comments: tool/suppress.py), and find out whether the change can be written back
byte for byte. Never raises (KeyboardInterrupt aside); writes nothing.

A ``Job`` says what to do with one file: which codemods, with which options, whether the run
shows it names other files took as part of ``.env``, and, for a file the run may already have
rewritten, the text it had when it was first read. It is the one thing the result
cache (tool/cache.py, which wraps this pipeline) and the worker pool (tool/pool.py) take:
the first pass over a project, the ``.env`` name settling (tool/settle.py) and the
``--commit`` planning (tool/commits.py) are all Jobs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .codemods import ProjectFiles
from .file_texts import file_text, sibling_path, stamped_text
from .paths import project_root, relative_to
from .results import FileResult, Options, describe_error
from .sources import Source, SourceError, marked_encoding, read_bytes_or_none, read_source
from .suppress import transform
from .walk import is_python, project_listing

Reader = Callable[[str], "str | None"]  # ctx.read_file: a path relative to the file -> its text


@dataclass(frozen=True)
class Job:
    """One file to transform. Small and picklable: it goes to a worker process."""

    path: str
    codemods: tuple[str, ...]  # codemod names, in the order they run
    options: Options = field(default_factory=dict)
    # ``NAME=value`` lines shown at the end of the project's ``.env``, as if they were there
    # (the names other files of the run took: tool/settle.py); part of the cache key
    env_shown: str = ""
    # the file as an earlier pass read it, transformed instead of what is on disk now (the
    # --commit planning runs after some files were written: tool/commits.py); not cached
    source: Source | None = None
    # the Flask version the file must run on, (major, minor) (tool/target.py); None: the
    # newest the codemods know; part of the cache key
    target_version: tuple[int, int] | None = None
    # where the transform may start (tool/resume.py): a ``.env`` settling re-run passes the
    # one its first pass left; not part of the cache key (it changes no result)
    resume: Any = None
    # whether the result must hold the file's text when no codemod changed it (False: the
    # result cache may answer without reading the file; tool/cache.py); not part of the key
    unchanged_text: bool = True

    def reader(self) -> Reader:
        """``ctx.read_file`` for this job: the pipeline's own reader (``project_reader``),
        with ``env_shown`` at the end of the project's ``.env``."""
        if not self.env_shown:
            return project_reader(self.path)
        read_real = sibling_reader(self.path)
        folder = os.path.dirname(os.path.abspath(self.path))
        env_path = os.path.normpath(os.path.join(project_root(self.path), ".env"))
        shown = self.env_shown
        # the path read is ``.env`` only when ``.env`` is spelled in it (normpath keeps the
        # names it is given, and the last of env_path's is ``.env``): in ``relative``, or in
        # ``folder`` (``..`` from a folder below one named ``.env``)
        folder_spells_env = ".env" in folder

        def read(relative: str) -> str | None:
            if (folder_spells_env or ".env" in relative) and os.path.normpath(os.path.join(folder, relative)) == env_path:
                text = read_real(relative) or ""
                if text and not text.endswith(("\n", "\r")):
                    text += "\n"
                return text + shown
            return read_real(relative)

        return ProjectReader(read, self.path)


class ProjectReader:
    """``ctx.read_file`` for a file on disk: ``read`` (paths relative to the file's folder),
    which also lists the files of the file's project (``ctx.project_files``): every one below
    its project root (tool/paths.py), walked as the command line walks folders (tool/walk.py)."""

    def __init__(self, read: Reader, path: str) -> None:
        self._read = read
        self._path = path
        # a ``SiblingReader``'s (the reader of a job without ``env_shown``): see there
        self.folder: str | None = getattr(read, "folder", None)
        self.read_stamped = getattr(read, "read_stamped", None)
        self.byte_order_mark = getattr(read, "byte_order_mark", lambda relative: None)
        self._listing: ProjectFiles | None = None  # listed once per file transformed (its gates and codemods ask)

    def __call__(self, relative: str) -> str | None:
        return self._read(relative)

    def project_files(self) -> ProjectFiles:
        if self._listing is None:
            root = project_root(self._path)
            every = project_listing(root)
            self._listing = ProjectFiles(relative_to(self._path, root), _python_files(every), every)
        return self._listing


_python_kept: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # the last listing, its Python files


def _python_files(every: tuple[str, ...]) -> tuple[str, ...]:
    """The Python files of a project listing; found once for the listing ``project_listing``
    gives again (the same tuple, while the project keeps its folders) to each of its files."""
    global _python_kept
    if _python_kept[0] is not every:
        _python_kept = (every, tuple(p for p in every if is_python(p)))
    return _python_kept[1]


def project_reader(path: str) -> ProjectReader:
    """The pipeline's own reader for the file at ``path``: its siblings, and its project's
    listing."""
    return ProjectReader(sibling_reader(path), path)


def process_file(
    path: str,
    codemods: Sequence[object],
    options: Options | None = None,
    *,
    read_file: Reader | None = None,
    source: Source | None = None,
    target_version: tuple[int, int] | None = None,
    resume: Any = None,
) -> FileResult:
    """Read, decode and transform one file. Never raises (KeyboardInterrupt aside).

    ``codemods`` are classes or instances, in the order they run; they see the file by its
    path relative to its project root (``Context.path``: a ``tests/`` folder above the
    project is not the project's). ``read_file`` serves ``ctx.read_file`` (default:
    ``project_reader(path)``; the result cache passes a reader that records what was read).
    ``source``: the file as already read, instead of reading it. ``target_version``: the Flask version the code must run on (``Context.target_version``).
    ``resume``: where the transform may start (see ``engine.transform_text``)."""
    try:
        source = source if source is not None else read_source(path)
    except SourceError as error:
        return FileResult(path, error=str(error), target_version=target_version)
    except Exception as error:  # pragma: no cover - defensive
        return FileResult(path, error=f"cannot read: {describe_error(error)}", target_version=target_version)
    outcome = transform(
        source.text, codemods, path=relative_to(path, project_root(path)), options=options,
        read_file=read_file if read_file is not None else project_reader(path),
        target_version=target_version, resume=resume,
    )
    error = outcome.error
    if error is None and outcome.new_text != source.text:
        # Find out now, not at write time, whether the change can be written back exactly.
        if not source.round_trips:
            error = f"{source.encoding} cannot re-encode this file without altering other bytes; file left unchanged"
        else:
            try:
                source.encode(outcome.new_text)
            except SourceError as problem:
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
        codemod_errors=tuple(outcome.codemod_errors) if error is None else (),
        error_from_text=error is not None and error is outcome.error and outcome.error_from_text,
        target_version=target_version,
        resume=outcome.resume if error is None else None,
    )


def sibling_reader(path: str) -> SiblingReader:
    """Reads other files relative to ``path``'s folder, for ctx.read_file."""
    return SiblingReader(os.path.dirname(os.path.abspath(path)))


class SiblingReader:
    """Reads files relative to ``folder`` (tool/file_texts.py keeps their texts). The result
    cache's recording reader (tool/cache_reads.py) asks ``read_stamped`` for each file's
    stamp and text with one ``os.stat``, when it records the files of the same folder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, relative: str) -> str | None:
        return file_text(sibling_path(self.folder, relative))

    def byte_order_mark(self, relative: str) -> str | None:
        """The encoding the file's byte-order mark names (``sources.marked_encoding``)."""
        return marked_encoding(read_bytes_or_none(sibling_path(self.folder, relative)) or b"")

    def read_stamped(self, relative: str, racy_ns: int) -> tuple[list[int] | None, str | None]:
        """(the file's stamp in the racy window ``racy_ns``, taken before it was read, its text)."""
        return stamped_text(sibling_path(self.folder, relative), racy_ns)
