"""Run flask-codemod on the pinned public Flask apps and check every change against the
review ledger.

    .venv/bin/python benchmarks/realworld/run.py                  # every app in apps.tsv
    .venv/bin/python benchmarks/realworld/run.py --app redash     # one app (repeatable)
    .venv/bin/python benchmarks/realworld/run.py --only-unjudged  # hide changes judged noise/wrong

Each app is laid out at its pinned commit under --workdir (default: the user cache dir,
flask-codemod/realworld) from the mirror ``fetch`` brought (--mirrors, default /work/.mirror),
then the tool runs on it with ``--dry-run``: once with the default selection, once with every
codemod selected, and once per codemod alone to attribute each change. A change is
identified by (app, path, line in the original pinned file, codemod) and looked up in
verdicts.tsv. Printed: every change without a verdict or judged wrong or noise, with its
diff; then totals per codemod and per app. Exit status: 0 when every change has a verdict and
none is wrong; 1 otherwise; 3 when an app could not be laid out or the tool failed on it.
Not part of `make test`: it needs the mirrors. See README.md beside this file.

With --select (a few codemods) the ledger judges less: it judges the changes of a run of every
codemod, and where two of them change one place that run makes one change keyed by both
(``http-timeout+open-with``), while a run of one makes that codemod's change alone, which no
row judges. A row that names a codemod outside the selection is then neither stale nor used; a
change at the place of such a row, with exactly the selected codemods of its key, is shown
with it as made IN COMBINATION, counted apart (column "combined"), and is no failure: it is
not judged either. Other changes are looked up as in a full run (partial_selection.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from layout import DEFAULT_MIRRORS, LayoutError, default_workdir, lay_out  # noqa: E402
from ledger import APPS_FILE, VERDICTS, VERDICTS_FILE, LedgerError, load_apps, load_verdicts  # noqa: E402
from partial_selection import can_make, made_in_combination  # noqa: E402
from tool_runs import ALL_SELECTION, DEFAULT_SELECTION, AppResult, ToolFailure, codemod_names, review_app  # noqa: E402

SELECTIONS = (DEFAULT_SELECTION, ALL_SELECTION)
COLUMNS = ("changes", *VERDICTS, "unjudged", "combined", "findings")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--app", action="append", default=[], metavar="NAME", help="only this app (repeatable)")
    parser.add_argument("--workdir", default=default_workdir(), help="where the apps are laid out (default: %(default)s)")
    parser.add_argument("--mirrors", default=DEFAULT_MIRRORS, help="where fetch puts the mirrors (default: %(default)s)")
    parser.add_argument("--apps-file", default=APPS_FILE)
    parser.add_argument("--verdicts-file", default=VERDICTS_FILE)
    parser.add_argument("--tool", help="the flask-codemod command (default: this python -m flask_codemod)")
    parser.add_argument("--only-unjudged", action="store_true", help="print only changes without a verdict")
    parser.add_argument("--show-good", action="store_true", help="also print changes judged good")
    parser.add_argument("--findings", action="store_true", help="print the findings of the all-codemods run, by class")
    parser.add_argument("--todo", metavar="FILE", help="write the keys of unjudged changes as ledger rows to fill in")
    parser.add_argument("--json", metavar="FILE", help="write every change and its verdict as JSON")
    parser.add_argument("--cache", action="store_true", help="let the tool use its result cache (default: --no-cache)")
    parser.add_argument("-j", "--jobs", type=int, help="worker processes for each tool run")
    parser.add_argument("--select", action="append", default=[], metavar="NAMES",
                        help="run only these codemods (repeatable, comma-separated): both selections become this one; "
                             "ledger rows that name another codemod are neither stale nor used, and a change the full run "
                             "makes in combination with one (a row a+b, where only a is selected) is shown with that row, "
                             "counted as combined, not judged and no failure")
    return parser.parse_args(argv)


def _selections_text(selections: set[str]) -> str:
    return ",".join(name for name in SELECTIONS if name in selections)


def print_change(app: str, change, verdict, combined: list | None = None) -> None:
    state = verdict.verdict.upper() if verdict else "IN COMBINATION" if combined else "UNJUDGED"
    print(f"--- {app}  {change.path}:{change.line}  {change.codemod}  {state}  [{_selections_text(change.selections)}]")
    if verdict:
        print(f"    reason: {verdict.reason}")
    for row in combined or ():
        print(f"    not judged: the ledger judges what the full run makes here, {row.codemod} ({row.verdict}: {row.reason})")
    print(change.block.render())
    print()


def _finding_class(reason: str) -> str:
    """A finding's reason with names, strings and numbers blanked, to count its kind."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "'…'", reason)
    text = re.sub(r"@[\w.]+", "@…", text)
    text = re.sub(r"\b[\w.]+\(\)", "…()", text)
    text = re.sub(r"\b\d+(\.\d+)?\b", "N", text)
    return text[:110]


def print_findings(results: dict[str, AppResult]) -> None:
    classes: dict[tuple[str, str], list[str]] = {}
    for app, result in results.items():
        for path, line, codemod, reason in result.finding_rows:
            classes.setdefault((codemod, _finding_class(reason)), []).append(f"{app}:{path}:{line}")
    print("== findings (all codemods selected), by codemod and kind")
    for (codemod, kind), where in sorted(classes.items(), key=lambda item: (item[0][0], -len(item[1]))):
        print(f"{len(where):5}  {codemod:16} {kind}    e.g. {where[0]}")
    print()


