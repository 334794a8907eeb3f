"""http-timeout makes no session with-block that takes a line past the project's line length
where nothing can split it, as open-with makes none (codemods/_moved_lines_limit.py, asked by
both): a string continued by a backslash at 78 columns would move to 82 where the project's
flake8 checks 79. The calls still get their timeout; a line black splits is split, and the
file's other sessions still get their with-blocks."""

from __future__ import annotations

from helpers import finding_messages, rewrite, run_codemods

FLAKE8_79 = {".flake8": "[flake8]\nmax-line-length = 79\n"}
# a string continued by a backslash: 78 columns at 12, 82 one level deeper
CONTINUED = (
    "            url = 'https://example.org/rep/{0}/{1}/{2}/{3}/{4}/{5}/{6}/{7}/' \\\n"
    "                  '{8}/'.format(*parts)\n"
)
FETCHER = (
    "import requests\n\n\n"
    "def fetch(rows, parts):\n"
    "    session = requests.Session()\n"
    "    for row in rows:\n"
    "        if row:\n"
    f"{CONTINUED}"
    "            session.get(url)\n"
)


def test_a_session_block_that_would_push_an_unsplittable_line_past_the_length_is_not_made():
    assert len(CONTINUED.splitlines()[0]) == 78
    result = run_codemods(FETCHER, "http-timeout", files=FLAKE8_79, dedent=False)
    assert result.new_text == FETCHER.replace("session.get(url)", "session.get(url, timeout=60)")
    messages = finding_messages(result)
    assert any("with-block" in message and "line length (79)" in message for message in messages), messages


def test_without_a_declared_length_the_session_block_is_made():
    text = rewrite(FETCHER, "http-timeout", dedent=False)
    assert "    with requests.Session() as session:\n" in text
    assert "                url = 'https://example.org/rep/" in text


def test_the_other_session_blocks_of_the_file_are_still_made():
    other = "\n\ndef ping(url):\n    client = requests.Session()\n    client.headers['A'] = 'b'\n    return client.get(url).ok\n"
    text = rewrite(FETCHER + other, "http-timeout", files=FLAKE8_79, dedent=False)
    assert text.startswith(FETCHER.replace("session.get(url)", "session.get(url, timeout=60)"))
    assert "    with requests.Session() as client:\n        client.headers['A'] = 'b'\n" in text


def test_a_line_already_past_the_length_does_not_hold_the_block_back():
    past = CONTINUED.replace("{7}/' \\", "{7}/{8}/' \\").replace("'{8}/'", "''")
    assert len(past.splitlines()[0]) == 82  # past 79 where it is: the project's own
    text = rewrite(FETCHER.replace(CONTINUED, past), "http-timeout", files=FLAKE8_79, dedent=False)
    assert "    with requests.Session() as session:\n" in text
