"""open-with: a handle stored on an attribute and closed through it in the same block.

open-with follows a handle through a name, not through an attribute, so ``self.out =
open(...)`` stays as it is. Its finding must say why truthfully: where the block itself closes
the handle through the same attribute a few lines on, nothing "outlives" the block and no
later user is broken by a close, so the reason is that open-with does not follow attributes
(with the line of the close); where nothing closes it here, the handle is the object's, and
nothing needs saying (a with-block here could not close it).
"""

from __future__ import annotations

import textwrap

from helpers import finding_messages, load_source, run_codemods

# a fixture that writes a sample log through an attribute and closes it by hand
CLOSED_HERE = '''
import os
import tempfile


class SampleLog:
    def __init__(self, lines):
        fd, self.path = tempfile.mkstemp()
        self.out = os.fdopen(fd, "w")
        for line in lines:
            self.out.write(line + "\\n")
        self.out.close()

    def read(self):
        with open(self.path) as handle:
            return handle.read()
'''

# the same class keeping the handle open for its other methods
KEPT_OPEN = '''
import os
import tempfile


class SampleLog:
    def __init__(self, lines):
        fd, self.path = tempfile.mkstemp()
        self.out = os.fdopen(fd, "w")
        for line in lines:
            self.out.write(line + "\\n")

    def finish(self):
        self.out.close()
'''


def test_a_handle_closed_through_its_attribute_here_gets_a_true_reason(tmp_path):
    source = textwrap.dedent(CLOSED_HERE)
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    [message] = finding_messages(result)
    assert "closed through that attribute at line 12" in message, message
    assert "outlives" not in message and "later users" not in message, message
    log = load_source(tmp_path, source, stem="sample_log").SampleLog(["a", "b"])
    assert log.out.closed and log.read() == "a\nb\n"


def test_a_handle_left_open_on_its_attribute_is_its_objects_and_not_reported():
    """Kept open for the object's other methods: the object owns it (its finish() closes it),
    no with-block here could, so nothing needs changing and nothing is said."""
    source = textwrap.dedent(KEPT_OPEN)
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert finding_messages(result) == []


def test_a_close_of_another_attribute_is_no_close_of_this_handle():
    """``self.other.close()`` closes something else: the handle stays the object's, unreported
    (not a with-block's to close, and not closed here through its attribute)."""
    source = textwrap.dedent(CLOSED_HERE).replace("self.out.close()", "self.other.close()")
    result = run_codemods(source, "open-with")
    assert result.new_text == source
    assert finding_messages(result) == []