def _row(label: str, counts: dict[str, int], width: int) -> str:
    return f"{label:<{width}}" + "".join(f"{counts.get(column, 0):>10}" for column in COLUMNS)


def print_totals(results: dict[str, AppResult], verdicts: dict, names: list[str], selected: set[str] | None) -> None:
    for selection in SELECTIONS:
        per_codemod: dict[str, dict[str, int]] = {}
        per_app: dict[str, dict[str, int]] = {}
        for app, result in results.items():
            app_counts = per_app.setdefault(app, {})
            for codemod, count in result.findings.get(selection, {}).items():
                per_codemod.setdefault(codemod, {})["findings"] = per_codemod.get(codemod, {}).get("findings", 0) + count
                app_counts["findings"] = app_counts.get("findings", 0) + count
            for key, change in result.changes.items():
                if selection not in change.selections:
                    continue
                verdict = verdicts.get((app, *key))
                combined = not verdict and made_in_combination(app, *key, verdicts, selected)
                state = verdict.verdict if verdict else "combined" if combined else "unjudged"
                for counts in (per_codemod.setdefault(change.codemod, {}), app_counts):
                    counts["changes"] = counts.get("changes", 0) + 1
                    counts[state] = counts.get(state, 0) + 1
        overall: dict[str, int] = {}
        for counts in per_codemod.values():
            for column, value in counts.items():
                overall[column] = overall.get(column, 0) + value
        order = [name for name in names if name in per_codemod] + sorted(set(per_codemod) - set(names))
        header = f"{'':<22}" + "".join(f"{column:>10}" for column in COLUMNS)
        print(f"== totals, {selection} selection, per codemod")
        print(header)
        for name in order:
            print(_row(name, per_codemod[name], 22))
        print(_row("overall", overall, 22))
        print(f"== totals, {selection} selection, per app")
        print(header)
        for app in results:
            print(_row(app, per_app.get(app, {}), 22))
        print()


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    try:
        apps = load_apps(args.apps_file)
        verdicts = load_verdicts(args.verdicts_file, apps)
    except (OSError, LedgerError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    unknown = set(args.app) - {app.name for app in apps}
    if unknown:
        print(f"error: unknown app(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    chosen = [app for app in apps if not args.app or app.name in args.app]
    try:
        names = codemod_names(args.tool)
    except (OSError, ToolFailure) as error:
        print(f"error: {error}", file=sys.stderr)
        return 3
    selected = [name.strip() for text in args.select for name in text.split(",") if name.strip()]
    if selected:
        unknown = set(selected) - set(names)
        if unknown:
            print(f"error: unknown codemod(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        names = [name for name in names if name in selected]
    os.makedirs(args.workdir, exist_ok=True)
    results: dict[str, AppResult] = {}
    failures: list[str] = []
    started = time.monotonic()
    for app in chosen:
        try:
            root, absent = lay_out(app, args.workdir, args.mirrors)
            target = os.path.join(root, app.subdir) if app.subdir else root
            clock = time.monotonic()
            result = review_app(args.tool, root, target, names, args.cache, args.jobs, bool(selected))
        except (LayoutError, ToolFailure, OSError) as error:
            failures.append(f"{app.name}: {error}")
            print(f"!!! {app.name}: {error}", file=sys.stderr)
            continue
        results[app.name] = result
        print(f"... {app.name}: {len(result.changes)} changes, {result.runs} runs, "
              f"{time.monotonic() - clock:.1f}s" + (f", {len(absent)} files absent from the snapshot" if absent else ""),
              file=sys.stderr)
    only = set(names) if selected else None
    flagged = 0
    todo: list[str] = []
    report: list[dict] = []
    for app, result in results.items():
        for key in sorted(result.changes, key=lambda key: (key[0], key[1], key[2])):
            change = result.changes[key]
            verdict = verdicts.get((app, *key))
            combined = [] if verdict else made_in_combination(app, *key, verdicts, only)
            report.append({"app": app, "path": change.path, "line": change.line, "codemod": change.codemod,
                           "selections": sorted(change.selections), "verdict": verdict.verdict if verdict else None,
                           "combined_with": [row.codemod for row in combined]})
            if verdict is None and not combined:
                todo.append(f"{app}\t{change.path}\t{change.line}\t{change.codemod}\t?\t")
            if verdict is None or verdict.verdict in ("wrong", "noise") or args.show_good:
                if args.only_unjudged and verdict is not None:
                    continue
                print_change(app, change, verdict, combined)
                flagged += 1
    stale = [v for v in verdicts.values() if v.app in results and (v.path, v.line, v.codemod) not in results[v.app].changes
             and can_make(v.codemod, only)]
    for verdict in stale:
        print(f"stale verdict (the change no longer happens): {verdict.app} {verdict.path}:{verdict.line} {verdict.codemod} {verdict.verdict}")
    if args.findings:
        print_findings(results)
    print_totals(results, verdicts, names, only)
    errors = [(app, error) for app, result in results.items() for error in result.errors]
    print(f"== files the tool could not process: {len(errors)}")
    for app, error in errors:
        print(f"  {app}: {error}")
    for failure in failures:
        print(f"!!! {failure}")
    print(f"{len(results)} apps in {time.monotonic() - started:.0f}s; {len(stale)} stale verdicts")
    if args.todo:
        with open(args.todo, "w", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in todo))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"changes": report, "errors": [f"{a}: {e}" for a, e in errors], "failures": failures}, handle, indent=1)
    if failures:
        return 3
    bad = any(entry["verdict"] == "wrong" or entry["verdict"] is None and not entry["combined_with"] for entry in report)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
