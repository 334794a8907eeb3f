"""What dotenv-config needs to know of the whole project, read-only.

- Every name the project reads from the environment, in any module (``os.environ[...]``,
  ``os.getenv``, ``environ.get``, environs' ``env(...)``, decouple's ``config(...)``): such a
  name is never taken for a variable of ours.
- The project's configuration loading: every ``X.config.from_object / from_pyfile /
  from_envvar / from_file / from_prefixed_env`` call and the non-literal ``update`` /
  ``from_mapping``; which modules and classes they load (the only configuration besides
  ``app.config[...]`` that dotenv-config touches), and whether something is loaded after
  them (then what they load are defaults the project overrides).

Other modules are read with the standard library's ``ast`` (a fraction of a LibCST parse),
and only those whose text shows what is looked for. Without a listing of the project
(``ctx.project_files()`` is None), the project is the transformed file alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._base import Context
from ._dotenv_config_env_reads import env_names_read
from ._dotenv_config_loaders import Loader, _loaders, _module_names
from ._project_memo import DerivedMemo

# a loader's call; ``update`` / ``from_mapping`` only on something named ``config`` (``_loader``),
# maybe with closing parentheses, line continuations and comments before the dot (two patterns,
# each found by its literal start: one that starts with either searches ten times slower)
_LOADER_CALL = re.compile(r"\.\s*(?:from_object|from_pyfile|from_envvar|from_file|from_prefixed_env)\s*\(")
# (a comment runs to the end of its line, or to what ends the match on its line: written so that
# a text splits one way only, since a run of comment lines after ``config`` made the looser
# ``(?:[\s)\\]|#[^\n]*)*`` backtrack exponentially; the texts it matches are the same)
_CONFIG_UPDATE = re.compile(r"config(?:[\s)\\]|#[^\n]*\n)*(?:#[^\n]*)?\.\s*(?:update|from_mapping)\s*\(")


@dataclass
class ConfigUse:
    """How the project's configuration loading reaches one module."""

    whole: bool = False  # loaded as a module (its UPPER_CASE constants are configuration)
    itself: bool = False  # the module loads itself: from_object(__name__)
    classes: set[str] = field(default_factory=set)  # its classes loaded by name
    any_class: bool = False  # a class picked from it at run time (``config[name]``)
    overridden_by: str = ""  # a loader that runs after one that loads it

    @property
    def reached(self) -> bool:
        return self.whole or self.any_class or bool(self.classes)


# -- reading the project ----------------------------------------------------------------------------


