"""What dotenv-config needs to know of the whole project, read-only.

- Every name the project reads from the environment, in any module (``os.environ[...]``,
  ``os.getenv``, ``environ.get``, environs' ``env(...)``, decouple's ``config(...)``): such a
  name is never taken for a variable of ours.
- The project's configuration loading: every ``X.config.from_object / from_pyfile /
  from_envvar / from_file / from_prefixed_env`` call and the non-literal ``update`` /
  ``from_mapping``; which modules and classes they load (the only configuration besides
  ``app.config[...]`` that dotenv-config touches), and whether something is loaded after
  them (then what they load are defaults the project overrides, of the keys such a later
  loader may set: one that loads a settings module or plain class of the project sets only
  what it spells, ``_config_object``).

Other modules are read with the standard library's ``ast`` (a fraction of a LibCST parse),
and only those whose text shows what is looked for. Without a listing of the project
(``ctx.project_files()`` is None), the project is the transformed file alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._base import Context
from ._config_object import dotted_settings, sets_none_of
from ._dotenv_config_factory_callers import followed
from ._dotenv_config_loaders import Loader, _module_names
from ._dotenv_config_project_index import ProjectSays, _read_config, project_says

if TYPE_CHECKING:
    from ._dotenv_config_readers import TopLevel

@dataclass
class ConfigUse:
    """How the project's configuration loading reaches one module."""

    whole: bool = False  # loaded as a module (its UPPER_CASE constants are configuration)
    itself: bool = False  # the module loads itself: from_object(__name__)
    classes: set[str] = field(default_factory=set)  # its classes loaded by name
    any_class: bool = False  # a class picked from it at run time (``config[name]``)
    later: tuple[Loader, ...] = ()  # the loaders that run after one that loads it, in order

    @property
    def reached(self) -> bool:
        return self.whole or self.any_class or bool(self.classes)


# -- reading the project ----------------------------------------------------------------------------


