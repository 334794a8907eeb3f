"""The codemod contract: what every codemod is, and what it may tell the engine.

A codemod is a short class. It declares who it is (``NAME``, ``SUMMARY``, ``SAFETY``), the
options it takes (``OPTIONS``) and the LibCST metadata it needs (``METADATA``); it offers a
cheap text prefilter (``applies_to``), gates on the AST and on the rest of the project, and a
pure ``transform`` from module to module. What it saw but would not rewrite goes to
``ctx.finding``; what must change outside the file goes to ``ctx.project_edit``. Other files of
the project are read through the tool: ``ctx.read_file`` (a file relative to this one) and
``ctx.project_files()`` (the list of the project's Python modules). Nothing here touches the
disk or the terminal.
"""

from __future__ import annotations

import ast
import inspect
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Sequence

from ._code_kinds import (  # noqa: F401 (names of the contract, imported from here too)
    ACTS_ON_BY_GROUP, APPLICATION, CODE_KINDS, EXAMPLES, PACKAGING, RETIRED, TESTS, code_kind, module_kind,
    reports_findings,
)
from ._contract_records import Finding, PROJECT_EDIT_KINDS, ProjectEdit, ProjectFiles, project_files_of
from ._line_map import FileLines
from ._module_code import ModuleCode
from ._option import Option  # noqa: F401 (a name of the contract, imported from here too)
from ._parsed_modules import python_tree as parsed_text

if TYPE_CHECKING:  # LibCST is imported when a file is transformed, not by `--help` or `list`
    import libcst as cst
    from libcst.metadata import MetadataWrapper, ProviderT

SAFETY_LEVELS = ("safe", "review")
# cleanup: the guides' practices; upgrade: legacy APIs for the target Flask version (both run by
# default); policy: settings that pick a number the code does not hold (only when selected).
GROUPS = ("cleanup", "upgrade", "policy")
DEFAULT_GROUPS = ("cleanup", "upgrade")


def metadata_value(wrapper: MetadataWrapper, provider: ProviderT, node: cst.CSTNode, default: Any = None) -> Any:
    """``node``'s metadata from ``provider`` (resolved lazily where LibCST defers it)."""
    value = wrapper.resolve(provider).get(node, default)
    return value() if isinstance(value, _lazy_value_type()) else value


_LAZY_VALUE: Any = None


def _lazy_value_type() -> Any:
    global _LAZY_VALUE
    if _LAZY_VALUE is None:
        from libcst.metadata.base_provider import LazyValue

        _LAZY_VALUE = LazyValue
    return _LAZY_VALUE


class UsageError(ValueError):
    """A wrong codemod name or option: the command line maps it to exit code 2."""


