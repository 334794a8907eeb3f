"""What the project declares that dotenv-config's change must fit: its ``.env`` and the
python-dotenv version it requires.

- The ``.env`` the tool writes to is the project root's (the root of the tool's project
  listing; for a text seen alone, the nearest folder with a project file); its variables are
  never overwritten.
- A project whose dependency files allow an old python-dotenv (``python-dotenv==0.6.5``, or
  a lock file pinning one: ``load_dotenv`` needs a path there; read by ``_declared_versions``
  as every library's declarations are) gets ``load_dotenv(find_dotenv())``, which every
  version since 0.6 runs.
- The requirement added is what the added code needs, ``python-dotenv>=0.10``: it fits every
  Python (pip picks the newest release the project's Python runs; ``>=1.0`` needs 3.8). A
  project whose every declaration of its Python (``runtime.txt``, ``.python-version``,
  ``requires-python`` / ``python_requires``, a Pipfile's ``python_version``, Poetry's
  ``python``, classifiers, the Pythons ``.travis.yml``, tox or a GitHub Actions workflow runs the tests on) says 3.8 or later gets ``python-dotenv>=1.0``: a file of exact pins
  then pins 1.0.0 (2023), not 0.10.0 (2018).
- A listed project that does not declare python-dotenv and has no dependency file the tool
  can add it to (``_dependency_places``) is ``undeclarable``: the codemod leaves its code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._base import Context
from ._declared_python import declaring_texts, lowest_python
from ._declared_versions import declarations
from ._declared_releases import specifier_allows_below
from ._dependency_places import why_no_dependency_place
from ._dotenv_config_names import ROOT_FILES, parse_env

# python-dotenv: 0.10 is the first whose load_dotenv() needs no path and finds .env from the
# calling module (0.8's searched from its own folder).
BARE_CALL_SINCE = (0, 10)
REQUIREMENT = ("python-dotenv", ">=0.10")
# python-dotenv 1.0 needs Python 3.8: for a project that declares no older Python
CURRENT_LINE = ((3, 8), ("python-dotenv", ">=1.0"))


@dataclass(frozen=True)
class Declared:
    env: dict[str, str]  # the variables of the project's .env
    needs_path: bool  # the declared python-dotenv may be one whose load_dotenv needs a path
    requirement: tuple[str, str]  # what to add to the declared dependencies
    # why the requirement can be added to no dependency file of the project ("" when it can,
    # or the project declares python-dotenv already): the added import would fail to import
    undeclarable: str = ""


def declared(ctx: Context, root: str | None) -> Declared:
    """``root``: the project root as ``read_file`` takes it (``../../``), when the tool listed
    the project (ProjectFiles.relative("")); else the nearest folder with a project file."""
    listed = root is not None
    if root is None:
        root = _root_prefix(ctx)
    env: dict[str, str] = {}
    texts: dict[str, str] = {}
    if root is not None:
        texts = declaring_texts(ctx, root)
        env_text = ctx.read_file(root + ".env")
        if env_text is not None:
            try:
                env = parse_env(env_text)
            except Exception:  # an unreadable .env: the tool reports it when merging
                env = {}
    # what the root's dependency files (a lock's pin too: what an install gets) declare
    declared_dotenv = list(declarations(ctx, root, ("python-dotenv",))) if root is not None else []
    needs_path = any(
        specifier_allows_below(specifier, BARE_CALL_SINCE) for declared in declared_dotenv for specifier in declared.specifiers
    )
    python = lowest_python(texts)
    requirement = CURRENT_LINE[1] if python is not None and python >= CURRENT_LINE[0] else REQUIREMENT
    undeclarable = why_no_dependency_place(ctx) if listed and not declared_dotenv else ""
    return Declared(env, needs_path, requirement, undeclarable)


def _root_prefix(ctx: Context) -> str | None:
    """``../`` repeated up to the nearest folder with a project file or a ``.env``, as
    ``read_file`` takes it; None when no folder up to 40 levels is one."""
    prefix = ""
    for _ in range(40):
        if ctx.read_file(prefix + ".env") is not None or any(
            ctx.read_file(prefix + marker) is not None for marker in ROOT_FILES
        ):
            return prefix
        prefix += "../"
    return None
