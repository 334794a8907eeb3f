"""``--interactive``: the change reviewed hunk by hunk on a terminal, like ``git add -p``.

Each hunk is shown with the codemod that made it (hunks of different codemods are never one
question: tool/hunks.py), codemod by codemod in the engine's order, and answered with one
key (no Enter needed on a terminal): ``y`` apply it, ``n`` leave it out, ``a`` apply it and
everything that follows without asking, ``q`` leave it and everything that follows out (what
was accepted so far is still written), ``?`` help. End of input counts as ``q``.

The file written is the original with the accepted hunks applied, spliced from the original
lines and the hunks' lines (tool/hunks.py), never rendered again from a tree. A hunk that
changes lines only a hunk left out would have written cannot be applied: it is not asked,
and the hunk it needs is named. Hunks of one file can also depend on each other in meaning
(an added import and its use): a file whose accepted hunks do not compile on their own, or
leave a name undefined that the full change defines, is left unchanged, and the reason names
the hunks that need each other. Project files (``.gitignore``, ``.env.example``,
requirements, ``.env``) are asked about as a whole, after the code, and only for the edits
of codemods that kept at least one hunk; ``.env`` values are never shown, and moved secrets
are masked in the hunks as in ``--dry-run`` (unless ``--show-secrets``).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from .diffs import file_diff, secret_file_diff
from .hunks import Hunk, Splice, select, split
from .paths import display_path
from .project import env_keys
from .results import FileResult, ProjectFileChange
from .steps import codemod_steps
from .suppress import partial_change_problem
from .terminal import show_diff

try:  # POSIX: one key, no Enter
    import termios
    import tty
except ImportError:  # pragma: no cover - Windows: a line at a time
    termios = tty = None  # type: ignore[assignment]

HELP = """y - apply this hunk
n - do not apply this hunk
a - apply this hunk and all later hunks
q - quit: do not apply this hunk nor any later one
? - print this help"""

_END_OF_INPUT = ("", "\x04")  # closed input, Ctrl-D


class Session:
    def __init__(self, output, colour: bool, secrets: Sequence[str] = ()) -> None:
        self.output = output
        self.colour = colour
        self.secrets = list(secrets)  # masked in what is shown (moved secrets, as in --dry-run)
        self.state: str | None = None  # None: ask; "all"; "quit"

    def ask(self, question: str) -> bool:
        if self.state == "all":
            return True
        if self.state == "quit":
            return False
        while True:
            self.output.stdout.write(f"{question} [y,n,a,q,?]? ")
            self.output.stdout.flush()
            answer = read_answer(self.output.stdin)
            self.output.stdout.write((answer if answer not in _END_OF_INPUT else "") + "\n")
            if answer in _END_OF_INPUT:
                self.state = "quit"
                return False
            if answer == "y":
                return True
            if answer == "n":
                return False
            if answer == "a":
                self.state = "all"
                return True
            if answer == "q":
                self.state = "quit"
                return False
            self.output.stdout.write(HELP + "\n")

    def show(self, text: str) -> None:
        show_diff(self.output, text, colour=self.colour, secrets=self.secrets)
        self.output.stdout.flush()

    def say(self, line: str) -> None:
        """A line for the reviewer, while they are still asked."""
        if self.state is None:
            self.output.stdout.write(line + "\n")


def read_answer(stream: Any) -> str:
    """One answer, lower-cased: a single key on a terminal (no Enter needed; white space is
    skipped, so ``y`` then Enter works too), else the first character of a line. "" at the end
    of input."""
    if termios is not None and _is_terminal(stream):
        return _read_key(stream.fileno())
    while True:
        line = stream.readline()
        if not line:
            return ""
        if line.strip():
            return line.strip()[0].lower()


def _is_terminal(stream: Any) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _read_key(fd: int) -> str:
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # keys one by one (keys typed ahead kept); Ctrl-C still interrupts
        while True:
            data = os.read(fd, 1)
            if not data:
                return ""
            key = data.decode("utf-8", "replace")
            if not key.isspace():
                return key.lower()
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@dataclass(frozen=True)
class Review:
    """What the review of one file's change kept."""

    text: str  # what to write: the original with the applied hunks, or the original
    problem: str | None  # why the file is left unchanged, naming the hunks; None when it is not
    hunks: tuple[Hunk, ...]
    applied: frozenset[int]  # the numbers of the hunks applied (none when ``problem``)

    @property
    def codemods(self) -> frozenset[str]:
        """The codemods that kept at least one hunk."""
        return frozenset(h.codemod for h in self.hunks if h.number in self.applied)


