"""Where a warm re-run's time goes: `flask-codemod apply --dry-run -j 1 ROOTS...` on an
unchanged tree whose result cache is filled, profiled in this process.

    .venv/bin/python benchmarks/profile_warm.py --realworld [--cache DIR]
    .venv/bin/python benchmarks/profile_warm.py PATH... [--cache DIR]

A first run fills the cache (DIR, default a folder in the temporary directory; skipped with
--assume-filled), then the profiled run repeats it. Printed: the import of the tool (start-up),
then the profiled run's CPU time by stage — the functions of tool/ and codemods/ with the most
cumulative time, and what they spend in hashing, JSON, file reads and git — as shares of the
whole. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--realworld", action="store_true", help="the laid-out apps of benchmarks/realworld/")
    parser.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "flask-codemod-warm-cache"))
    parser.add_argument("--assume-filled", action="store_true", help="the cache is filled already (no first run)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    roots = list(args.paths)
    if args.realworld:
        from realworld_corpus import app_targets

        roots += [root for _, root in app_targets()[0]]
    if not roots:
        parser.error("give PATH... or --realworld")
    os.environ["FLASK_CODEMOD_CACHE_DIR"] = args.cache
    os.environ.pop("FLASK_CODEMOD_NO_CACHE", None)
    command = ["apply", "--dry-run", "--no-color", "-j", "1", *roots]
    if not args.assume_filled:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "flask_codemod", *command], capture_output=True, cwd=tempfile.gettempdir())
        print(f"cache filled in {time.perf_counter() - started:.1f}s")

    started = time.process_time()
    from flask_codemod.cli import main as cli_main

    import_s = time.process_time() - started
    profile = cProfile.Profile(time.process_time)
    sys.argv = ["flask-codemod", *command]
    out, err = io.StringIO(), io.StringIO()
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        profile.enable()
        try:
            cli_main()
        except SystemExit:
            pass
        profile.disable()
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    stats = pstats.Stats(profile)
    total = max(stats.total_tt, 1e-9)
    print(f"import of the tool (start-up, CPU): {import_s:.2f}s; profiled run (CPU): {total:.2f}s")
    print(f"last line: {err.getvalue().strip().splitlines()[-1:]}")
    entries = stats.stats  # (file, line, name) -> (cc, nc, tt, ct, callers)

    def share(predicate) -> float:
        return sum(tt for key, (_cc, _nc, tt, _ct, _callers) in entries.items() if predicate(key))

    kinds = {
        "sha256 / hashing": lambda key: "sha256" in key[2] or "hashlib" in key[0] or "<built-in method _hashlib" in key[2],
        "json": lambda key: "json" in key[0] or "json" in key[2],
        "file reads / stat / listdir": lambda key: any(w in key[2] for w in ("read", "stat", "listdir", "scandir", "open", "exists", "isfile", "isdir", "realpath")) and key[0] == "~",
        "subprocess (git)": lambda key: "subprocess" in key[0] or "posix.waitpid" in key[2] or "_posixsubprocess" in key[2] or "posix.read" in key[2],
        "difflib": lambda key: "difflib" in key[0],
    }
    imports = sum(ct for key, (_cc, _nc, _tt, ct, _callers) in entries.items() if key[2] == "_find_and_load")
    print(f"modules imported during the run (lazy imports: LibCST, the codemods, reports): {imports:.2f}s {100 * imports / total:.1f}%")
    print("\nown time by kind (share of the profiled run):")
    for name, predicate in kinds.items():
        seconds = share(predicate)
        print(f"  {name:30} {seconds:6.2f}s {100 * seconds / total:5.1f}%")
    print(f"\nfunctions of the tool with the most cumulative time (top {args.top}):")
    rows = [
        (ct, tt, nc, key) for key, (_cc, nc, tt, ct, _callers) in entries.items()
        if f"{os.sep}tool{os.sep}" in key[0] or f"{os.sep}codemods{os.sep}" in key[0]
    ]
    rows.sort(reverse=True)
    for ct, tt, nc, (filename, line, name) in rows[: args.top]:
        where = os.path.relpath(filename, os.path.dirname(HERE))
        print(f"  {100 * ct / total:5.1f}% cum {ct:6.2f}s own {tt:6.2f}s {nc:7} calls  {where}:{line} {name}")


if __name__ == "__main__":
    main()