class Context:
    """What a codemod knows of the file it transforms, and where it reports to.

    ``path``: the file's path as its project sees it. For a file on disk the tool gives its
    path relative to the project root (``pkg/tests/test_app.py``), so that rules about where
    a file is (test code, a config folder, a packaging script) never look at the folders
    above the project. One context serves one file; the engine sets ``codemod`` before each
    codemod runs.
    """

    def __init__(
        self,
        path: str = "<string>",
        options: Mapping[str, Mapping[str, Any]] | None = None,
        read_file: Callable[[str], str | None] | None = None,
        target_version: tuple[int, int] | None = None,
    ) -> None:
        self.path = path
        # the Flask version the code must run on, as (major, minor); None: the newest known
        self.target_version = target_version
        self._options = options or {}
        self._read_file = read_file
        self.codemod: Codemod | None = None
        self.findings: list[Finding] = []
        self.project_edits: list[ProjectEdit] = []
        self.rewrites: dict[str, int] = {}
        self._wrappers: dict[int, tuple[cst.Module, MetadataWrapper]] = {}
        self._wrapper: MetadataWrapper | None = None
        self._positions: Mapping[cst.CSTNode, Any] | None = None
        self._trusted_module_id: int | None = None
        self._source_tree: tuple[cst.Module, ast.Module] | None = None
        self._serves: bool | None = None  # (``_serves_the_app``)
        self.module_code = ModuleCode()  # the trees' code, each top-level statement rendered once
        # the lines of the tree each codemod is given, as lines of the user's file (the engine sets it up)
        self.file_lines = FileLines(self.module_code.code)

    # -- options ---------------------------------------------------------------------------
    @property
    def options(self) -> dict[str, Any]:
        """The running codemod's options, defaults filled in."""
        assert self.codemod is not None
        given = self._options.get(self.codemod.NAME, {})
        return {name: given.get(name, opt.default) for name, opt in self.codemod.OPTIONS.items()}

    # -- other files of the project ----------------------------------------------------------
    def read_file(self, relative_path: str) -> str | None:
        """The text of another file (a template, a Procfile), relative to this file's folder
        (``..`` allowed); None when it does not exist or cannot be read. The tool supplies
        the reading: codemods never open files themselves."""
        return self._read_file(relative_path) if self._read_file is not None else None

    def byte_order_mark(self, relative_path: str) -> str | None:
        """The encoding the byte-order mark of another file names (``"utf-16"``, ``"utf-32"``,
        ``"utf-8"``), relative as ``read_file`` takes it; None when it has none, or the tool
        cannot tell (a reader that does not say). ``read_file`` gives the text behind it."""
        asks = getattr(self._read_file, "byte_order_mark", None)
        return asks(relative_path) if asks is not None else None

    def project_files(self) -> ProjectFiles | None:
        """The files of this file's project (see ProjectFiles), or None when the tool lists none (a
        text transformed on its own: the project is then this file alone). For a codemod that must
        know what the rest of the project does; read what it needs with ``read_file``."""
        return project_files_of(self._read_file)

    # -- metadata --------------------------------------------------------------------------
    def trust_unique_nodes(self, module: cst.Module, tree: ast.Module | None = None) -> None:
        """Declare ``module`` freshly parsed (``tree``: the stdlib AST of its text): each node
        occurs once, so metadata may be resolved without LibCST's defensive deep copy."""
        self._trusted_module_id = id(module)
        self._source_tree = (module, tree) if tree is not None else None

    def python_tree(self, module: cst.Module, *, render: bool = True) -> ast.Module | None:
        """The stdlib AST of ``module``'s code (None: no Python): the engine's own for its tree,
        else a parse of the rendered code (``render=False``: None, when that cost is not worth it)."""
        if self._source_tree is not None and self._source_tree[0] is module:
            return self._source_tree[1]
        return parsed_text(self.module_code.code(module)) if render else None

    def metadata(self, module: cst.Module, providers: Sequence[ProviderT] = ()) -> MetadataWrapper:
        """A MetadataWrapper for ``module`` with ``providers`` resolved (positions, for line
        numbers, only when first needed).

        Resolved once per tree: a second codemod that sees the same, unchanged tree gets the
        same wrapper. Transform ``wrapper.module`` (``wrapper.visit(...)``), not ``module``:
        the wrapper may hold a copy.
        """
        from . import _metadata

        key = id(module)
        cached = self._wrappers.get(key)
        if cached is None or cached[0] is not module:
            earlier = self._wrapper  # the newest tree's: most of its statements are likely in this one
            wrapper = _metadata.new_wrapper(
                module, unique=key == self._trusted_module_id, renderings=self.module_code, earlier=earlier
            )
            cached = (module, wrapper)
            self._wrappers = {key: cached}  # only the newest tree is worth keeping
            if wrapper.module is not module:
                # the copy is a fresh tree too: keep it reachable under its own id
                self._wrappers[id(wrapper.module)] = (wrapper.module, wrapper)
        wrapper = cached[1]
        _metadata.resolve(wrapper, providers)
        self._wrapper = wrapper
        self._positions = None
        return wrapper

    # -- lines of the user's file ------------------------------------------------------------
    def file_line(self, where: cst.CSTNode | int) -> int:
        """The line to cite in a message: ``where``'s line (a node, or a line number counted in the
        tree this codemod was given, as ``line_of`` counts) in the file the user has. An earlier
        codemod may have moved it: ``line_of`` is for comparing places, this one for naming them."""
        line = where if isinstance(where, int) else self.line_of(where)
        lines = self.file_lines.of_given()
        return lines.line(line) if lines is not None else line

    def position_of(self, node: cst.CSTNode) -> Any:
        if self._positions is None and self._wrapper is not None:
            from libcst.metadata import PositionProvider

            self._positions = self._wrapper.resolve(PositionProvider)
        return self._positions.get(node) if self._positions is not None else None

    def line_of(self, node: cst.CSTNode) -> int:
        position = self.position_of(node)
        return position.start.line if position is not None else 0

    # -- reporting -------------------------------------------------------------------------
    def finding(self, node: cst.CSTNode | None, message: str, *, line: int | None = None, column: int | None = None) -> None:
        """Record that ``node`` was left alone, and why (a sentence a user understands); ``line`` and
        ``column`` (1-based), when the codemod knows them, spare looking up ``node``'s position. Both
        are counted in the tree the codemod was given; the finding gets the place in the user's file
        (a line an earlier codemod wrote: the start of that change). A line cited in ``message``:
        ``file_line``."""
        assert self.codemod is not None
        if not reports_findings(self.codemod.GROUP, self.path, self._serves_the_app):
            return
        position = self.position_of(node) if node is not None and (line is None or column is None) else None
        line = line if line is not None else position.start.line if position is not None else 0
        column = column if column is not None else position.start.column + 1 if position is not None else 0
        lines = self.file_lines.of_given()
        if lines is not None:
            line, column = lines.place(line, column)
        self.findings.append(Finding(self.codemod.NAME, line, column, message))

    def _serves_the_app(self) -> bool:
        """Whether this module, though in a folder of helper scripts, is part of the service
        the project deploys (``_served_scripts``); asked once."""
        if self._serves is None:
            from ._served_scripts import serves_the_app

            self._serves = serves_the_app(self.project_files(), self.read_file)
        return self._serves

    def project_edit(
        self,
        kind: str,
        key: str,
        value: str = "",
        *,
        secret: bool = False,
        example: str = "",
        node: cst.CSTNode | None = None,
    ) -> None:
        """Ask for a change outside this file (see ProjectEdit)."""
        assert self.codemod is not None
        if kind not in PROJECT_EDIT_KINDS:
            raise ValueError(f"unknown project edit kind {kind!r}")
        line = self.file_line(node) if node is not None else 0
        self.project_edits.append(
            ProjectEdit(self.codemod.NAME, kind, key, value, secret, example, line)
        )

    def rewrote(self, count: int = 1) -> None:
        """Count rewrites for the summary (``NAME 3``)."""
        assert self.codemod is not None
        name = self.codemod.NAME
        self.rewrites[name] = self.rewrites.get(name, 0) + count