class ProjectView:
    """The facts of the project a transform needs: those of the other modules as the
    project's merged facts give them (``project_says``: derived once per project, checked
    against every module's text once per transform), the transformed module's own from
    ``own_text``, at its place in the listing. Without ``environment`` (the project gate asks
    only how configuration is loaded), ``env_reads`` stays empty: what the modules read from
    the environment is not derived (a view that needs it derives it for a module whose kept
    reading lacks it)."""

    def __init__(self, ctx: Context, own_text: str, environment: bool = True) -> None:
        listing = ctx.project_files()
        # the project root as read_file takes it; None when the tool listed no project
        self.root: str | None = listing.relative("") if listing is not None else None
        self.this = listing.this if listing is not None else _basename(ctx.path)
        self._cite_own = ctx.file_line  # a line of the transformed module's tree -> the line of its file
        self._ctx = ctx
        self._read: dict[Loader, tuple[str, tuple[str, ...]] | None] = {}  # what a later from_object loads (``_settings``)
        self.files: tuple[str, ...] = listing.files if listing is not None else (self.this,)
        # the transformed module's place in the listing (None: not listed, its facts left out)
        at = self._at = _position(self.files, self.this)
        own_names, own_loaders = _read_config(self.this, own_text, environment) if at is not None else (None, ())
        self._says: ProjectSays | None = None
        if listing is not None and self.root is not None:
            self._says = says = project_says(ctx, listing, self.root, environment)
            place = at if at is not None else len(self.files)  # the own module's loaders go there
            self.loaders: list[Loader] = [loader for position, loader in says.loaders if position < place]
            self.loaders.extend(own_loaders)
            self.loaders.extend(loader for position, loader in says.loaders if position > place)
        else:
            self.loaders = list(own_loaders)
        if any(loader.parameter is not None for loader in self.loaders):  # a factory's from_object(<parameter>)
            texts = [(self.files[position], says.text) for position, says in self._says.modules] if self._says else []
            self.loaders = followed(self.loaders, [*texts, (self.this, own_text)] if at is not None else texts)
        # name -> a module that reads it (the first in the listing)
        self.env_reads: Mapping[str, str] = _EnvReads(self._says, self.files, at, own_names or frozenset()) if environment else {}

    def own_readers(self) -> Iterator[tuple[str, TopLevel]]:
        """``(path, top level)`` of the other modules of the application that read their
        environment through a library of their own (environs' ``Env()``, python-decouple,
        dynaconf), in the listing's order."""
        if self._says is None:
            return
        for position, theirs in self._says.own_readers():
            if position != self._at:
                yield self.files[position], theirs

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
            if reached and not use.later:
                use.later = self.loaded_after(loader)
        return use

    def overriding(self, later: Iterable[Loader], key: str) -> str:
        """The first loader of ``later`` that may set ``key``, described; "" when none may."""
        found = next((loader for loader in later if self.may_set(loader, key)), None)
        return self.describe(found) if found is not None else ""

    def may_set(self, loader: Loader, key: str | None) -> bool:
        """Whether ``loader`` may set ``key`` (None: any key): every loader may, but a
        ``from_object`` of one settings module or plain class of the project
        (``_config_object.dotted_settings``) that does not spell it (``sets_none_of``)."""
        settings = self._settings(loader)
        if settings is None or key is None:
            return settings is None
        return not sets_none_of(self._ctx, *settings, (key,))

    def _settings(self, loader: Loader) -> tuple[str, tuple[str, ...]] | None:
        if loader.method != "from_object" or not loader.modules or self.root is None:
            return None
        if loader not in self._read:
            dotted, attribute = loader.modules[0]
            owner, _, last = dotted.rpartition(".")
            plain = attribute is None and loader.modules[1:] in ((), ((owner, last),))
            self._read[loader] = dotted_settings(self._ctx, dotted) if plain else None
        return self._read[loader]

    def describe(self, loader: Loader) -> str:
        """``loader`` for a message, its line in the file the user has."""
        return loader.describe(self._cite_own if loader.path == self.this else None)

    def loaded_after(self, loader: Loader) -> tuple[Loader, ...]:
        """The loaders that run after ``loader`` on (presumably) the same config object."""
        return tuple(
            other
            for other in self.loaders
            if other.path == loader.path and other.scope == loader.scope and not other.excludes(loader) and other.line > loader.line
        )

    def loaders_after(self, line: int, scope: int) -> tuple[Loader, ...]:
        """The loaders of this module after ``line`` in ``scope`` (an ``app.config[...] = ...``
        that a later ``from_pyfile`` may override)."""
        return tuple(loader for loader in self.loaders if loader.path == self.this and loader.scope == scope and loader.line > line)

    def siblings(self, path: str) -> list[str]:
        """The modules in the same folder as ``path``."""
        folder = path.rpartition("/")[0]
        return [other for other in self.files if other.rpartition("/")[0] == folder and other != path]


class _EnvReads(Mapping[str, str]):
    """Name -> the first module of the listing that reads it from the environment: the other
    modules' readings merged for the project (``ProjectSays.readers_of``), the transformed
    module's own (``own``) at its place (``at``)."""

    def __init__(self, says: ProjectSays | None, files: tuple[str, ...], at: int | None, own: frozenset[str]) -> None:
        self._readers_of = says.readers_of if says is not None else {}
        self._files = files
        self._at = at
        self._own = own
        self._names: set[str] | None = None

    def __getitem__(self, name: str) -> str:
        at = self._at
        other = next((position for position in self._readers_of.get(name, ()) if position != at), None)
        if name in self._own and at is not None and (other is None or at < other):
            return self._files[at]
        if other is None:
            raise KeyError(name)
        return self._files[other]

    def _every(self) -> set[str]:
        if self._names is None:
            at = self._at
            self._names = {name for name, positions in self._readers_of.items() if any(position != at for position in positions)}
            self._names.update(self._own)
        return self._names

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        return name in self._own and self._at is not None or any(position != self._at for position in self._readers_of.get(name, ()))

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())


def _position(files: tuple[str, ...], path: str) -> int | None:
    try:
        return files.index(path)
    except ValueError:
        return None


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
