"""Orchestration of one ``apply`` run over one project (one repository):
configuration → discover → engine → (interactive review) → project edits → diff / write →
patch file, reports, commits.

The command line builds an ApplyRequest and maps the returned Outcome to an exit code; a batch
over several repositories (tool/batch.py) calls ``apply_paths`` once per repository; the
Python API (``flask_codemod.apply``) calls it with a silent Output. Output goes through an
Output object (stdout for the diff, stderr for everything else) so that tests can capture it.

(This module is not called ``apply``: a submodule of that name would shadow the public
function ``flask_codemod.apply``.)
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence, TextIO

from . import engine, project, report
from .codemods import UsageError
from .discover import discover
from .exitcodes import EXIT_CHANGES, EXIT_ERRORS, EXIT_OK


@dataclass
class ApplyRequest:
    paths: Sequence[str]
    select: Sequence[str] | None = None  # --select (None: not given: the configuration decides)
    skip: Sequence[str] = ()  # --skip
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # --set, validated
    dry_run: bool = False
    check: bool = False
    jobs: int = 1
    diff_file: str | None = None
    reports: Sequence[str] = ()
    changed_since: str | None = None
    commit: bool = False
    allow_dirty: bool = False
    interactive: bool = False
    force_exclude: bool = False
    use_config: bool = True
    base: str | None = None  # the folder report and patch paths are relative to
    colour: bool = False
    quiet: bool = False
    verbose: bool = False
    show_secrets: bool = False
    progress: bool = False
    codemod_names: Sequence[str] | None = None  # older spelling of ``select``

    def __post_init__(self) -> None:
        if self.select is None and self.codemod_names is not None:
            self.select = list(self.codemod_names)

    @property
    def mode(self) -> str:
        if self.check:
            return "check"
        if self.dry_run:
            return "dry-run"
        return "interactive" if self.interactive else "apply"


@dataclass
class Group:
    """Paths that share one configuration, hence one codemod selection and options."""

    config: Any
    codemods: tuple[type, ...]
    options: dict[str, dict[str, Any]]
    paths: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    results: list[engine.FileResult]
    project_changes: list[project.ProjectFileChange]
    project_messages: list[project.ProjectMessage]
    errors: list[str]  # one line each: "path: reason"
    missing: list[str]
    summary: report.Summary
    base: str = "."
    mode: str = "apply"
    codemods: list[type] = field(default_factory=list)  # every codemod that ran, engine order
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    error_items: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    codemods_by_path: dict[str, tuple[type, ...]] = field(default_factory=dict)
    patch: str = ""  # the change as a patch relative to ``base`` (.env excluded)
    commits: list[str] = field(default_factory=list)
    reproduce: str = ""

    @property
    def changed(self) -> bool:
        return self.summary.changed > 0 or bool(self.project_changes)

    def report(self) -> dict[str, Any]:
        """The JSON report of this run, as a dict (see schemas/report.schema.json)."""
        from .reports import json_report

        return json_report(self)

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERRORS
        if self.mode == "check" and self.changed:
            return EXIT_CHANGES
        return EXIT_OK


class Output:
    def __init__(self, stdout: TextIO | None = None, stderr: TextIO | None = None, stdin: TextIO | None = None) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin

    def out(self, text: str) -> None:
        self.stdout.write(text)

    def err(self, line: str) -> None:
        self.stderr.write(report.escape_control(line) + "\n")


class SilentOutput(Output):
    """For the Python API: nothing is printed."""

    def __init__(self) -> None:
        import io

        super().__init__(io.StringIO(), io.StringIO(), io.StringIO())


def check_request(request: ApplyRequest) -> None:
    """Option combinations that make no sense: UsageError."""
    if request.dry_run and request.check:
        raise UsageError("--dry-run and --check cannot be combined")
    if request.interactive and (request.dry_run or request.check):
        raise UsageError("--interactive cannot be combined with --dry-run or --check")
    if request.commit and (request.dry_run or request.check):
        raise UsageError("--commit writes and commits: it cannot be combined with --dry-run or --check")
    if request.commit and request.interactive:
        raise UsageError("--commit cannot be combined with --interactive (commit the reviewed change yourself)")
    if request.allow_dirty and not request.commit:
        raise UsageError("--allow-dirty only makes sense with --commit")
    from .reports import FORMATS

    for target in request.reports:
        if os.path.splitext(target)[1].lower() not in FORMATS:
            raise UsageError(f"--report {target}: the name must end in {', '.join(sorted(FORMATS))}")


def default_base(paths: Sequence[str]) -> str:
    """The git work-tree root when every path is inside the same one, else the current folder."""
    from .git import work_tree_root

    roots = {work_tree_root(p) for p in paths}
    if len(roots) == 1 and None not in roots:
        return roots.pop()  # type: ignore[return-value]
    return os.getcwd()


def relative_to(path: str, base: str) -> str:
    relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    return relative.replace(os.sep, "/")


def plan_groups(request: ApplyRequest, targets: Sequence[str]) -> list[Group]:
    """Group the paths by the configuration that applies to them (UsageError on a bad one)."""
    from .config import Config, ConfigFinder

    finder = ConfigFinder()
    groups: dict[Any, Group] = {}
    for target in targets:
        config = finder.for_path(target) if request.use_config else Config()
        group = groups.get(config.path)
        if group is None:
            codemods = config.codemods(request.select, request.skip)
            if not codemods:
                where = f" (configuration: {config.path})" if config.path else ""
                raise UsageError(f"no codemod selected{where}")
            group = groups[config.path] = Group(config, codemods, config.merged_options(request.options))
        group.paths.append(target)
    return list(groups.values())


def apply_paths(request: ApplyRequest, output: Output | None = None) -> Outcome:
    """Run one project. Raises UsageError for what the command line reports as exit code 2."""
    output = output or Output()
    check_request(request)
    targets = list(request.paths) or ["."]
    missing = [p for p in targets if not os.path.lexists(p)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    base = os.path.abspath(request.base or default_base(targets))
    groups = plan_groups(request, targets)
    git_root = _prepare_git(request, targets, base)
    changed_only = _changed_since(request, targets)

    write = not (request.dry_run or request.check)
    streaming_writes = write and not request.interactive
    results: list[engine.FileResult] = []
    error_items: list[tuple[str, str]] = []
    codemods_by_path: dict[str, tuple[type, ...]] = {}
    options_by_path: dict[str, dict[str, dict[str, Any]]] = {}
    summary = report.Summary()
    secrets: list[str] = []
    patch_chunks: list[str] = []
    deferred: list[engine.FileResult] = []  # files that move values to .env: written after it

    for group in groups:
        found = discover(list(group.paths))
        error_items.extend(found.errors)
        explicit = {os.path.abspath(p) for p in group.paths if os.path.isfile(p)}
        files = []
        for path in found.files:
            if (request.force_exclude or os.path.abspath(path) not in explicit) and group.config.excludes(path):
                continue
            if changed_only is not None and os.path.normpath(os.path.abspath(path)) not in changed_only:
                continue
            files.append(path)
        summary.scanned += len(files)
        names = [c.NAME for c in group.codemods]
        stream = project.settle_env_names(engine.run(files, names, group.options, jobs=request.jobs), names, group.options, jobs=request.jobs)
        with _progress(request.progress and len(files) > 50, len(files), output) as advance:
            for result in stream:
                advance()
                results.append(result)
                codemods_by_path[result.path] = group.codemods
                options_by_path[result.path] = group.options
                secrets.extend(e.value for e in result.project_edits if e.kind == "env" and e.secret)
                if not request.interactive:
                    _handle(result, request, base, summary, error_items, patch_chunks, secrets, output, streaming_writes, deferred)

    if request.interactive:
        from .interactive import review_results

        results = review_results(results, base, request, output)
        for result in results:
            _handle(result, request, base, summary, error_items, patch_chunks, secrets, output, write, deferred)

    changes, messages = project.merge(results)
    if request.interactive and changes:
        from .interactive import review_project_changes

        changes = review_project_changes(changes, request, output)

    commit_plan = None
    if request.commit and git_root is not None:
        from . import commits

        merged = _merged_options(groups)
        reproduce = {c.NAME: reproduce_command([c], merged, targets, base) for c in _union(codemods_by_path)}
        commit_plan = commits.plan(git_root, [r for r in results if r.error is None], codemods_by_path, options_by_path, reproduce)

    unwritten_env: set[str] = set()
    for change in changes:
        display = project.display_path(change.path)
        if change.secret:
            if request.dry_run:
                old_keys = project._env_keys(change.old_text)
                new_keys = project._env_keys(change.new_text)
                output.out(report.secret_file_diff(display, old_keys, new_keys))
        else:
            if request.dry_run:
                diff = report.file_diff(display, change.old_text, change.new_text, new_file=change.is_new)
                _show(diff, request, secrets, output)
            patch_chunks.append(
                report.file_diff(relative_to(change.path, base), change.old_text, change.new_text, new_file=change.is_new)
            )
        if request.check:
            output.err(f"would change {display}")
        elif write:
            problem = project.write_change(change)
            if problem is not None:
                error_items.append((change.path, problem))
                if change.secret:
                    unwritten_env.add(os.path.dirname(os.path.abspath(change.path)))
    for result in deferred:  # only now that .env holds the moved values (Ctrl-C, full disk)
        if project.project_root(result.path) in unwritten_env:
            error_items.append((result.path, "not written: its .env could not be written, and the values moved there would be lost"))
            summary.changed -= 1
            continue
        problem = engine.write_result(result)
        if problem is not None:
            error_items.append((result.path, problem))
            summary.changed -= 1

    patch = "".join(patch_chunks)
    if request.diff_file:
        try:
            from .io import atomic_write

            atomic_write(request.diff_file, patch.encode("utf-8", errors="surrogateescape"))
        except OSError as error:
            error_items.append((request.diff_file, f"cannot write the patch: {error.strerror or error}"))

    made: list[str] = []
    if commit_plan is not None:
        if error_items:
            error_items.append((git_root, "nothing committed: some files could not be processed or written"))
        else:
            from .git import GitError, commit_series

            try:
                made = commit_series(git_root, commit_plan)
            except GitError as error:
                error_items.append((git_root, f"cannot commit: {error}"))
            else:
                if not request.quiet:
                    for sha, planned in zip(made, commit_plan):
                        output.err(f"committed {sha[:10]} {planned.message.splitlines()[0]}")

    errors = [error_line(path, reason) for path, reason in error_items]
    summary.errors = len(errors)
    for result in results:
        for finding in result.findings:
            if request.verbose:
                output.err(report.finding_line(result.path, finding))
    for message in messages:
        summary.findings[message.codemod] += 1
        output.err(f"{message.path}:{message.line}: {message.codemod}: {message.message}")
    for line in errors:
        output.err(line)

    ran = _union(codemods_by_path) or sorted({c for g in groups for c in g.codemods}, key=lambda c: (c.ORDER, c.NAME))
    options = _merged_options(groups)
    outcome = Outcome(
        results,
        changes,
        messages,
        errors,
        [],
        summary,
        base=base,
        mode=request.mode,
        codemods=ran,
        options=options,
        error_items=error_items,
        codemods_by_path=codemods_by_path,
        patch=patch,
        commits=made,
        reproduce=reproduce_command(ran, options, targets, base),
    )
    if request.reports:
        from .reports import write_reports

        for target, problem in write_reports(outcome, request.reports):
            outcome.error_items.append((target, problem))
            outcome.errors.append(f"{target}: {problem}")
            summary.errors += 1
            output.err(f"{target}: {problem}")
    if not request.quiet:
        if sum(summary.findings.values()) and not request.verbose:
            output.err("findings are listed with --verbose")
        output.err(summary.line())
    return outcome


def error_line(path: str, reason: str) -> str:
    """``path: reason``, or ``path:LINE:COL: reason`` when the reason starts with a position
    (the form editors and CI annotations recognise)."""
    path, reason = path.replace("\n", "\\x0a"), reason.replace("\n", "\\x0a")  # one line, whatever the file is called
    if re.match(r"\d+(:\d+)?: ", reason):
        return f"{path}:{reason}"
    return f"{path}: {reason}"


def _merged_options(groups: Sequence[Group]) -> dict[str, dict[str, Any]]:
    options: dict[str, dict[str, Any]] = {}
    for group in groups:
        for name, values in group.options.items():
            options.setdefault(name, {}).update(values)
    return options


def _union(codemods_by_path: Mapping[str, Sequence[type]]) -> list[type]:
    seen: dict[str, type] = {}
    for classes in codemods_by_path.values():
        for cls in classes:
            seen.setdefault(cls.NAME, cls)
    return sorted(seen.values(), key=lambda c: (c.ORDER, c.NAME))


def _handle(result, request, base, summary, error_items, patch_chunks, secrets, output, write, deferred=None) -> None:
    """Count, show, write one file's result (in streaming mode: as soon as it comes back)."""
    if result.error is not None:
        error_items.append((result.path, result.error))
        return
    for name, count in result.rewrites:
        summary.rewrites[name] += count
    for finding in result.findings:
        summary.findings[finding.codemod] += 1
    if not result.changed:
        return
    summary.changed += 1
    old, new = result.old_text or "", result.new_text or ""
    patch_chunks.append(report.file_diff(relative_to(result.path, base), old, new))
    if request.dry_run:
        _show(report.file_diff(project.display_path(result.path), old, new), request, secrets, output)
    elif request.check:
        output.err(f"would change {result.path}")
    elif write:
        if deferred is not None and any(edit.kind == "env" for edit in result.project_edits):
            deferred.append(result)  # its values must be safe in .env before it stops holding them
            return
        problem = engine.write_result(result)
        if problem is not None:
            error_items.append((result.path, problem))
            summary.changed -= 1


