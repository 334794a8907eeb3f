"""The codemods: pure rewrites of one parsed module. No file IO, no printing, no CLI."""

from ._base import Codemod, Context, Option, UsageError
from ._contract_records import Finding, ProjectEdit, ProjectFiles, project_files_of
from ._projects_kept import forget_projects
from ._registry import all_codemods, codemod_names, default_codemods, get_codemod, select_codemods, select_from

__all__ = [
    "Codemod",
    "Context",
    "Finding",
    "Option",
    "ProjectEdit",
    "ProjectFiles",
    "UsageError",
    "all_codemods",
    "codemod_names",
    "default_codemods",
    "forget_projects",
    "get_codemod",
    "project_files_of",
    "select_codemods",
]