class ProjectView:
    """The facts of the project a transform needs, gathered once per transform. Without
    ``environment`` (the project gate asks only how configuration is loaded), ``env_reads``
    stays empty: what the modules read from the environment is not derived (a view that
    needs it derives it for a module whose kept reading lacks it)."""

    def __init__(self, ctx: Context, own_text: str, environment: bool = True) -> None:
        listing = ctx.project_files()
        # the project root as read_file takes it; None when the tool listed no project
        self.root: str | None = listing.relative("") if listing is not None else None
        self.this = listing.this if listing is not None else _basename(ctx.path)
        self._cite_own = ctx.file_line  # a line of the transformed module's tree -> the line of its file
        self.files: tuple[str, ...] = listing.files if listing is not None else (self.this,)
        self.env_reads: dict[str, str] = {}  # name -> a module that reads it
        self.loaders: list[Loader] = []
        # what each module said when last read, by path, for this project (told apart by its
        # listing; what is kept is checked by its text)
        kept = _READ.of(hash(self.files)) if self.root is not None else {}
        read_file, this, root = ctx.read_file, self.this, self.root
        env_reads, found = self.env_reads, self.loaders
        for path in self.files:
            if path == this:
                names, loaders = _read_config(path, own_text, environment)
            elif root is None:
                continue
            else:
                text = read_file(root + path)  # listing.relative(path)
                if text is None:
                    continue
                known = kept.get(path)
                if known is None or not (known[0] is text or known[0] == text) or (environment and known[1][0] is None):
                    # not read yet, read otherwise, or kept by a view without the names read
                    known = kept[path] = (text, _read_config(path, text, environment))
                names, loaders = known[1]
            if environment and names:
                for name in names:  # type: ignore[union-attr]
                    env_reads.setdefault(name, path)
            if loaders:
                found.extend(loaders)

    # -- configuration loading -----------------------------------------------------------------
    def use_of(self, path: str) -> ConfigUse:
        """How the configuration loading reaches module ``path``."""
        use = ConfigUse()
        own_names = _module_names(path)
        for loader in self.loaders:
            reached = False
            for module, attribute in loader.modules:
                if module == "__name__" and loader.path == path:
                    use.whole = use.itself = reached = True
                elif _names_module(module, own_names):
                    reached = True
                    if attribute is None:
                        use.whole = True
                    elif attribute == "*":
                        use.any_class = True
                    else:
                        use.classes.add(attribute)
                elif attribute not in (None, "*") and _names_module(f"{module}.{attribute}", own_names):
                    use.whole = reached = True
            for file in loader.files:
                if _names_file(file, path, loader.path):
                    use.whole = reached = True
            if reached and not use.overridden_by:
                later = self.loaded_after(loader)
                if later is not None:
                    use.overridden_by = self.describe(later)
        return use

    def describe(self, loader: Loader) -> str:
        """``loader`` for a message, its line in the file the user has."""
        return loader.describe(self._cite_own if loader.path == self.this else None)

    def loaded_after(self, loader: Loader) -> Loader | None:
        """A loader that runs after ``loader`` on (presumably) the same config object."""
        for other in self.loaders:
            same_run = other.path == loader.path and other.scope == loader.scope and not other.excludes(loader)
            if same_run and other.line > loader.line:
                return other
        return None

    def loaders_after(self, line: int, scope: int) -> Loader | None:
        """A loader of this module after ``line`` in ``scope`` (an ``app.config[...] = ...``
        that a later ``from_pyfile`` may override)."""
        for loader in self.loaders:
            if loader.path == self.this and loader.scope == scope and loader.line > line:
                return loader
        return None

    def siblings(self, path: str) -> list[str]:
        """The modules in the same folder as ``path``."""
        folder = path.rpartition("/")[0]
        return [other for other in self.files if other.rpartition("/")[0] == folder and other != path]


class _ModuleReads(DerivedMemo):
    """What each module of a project said when last read, for every view of the process:
    per project, path -> (its text, ``_read_config`` of it). Emptied with every memo
    (``forget_every_memo``), and a project's table once it holds ``_MODULES_KEPT`` modules."""

    def of(self, project: int) -> dict[str, tuple[str, tuple[frozenset[str] | None, tuple[Loader, ...]]]]:
        found, kept = self.recall(project, _nothing_asked)  # kept with no reads: given until emptied
        if not found or len(kept) >= _MODULES_KEPT:
            kept = {}
            self.keep(project, (), kept)
        return kept


def _nothing_asked(question: object, returned: object) -> bool:  # pragma: no cover - no reads are kept
    return False


_MODULES_KEPT = 4096
_READ = _ModuleReads()


def _read_config(path: str, text: str, environment: bool = True) -> tuple[frozenset[str] | None, tuple[Loader, ...]]:
    """The names the module at ``path`` reads from the environment (None: not derived,
    without ``environment``), and its loaders."""
    may_load = _LOADER_CALL.search(text) or _CONFIG_UPDATE.search(text)
    return env_names_read(text) if environment else None, _loaders(path, text) if may_load else ()



def _basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]



def _names_module(dotted: str, own_names: list[str]) -> bool:
    return dotted in own_names


def _names_file(file: str, path: str, loader_path: str) -> bool:
    """Whether ``from_pyfile(file)`` in ``loader_path`` may load ``path``: ``file`` relative to
    the app's folder (the loader's, or its package's) or to an ``instance`` folder."""
    file = file.replace("\\", "/").lstrip("/")
    while file.startswith("./"):
        file = file[2:]
    if not file.endswith(".py"):
        return False
    folder = loader_path.rpartition("/")[0]
    bases = {folder, folder.rpartition("/")[0], "instance", f"{folder}/instance", f"{folder.rpartition('/')[0]}/instance"}
    return any(path == (f"{base}/{file}" if base else file) for base in bases)
