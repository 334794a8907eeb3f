"""open-with makes no with-block that takes a line past the project's line length where
nothing can split it: pgadmin's schema-diff test opens a file and, in the loop that writes it,
builds a URL from a string continued by a backslash at 78 columns; the with-block moved it to
82, where the project's ``make check`` runs pycodestyle at 79 (codemods/_open_with_line_limit.py).
A line black splits is split, a line already past the length or marked ``noqa`` is the
project's own, and a file whose other blocks keep the length still gets them."""

from __future__ import annotations

from helpers import finding_messages, rewrite, run_codemods

FLAKE8_79 = {".flake8": "[flake8]\nmax-line-length = 79\n"}
# a string continued by a backslash: 78 columns at 12, 82 one level deeper
CONTINUED = (
    "            url = 'report/compares/{0}/{1}/{2}/{3}/{4}/{5}/{6}/{7}/{8}/{9}/' \\\n"
    "                  '{10}/'.format(*parts)\n"
)
WRITER = (
    "def export(path, rows, parts):\n"
    "    out = open(path, 'a')\n"
    "    for row in rows:\n"
    "        if row:\n"
    f"{CONTINUED}"
    "            out.write(url)\n"
    "    out.close()\n"
)


def test_a_with_block_that_would_push_an_unsplittable_line_past_the_length_is_not_made():
    assert len(CONTINUED.splitlines()[0]) == 78
    result = run_codemods(WRITER, "open-with", files=FLAKE8_79, dedent=False)
    assert result.new_text == WRITER
    assert any("line length (79)" in message for message in finding_messages(result)), finding_messages(result)


def test_without_a_declared_length_the_with_block_is_made():
    text = rewrite(WRITER, "open-with", dedent=False)
    assert "    with open(path, 'a') as out:\n" in text
    assert "                url = 'report/compares/" in text


def test_the_other_with_blocks_of_the_file_are_still_made():
    other = "\n\ndef load(path):\n    handle = open(path)\n    data = handle.read()\n    handle.close()\n    return data\n"
    text = rewrite(WRITER + other, "open-with", files=FLAKE8_79, dedent=False)
    assert text.startswith(WRITER)
    assert "    with open(path) as handle:\n        data = handle.read()\n" in text


def test_a_line_already_past_the_length_or_marked_noqa_does_not_hold_the_block_back():
    past = CONTINUED.replace("{9}/' \\", "{9}/{10}/' \\").replace("'{10}/'", "''")
    assert len(past.splitlines()[0]) == 83  # past 79 where it is: the project's own
    noqa = "            out.write(url.replace('/', '-').strip() + '--' + str(row))  # noqa\n"
    assert len(noqa) - 1 == 78
    for source in (WRITER.replace(CONTINUED, past), WRITER.replace(CONTINUED, "            url = '-'.join(parts)\n").replace("            out.write(url)\n", noqa)):
        text = rewrite(source, "open-with", files=FLAKE8_79, dedent=False)
        assert "    with open(path, 'a') as out:\n" in text, source