def reproduce_command(codemods: Sequence[type], options: Mapping[str, Mapping[str, Any]], targets: Sequence[str], base: str) -> str:
    """The command line that makes the same change again (run from ``base``)."""
    import shlex

    from .codemods import all_codemods

    parts = ["flask-codemod", "apply"]
    if codemods and {c.NAME for c in codemods} != {c.NAME for c in all_codemods()}:
        parts += ["--select", ",".join(c.NAME for c in codemods)]
    by_name = {c.NAME: c for c in codemods}
    for name in sorted(options):
        cls = by_name.get(name)
        if cls is None:
            continue
        for option, value in sorted(options[name].items()):
            if option in cls.OPTIONS and cls.OPTIONS[option].default == value:
                continue
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            parts += ["--set", f"{name}.{option}={shown}"]
    paths = sorted({relative_to(t, base) for t in targets})
    parts += [p if not p.startswith("..") else os.path.abspath(p) for p in paths] or ["."]
    return " ".join(shlex.quote(p) for p in parts)


def _prepare_git(request: ApplyRequest, targets: Sequence[str], base: str) -> str | None:
    """For --commit: the work tree root, refusing a dirty tree unless --allow-dirty."""
    if not request.commit:
        return None
    from .git import GitError, dirty_paths, work_tree_root

    roots = {work_tree_root(t) for t in targets}
    if None in roots:
        raise UsageError("--commit needs the paths to be inside a git work tree")
    if len(roots) > 1:
        raise UsageError("--commit needs all paths inside one git work tree (give each repository as its own run)")
    root = roots.pop()
    try:
        dirty = dirty_paths(root)
    except GitError as error:
        raise UsageError(f"--commit: {error}") from None
    if dirty and not request.allow_dirty:
        shown = ", ".join(dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
        raise UsageError(f"--commit refuses to run on a dirty work tree ({root}: {shown}); commit or stash first, or pass --allow-dirty")
    return root


def _changed_since(request: ApplyRequest, targets: Sequence[str]) -> set[str] | None:
    if request.changed_since is None:
        return None
    from .git import GitError, changed_since, work_tree_root

    changed: set[str] = set()
    for root in sorted({work_tree_root(t) or "" for t in targets}):
        if not root:
            raise UsageError("--changed-since needs the paths to be inside a git work tree")
        try:
            changed |= changed_since(root, request.changed_since)
        except GitError as error:
            raise UsageError(f"--changed-since: {error}") from None
    return changed


def _show(diff: str, request: ApplyRequest, secrets: list[str], output: Output) -> None:
    if not request.show_secrets:
        diff = report.mask_secrets(diff, secrets)
    output.out(report.render_for_terminal(diff, request.colour))


class _progress:
    """A rich progress bar on stderr, only when asked (a terminal, a long run)."""

    def __init__(self, enabled: bool, total: int, output: Output) -> None:
        self.enabled = enabled
        self.total = total
        self.output = output
        self._bar = None

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self._bar = Progress(console=Console(file=self.output.stderr), transient=True)
        self._bar.start()
        task = self._bar.add_task("flask-codemod", total=self.total)
        return lambda: self._bar.advance(task)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()


def progress_wanted(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")
