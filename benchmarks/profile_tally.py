"""What benchmarks/profile_codemods.py counts as it goes, and its table."""

from __future__ import annotations

from collections import defaultdict


class Tally:
    """Counts and times over every file profiled, per codemod where it says so."""

    def __init__(self, names: list[str], *, floor: bool, chain: bool, vain_listed: list[str]) -> None:
        self.names = names
        self.floor = floor  # LibCST's parse of every file measured (the ratios' floor)
        self.chain = chain  # every codemod run chained on each file
        self.vain_listed = set(vain_listed)  # codemods whose every file in vain is listed
        self.base = ""  # the folder paths are shown relative to
        self.files = 0
        self.parse_s = self.gate_s = self.text_s = self.tree_s = self.project_s = self.chain_s = 0.0
        self.reached_text = self.not_compiling = 0
        self.project_gate_s: dict[str, float] = defaultdict(float)  # CPU
        self.text_accepted: dict[str, int] = defaultdict(int)
        self.by_tree: dict[str, int] = defaultdict(int)  # files the text and tree stages accepted
        self.accepted: dict[str, int] = defaultdict(int)  # ... and the project stage
        self.useful: dict[str, int] = defaultdict(int)
        self.seconds: dict[str, float] = defaultdict(float)
        self.vain_seconds: dict[str, float] = defaultdict(float)
        self.vain_examples: dict[str, list[str]] = defaultdict(list)
        self.lost: dict[str, list[str]] = defaultdict(list)
        self.per_file: list[tuple[int, int, bool]] = []  # chained: (wrappers built, codemods accepting, changed)
        # CPU of each codemod's runs alone, and the CPU of LibCST's parses made within them (the
        # module, and every module of the project its analysis parsed, once per app: what it reads)
        self.cpu: dict[str, float] = defaultdict(float)
        self.read_parse_cpu: dict[str, float] = defaultdict(float)
        self.read_parses: dict[str, int] = defaultdict(int)
        # LibCST's parses of a text a run of the codemod had parsed before in the same app (its
        # tree dropped from the kept budget): analysis, not reading
        self.again_parse_cpu: dict[str, float] = defaultdict(float)
        self.again_parses: dict[str, int] = defaultdict(int)


def print_tally(tally: Tally, codemods, *, lost: bool) -> None:
    parse_s = tally.parse_s if tally.floor else float("nan")  # every ratio to it printed as nan
    gate_s = tally.gate_s if tally.floor else float("nan")
    print(f"{tally.files} files, LibCST parse {parse_s:.2f}s; CPython compile gate {gate_s:.2f}s = {gate_s / parse_s:.3f} x parse")
    print(
        f"prefilters: text stage {tally.text_s:.2f}s = {tally.text_s / parse_s:.3f} x parse (every file), tree stage "
        f"{tally.tree_s:.2f}s = {tally.tree_s / parse_s:.3f} x parse ({tally.reached_text} files the text stage let through, "
        f"{tally.not_compiling} of them not compiling), project stage {tally.project_s:.2f}s = "
        f"{tally.project_s / parse_s:.3f} x parse (CPU per codemod: proj s)"
    )
    if tally.chain:
        print(
            f"all codemods chained (engine core, one process): {tally.chain_s:.2f}s = {tally.chain_s / parse_s:.2f} x parse "
            f"({len(tally.per_file)} files parsed)"
        )
    print()
    print(
        f"{'codemod':16} {'text':>5} {'tree':>5} {'proj s':>6} {'accepts':>7} {'output':>6} {'in vain':>7} {'alone s':>8} {'x parse':>8} {'vain s':>7} {'vain %':>6}"
        f"{' LOST' if lost else ''}  vain examples"
    )
    for codemod in codemods:
        name = codemod.NAME
        accepted, useful = tally.accepted[name], tally.useful[name]
        vain = accepted - useful
        print(
            f"{name:16} {tally.text_accepted[name]:5} {tally.by_tree[name]:5} {tally.project_gate_s[name]:6.2f} {accepted:7} "
            f"{useful:6} {vain:7} {tally.seconds[name]:8.2f} {tally.seconds[name] / parse_s:8.2f} {tally.vain_seconds[name]:7.2f} "
            f"{100 * vain / max(1, accepted):5.0f}%{f' {len(tally.lost[name]):4}' if lost else ''}  {', '.join(tally.vain_examples[name][:3])}"
        )
    print()
    print(
        "analysis cost (CPU of each codemod's runs alone, against LibCST's parse of the texts they read: the module "
        "and each project module its analysis parsed, each text once per app; a text parsed again counts as analysis):"
    )
    for codemod in codemods:
        name = codemod.NAME
        parsed = tally.read_parse_cpu[name]
        if tally.accepted[name]:
            print(
                f"    {name:16} {tally.cpu[name]:8.2f}s CPU against {parsed:7.2f}s parsing {tally.read_parses[name]:4} texts"
                f" = {tally.cpu[name] / parsed if parsed else float('nan'):5.2f} x (beyond the parse: "
                f"{(tally.cpu[name] - parsed) / parsed if parsed else float('nan'):5.2f} x; parsed again: "
                f"{tally.again_parses[name]} parses, {tally.again_parse_cpu[name]:.2f}s)"
            )
    over = [c.NAME for c in codemods if 4 * (tally.accepted[c.NAME] - tally.useful[c.NAME]) > tally.accepted[c.NAME]]
    print(f"codemods parsing more than 1 file in 4 in vain: {', '.join(over) or 'none'}")
    for name in tally.vain_listed:
        print(f"in vain {name}: {len(tally.vain_examples[name])} files")
        for path in tally.vain_examples[name]:
            print(f"    {path}")
    for name, paths in tally.lost.items():
        if paths:
            print(f"LOST {name}: {', '.join(paths)}")
    if tally.per_file:
        unchanged = [w for w, _, changed in tally.per_file if not changed]
        changed = [(w, k) for w, k, c in tally.per_file if c]
        print()
        print(
            f"MetadataWrappers built per parsed file: unchanged files {sum(unchanged) / max(1, len(unchanged)):.2f} "
            f"(max {max(unchanged, default=0)}; 1 = shared by every codemod), "
            f"changed files {sum(w for w, _ in changed) / max(1, len(changed)):.2f} "
            f"for {sum(k for _, k in changed) / max(1, len(changed)):.2f} codemods accepting them"
        )