class Codemod:
    """Base class. Subclasses in ``codemods/<name>.py`` are found by the registry.

    A subclass's docstring is its user documentation: ``flask-codemod explain`` prints it, and
    the README's section of the codemod is generated from it (``python -m flask_codemod.docs``).
    Its gates (``applies_to_file``, ``applies_to_tree``, ``applies_to_project``) live with
    it, the first two on the generic facts of ``_ast_facts``."""

    NAME: ClassVar[str] = ""
    SUMMARY: ClassVar[str] = ""
    SAFETY: ClassVar[str] = "safe"
    GROUP: ClassVar[str] = "cleanup"  # one of GROUPS
    # lower runs first; ties run in name order
    ORDER: ClassVar[int] = 100
    OPTIONS: ClassVar[dict[str, Option]] = {}
    # The kinds of code (CODE_KINDS) it acts on; None: ACTS_ON_BY_GROUP[GROUP]. The engine
    # runs a codemod only on files whose code_kind it names.
    ACTS_ON: ClassVar[tuple[str, ...] | None] = None
    # LibCST metadata providers the transform needs (resolved once per tree by ctx.metadata)
    METADATA: ClassVar[tuple[ProviderT, ...]] = ()
    # Words of which at least one must occur in the source for the codemod to apply.
    TRIGGERS: ClassVar[tuple[str, ...]] = ()
    # True when each rewrite changes only its own statements and nothing else depends on it,
    # so a `# flask-codemod: skip` comment can suppress one rewrite and keep the others.
    # False: a suppression comment anywhere in the file suppresses the codemod for the file.
    LOCAL_REWRITES: ClassVar[bool] = False

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def acts_on(cls) -> tuple[str, ...]:
        """The kinds of code this codemod may change (see CODE_KINDS)."""
        return cls.ACTS_ON if cls.ACTS_ON is not None else ACTS_ON_BY_GROUP[cls.GROUP]

    @classmethod
    def acts_on_path(cls, path: str, text: str | None = None) -> bool:
        """Whether the file at ``path`` (text ``text``, when known) holds code this codemod may change."""
        return module_kind(path, text) in cls.acts_on()

    @classmethod
    def runs_by_default(cls) -> bool:
        """Whether it runs without being selected (policy codemods do not)."""
        return cls.GROUP in DEFAULT_GROUPS

    def applies_to(self, source: str) -> bool:
        """Cheap prefilter on the text; False means the file is not even parsed."""
        return not self.TRIGGERS or any(word in source for word in self.TRIGGERS)

    def applies_to_file(self, source: str, path: str) -> bool:
        """``applies_to`` when the file's path is known too (the engine asks this one): a
        codemod whose rules depend on the path may say no to more files here."""
        return self.applies_to(source)

    def applies_to_tree(self, tree: ast.Module, path: str) -> bool:
        """Second prefilter, for files ``applies_to`` accepted: ``tree`` is the standard
        library's AST the engine's compile gate built anyway (a small fraction of a LibCST
        parse), ``path`` the file's path. False means LibCST does not parse the file for this
        codemod. It must never say False for a file the codemod would change, report a
        finding for, or ask a project edit for."""
        return True

    def applies_to_project(self, tree: ast.Module, ctx: Context) -> bool:
        """Third prefilter, for files both others accepted, asked before LibCST parses the
        file: whether what the rest of the project holds lets the codemod act here (a
        Procfile that starts the server), read with the file's own AST at hand (``tree``, as
        ``applies_to_tree`` gets it). ``ctx`` is the file's Context before the
        transform: its path, options, ``ctx.read_file`` and ``ctx.project_files()`` (read
        only through these, so that the result cache records what the answer depends on);
        nothing reported here is kept. Like the other gates it must never say False for a
        file the codemod would change, report a finding for, or ask a project edit for:
        when unsure, True. An exception counts as True."""
        return True

    def transform(self, module: cst.Module, ctx: Context) -> cst.Module:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<codemod {self.NAME}>"


def validate_options(
    codemods: Sequence[type[Codemod]], raw: Mapping[str, Mapping[str, Any]], *, from_text: bool
) -> dict[str, dict[str, Any]]:
    """Check ``{codemod: {option: value}}`` against the codemods' OPTIONS.

    Raises UsageError naming the codemod and option when something is unknown or ill-typed.
    """
    by_name = {c.NAME: c for c in codemods}
    result: dict[str, dict[str, Any]] = {}
    for name, values in raw.items():
        cls = by_name.get(name)
        if cls is None:
            raise UsageError(f"unknown codemod {name!r} in option")
        for option, value in values.items():
            spec = cls.OPTIONS.get(option)
            if spec is None:
                known = ", ".join(sorted(cls.OPTIONS)) or "none"
                raise UsageError(f"{name} has no option {option!r} (options: {known})")
            convert: Callable[[Any], Any] = spec.parse if from_text else spec.check
            try:
                result.setdefault(name, {})[option] = convert(value)
            except ValueError as error:
                raise UsageError(f"{name}.{option}: {error}") from None
    return result