def review_change(session: Session, display: str, old: str, steps: Sequence[tuple[str, str]]) -> Review:
    """Ask about each hunk of a file's change (``steps``: the text after each codemod,
    tool/hunks.py)."""
    hunks = split(old, steps)
    splice = Splice(old, steps, hunks)
    header_shown = False
    for hunk in hunks:
        label = f"({hunk.number}/{len(hunks)}) {hunk.codemod}"
        needed = splice.needs(hunk)
        if needed:
            session.say(f"{label}: not asked: it changes lines written by {_named(needed, hunks)}, which is not applied")
            splice.decide(hunk, False)
            continue
        if session.state is None:
            if not header_shown:
                session.show(f"diff --git a/{display} b/{display}\n--- a/{display}\n+++ b/{display}\n")
                header_shown = True
            session.show(splice.render(hunk))
        splice.decide(hunk, session.ask(f"{label}: apply this hunk to {display}"))
    kept, applied = splice.text(), splice.applied
    full = steps[-1][1] if steps else old
    problem = None if kept in (old, full) else partial_change_problem(old, kept, full)
    if problem is None:
        return Review(kept, None, tuple(hunks), applied)
    return Review(old, f"{problem}: {_dependency(old, steps, hunks, applied, full)}", tuple(hunks), frozenset())


def _named(numbers: Sequence[int], hunks: Sequence[Hunk]) -> str:
    by_number = {h.number: h for h in hunks}
    names = [f"hunk {n} ({by_number[n].codemod})" for n in numbers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _dependency(old: str, steps, hunks: Sequence[Hunk], applied: frozenset[int], full: str) -> str:
    """Which hunks need each other: the hunks left out that would make the applied ones work,
    and the applied ones that do not work without them."""
    works: Callable[[frozenset[int] | set[int]], bool] = lambda chosen: _works(old, steps, hunks, chosen, full)
    left_out = [h.number for h in hunks if h.number not in applied]
    needed = [n for n in left_out if works(applied | {n})]
    dependents = [n for n in sorted(applied) if works(applied - {n})]
    if needed and dependents:
        return f"{_named(dependents, hunks)} need{'s' if len(dependents) == 1 else ''} {_named(needed, hunks)}"
    if needed:
        return f"the accepted hunks need {_named(needed, hunks)}"
    if dependents:
        return f"{_named(dependents, hunks)} cannot work without {_named(left_out, hunks)}"
    return f"the accepted {_named(sorted(applied), hunks)} need the others"


def _works(old: str, steps, hunks: Sequence[Hunk], chosen, full: str) -> bool:
    text, applied = select(old, steps, hunks, chosen)
    return applied == frozenset(chosen) and (text in (old, full) or partial_change_problem(old, text, full) is None)


def review_results(
    results: list[FileResult],
    request,
    output,
    codemods_by_path: Mapping[str, Sequence[type]],
    options_by_path: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> list[FileResult]:
    """Ask about every changed file's hunks; returns the results with the accepted texts (and
    only the project edits and rewrites of the codemods that kept a hunk)."""
    secrets = [] if request.show_secrets else [
        e.value for r in results for e in r.project_edits if e.kind == "env" and e.secret
    ]
    session = Session(output, request.colour, secrets)
    changed = [r for r in results if r.changed]
    if changed and not request.quiet:
        output.err(f"finding what each codemod changed in {len(changed)} file{'s' if len(changed) != 1 else ''}, for the review...")
    steps_by_path = _steps(changed, codemods_by_path, options_by_path, request.jobs)
    reviewed = []
    for result in results:
        if not result.changed:
            reviewed.append(result)
            continue
        display = display_path(result.path)
        old = result.old_text or ""
        review = review_change(session, display, old, steps_by_path[result.path])
        kept, kept_codemods = review.text, review.codemods
        if review.problem is not None:
            output.err(f"{display}: left unchanged: {review.problem}")
        if kept == old:
            result = dataclasses.replace(result, new_text=old, project_edits=(), rewrites=())
        elif kept != result.new_text:
            result = dataclasses.replace(
                result,
                new_text=kept,
                project_edits=tuple(e for e in result.project_edits if e.codemod in kept_codemods),
                rewrites=tuple((name, count) for name, count in result.rewrites if name in kept_codemods),
            )
        reviewed.append(result)
    output.review_session = session  # project files are asked in the same session
    return reviewed


def _steps(results, codemods_by_path, options_by_path, jobs: int) -> dict[str, list[tuple[str, str]]]:
    """The text after each codemod (by its name), by path."""
    found = codemod_steps(results, codemods_by_path, options_by_path, workers=jobs)
    return {path: [(cls.NAME, text) for cls, text in steps] for path, steps in found.items()}


def review_project_changes(changes: list[ProjectFileChange], request, output) -> list[ProjectFileChange]:
    session = getattr(output, "review_session", None) or Session(output, request.colour)
    kept = []
    for change in changes:
        display = display_path(change.path)
        if change.secret:
            if session.state is None:
                session.show(secret_file_diff(display, env_keys(change.old_text), env_keys(change.new_text)))
        elif session.state is None:
            session.show(file_diff(display, change.old_text, change.new_text, new_file=change.is_new))
        if session.ask(f"Apply this change to {display}"):
            kept.append(change)
    return kept
