"""moved-imports and a Werkzeug name its submodule dropped later, spelled at the submodule.

Werkzeug 0.16 moved top-level names such as ``werkzeug.escape`` into their submodules
(``werkzeug.utils.escape``) and Werkzeug 2.1 removed several of them from there too. The
catalogue reported the top-level spelling only: pscs (``Flask~=3.0``) calls
``werkzeug.utils.escape(...)`` after ``import werkzeug`` and imports it ``from
werkzeug.utils``, which raise AttributeError / ImportError on the Werkzeug its Flask
requires, and the codemod said nothing (perf43d). Nothing replaces the name mechanically
(``markupsafe.escape`` returns Markup), so the code stays and the finding names the
replacement, only at a target whose Werkzeug no longer has the name.
"""

from __future__ import annotations

import pytest

from helpers import run_at_target

NAME = "moved-imports"

SPELLINGS = {
    "from-import": "from werkzeug.utils import escape\n\n\ndef clean(text):\n    return escape(text)\n",
    "root-chain": "import werkzeug\n\n\ndef clean(text):\n    return werkzeug.utils.escape(text)\n",
    "submodule-chain": "import werkzeug.utils\n\n\ndef clean(text):\n    return werkzeug.utils.escape(text)\n",
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_a_name_its_submodule_dropped_is_reported_where_the_target_lacks_it(spelling):
    source = SPELLINGS[spelling]
    new, findings = run_at_target(source, NAME, (3, 0))
    assert new == source
    assert findings, spelling
    [message] = {message for _, message in findings}
    assert message.startswith("werkzeug.utils.escape was removed in Werkzeug 2.1"), message
    assert "markupsafe.escape" in message, message


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_nothing_is_said_where_the_targets_werkzeug_still_has_it(spelling):
    source = SPELLINGS[spelling]
    assert run_at_target(source, NAME, (2, 0)) == (source, [])


def test_a_name_its_submodule_keeps_gets_nothing():
    source = "from werkzeug.utils import secure_filename, cached_property\n\nname = secure_filename('a b')\n"
    assert run_at_target(source, NAME, (3, 0)) == (source, [])


def test_a_removal_in_werkzeug_3_is_reported_at_its_own_release():
    source = "from werkzeug.http import parse_authorization_header\n\nparse = parse_authorization_header\n"
    assert run_at_target(source, NAME, (2, 3)) == (source, [])
    new, [(line, message)] = run_at_target(source, NAME, (3, 0))
    assert new == source and line == 1
    assert message.startswith("werkzeug.http.parse_authorization_header was removed in Werkzeug 3.0"), message
    assert "Authorization.from_header" in message, message
