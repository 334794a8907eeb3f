"""``--interactive``: the change reviewed hunk by hunk on a terminal, like ``git add -p``.

For each hunk (three lines of context, as in the diff): ``y`` apply it, ``n`` leave it out,
``a`` apply it and everything that follows without asking, ``q`` leave it and everything that
follows out (what was accepted so far is still written), ``?`` help. End of input counts as
``q``.

Hunks of one file can depend on each other (an added import and its use): a file whose accepted
hunks do not compile on their own, or leave a name undefined that the full change defines, is
left unchanged, and the reason is printed. Project files (``.gitignore``, ``.env.example``,
requirements, ``.env``) are asked about as a whole, after the code, and only for the edits of
code files that kept at least one hunk; ``.env`` values are never shown, and moved secrets are
masked in the hunks as in ``--dry-run`` (unless ``--show-secrets``).
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Sequence

from .diffs import file_diff, secret_file_diff
from .paths import display_path
from .project import env_keys
from .results import FileResult, ProjectFileChange
from .suppress import partial_change_problem
from .terminal import show_diff

HELP = """y - apply this hunk
n - do not apply this hunk
a - apply this hunk and all later hunks
q - quit: do not apply this hunk nor any later one
? - print this help"""


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
            line = self.output.stdin.readline()
            if not line:  # end of input
                self.output.stdout.write("\n")
                self.state = "quit"
                return False
            answer = line.strip().lower()[:1]
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


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def review_text(session: Session, display: str, old: str, new: str) -> str:
    """The text with the hunks the user accepted."""
    old_lines, new_lines = _lines(old), _lines(new)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    groups = list(matcher.get_grouped_opcodes(3))
    accepted: set[tuple[int, int, int, int]] = set()
    header_shown = False
    for number, group in enumerate(groups, 1):
        if session.state is None and not header_shown:
            session.show(f"diff --git a/{display} b/{display}\n--- a/{display}\n+++ b/{display}\n")
            header_shown = True
        if session.state is None:
            session.show(_render_group(group, old_lines, new_lines))
        if session.ask(f"({number}/{len(groups)}) Apply this hunk to {display}"):
            accepted.update((i1, i2, j1, j2) for tag, i1, i2, j1, j2 in group if tag != "equal")
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(old_lines[i1:i2])
        elif (i1, i2, j1, j2) in accepted:
            out.extend(new_lines[j1:j2])
        else:
            out.extend(old_lines[i1:i2])
    return "".join(out)


def _render_group(group, old_lines: Sequence[str], new_lines: Sequence[str]) -> str:
    first, last = group[0], group[-1]
    i1, i2, j1, j2 = first[1], last[2], first[3], last[4]
    text = [f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@\n"]
    for tag, a1, a2, b1, b2 in group:
        if tag == "equal":
            text += [" " + _nl(line) for line in old_lines[a1:a2]]
            continue
        text += ["-" + _nl(line) for line in old_lines[a1:a2]]
        text += ["+" + _nl(line) for line in new_lines[b1:b2]]
    return "".join(text)


def _nl(line: str) -> str:
    return line if line.endswith("\n") else line + "\n"


def review_results(results: list[FileResult], base: str, request, output) -> list[FileResult]:
    """Ask about every changed file's hunks; returns the results with the accepted texts (and,
    for a file that keeps nothing, no project edits)."""
    secrets = [] if request.show_secrets else [
        e.value for r in results for e in r.project_edits if e.kind == "env" and e.secret
    ]
    session = Session(output, request.colour, secrets)
    reviewed = []
    for result in results:
        if not result.changed:
            reviewed.append(result)
            continue
        display = display_path(result.path)
        old, new = result.old_text or "", result.new_text or ""
        kept = review_text(session, display, old, new)
        if kept != new and kept != old:
            problem = partial_change_problem(old, kept, new)
            if problem is not None:
                output.err(f"{display}: left unchanged: {problem}")
                kept = old
        if kept == old:
            result = dataclasses.replace(result, new_text=old, project_edits=(), rewrites=())
        elif kept != new:
            result = dataclasses.replace(result, new_text=kept)
        reviewed.append(result)
    output.review_session = session  # project files are asked in the same session
    return reviewed


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
