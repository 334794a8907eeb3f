"""What the codemods keep for the process about the projects they read, dropped at once.

The project's other modules parsed once per process (``_parsed_modules``) and the answers
derived from a project's files (``_project_memo``'s memos) serve the files of the project
they were read from: a run over many repositories (a batch) that moves on to the next one
holds them for nothing. ``forget_projects`` drops them all; the next asker parses and
derives afresh, with the same answers (each is checked against what it was derived from).

Names no codemod.
"""

from __future__ import annotations

from ._parsed_modules import forget as forget_parsed_modules
from ._project_memo import forget_every_memo


def forget_projects() -> None:
    """Drop every parsed module and every derived answer the process keeps."""
    forget_parsed_modules()
    forget_every_memo()
