"""A bare opener statement in a ``try`` whose handler catches what that opener raises when it
cannot open its input is a probe: it checks that the input opens (a missing file, a corrupt
archive, an unreachable URL), and the object of one that opens is dropped at once. A
with-block holding ``pass`` is no change a maintainer would make (hepdata's end-to-end test
checks a downloaded archive with ``zipfile.ZipFile(io.BytesIO(response.content))`` under
``except zipfile.BadZipFile``). Each opener has its own failures: an archive's format error
does not make a probe of a plain ``open()``."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.helpers import assert_left_alone, rewrite

ZIP_PROBE = """\
import io
import zipfile


def is_zip(content):
    try:
        zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        return False
    return True
"""


def _run(source: str, name: str, *args):
    namespace: dict = {}
    exec(compile(source, "probe.py", "exec"), namespace)
    return namespace[name](*args)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "a")
    return buffer.getvalue()


def test_a_zip_validity_probe_is_left_as_it_is():
    assert_left_alone("open-with", ZIP_PROBE)
    # (and it tells a zip from anything else)
    assert _run(ZIP_PROBE, "is_zip", _zip_bytes()) is True
    assert _run(ZIP_PROBE, "is_zip", b"not a zip") is False


@pytest.mark.parametrize(
    "opener, caught",
    [
        ("zipfile.ZipFile(path)", "zipfile.BadZipfile"),
        ("ZipFile(path)", "BadZipFile"),
        ("tarfile.open(path)", "tarfile.ReadError"),
        ("tarfile.open(path)", "(tarfile.TarError, OSError)"),
        ("urllib.request.urlopen(path)", "urllib.error.URLError"),
        ("urllib.request.urlopen(path)", "HTTPError"),
    ],
)
def test_a_probe_catching_its_openers_own_failure_is_left_as_it_is(opener, caught):
    source = (
        "import tarfile\nimport urllib.request\nimport zipfile\n"
        "from urllib.error import HTTPError\nfrom zipfile import BadZipFile, ZipFile\n\n\n"
        "def check(path):\n"
        "    try:\n"
        f"        {opener}\n"
        f"    except {caught}:\n"
        "        return False\n"
        "    return True\n"
    )
    assert_left_alone("open-with", source)


def test_a_format_error_caught_around_a_plain_open_makes_no_probe():
    """open() raises no BadZipFile: the handle is dropped, so the with-block still closes it."""
    source = """\
    import zipfile


    def touch(path):
        try:
            open(path, "w")
        except zipfile.BadZipFile:
            pass
    """
    assert 'with open(path, "w"):' in rewrite(source, "open-with")


def test_a_zip_opened_and_read_in_the_try_still_gets_its_block(tmp_path):
    source = """\
    import zipfile


    def names(path):
        try:
            archive = zipfile.ZipFile(path)
            found = archive.namelist()
        except zipfile.BadZipFile:
            return []
        return found
    """
    after = rewrite(source, "open-with")
    assert "with zipfile.ZipFile(path) as archive:" in after
    path = tmp_path / "a.zip"
    path.write_bytes(_zip_bytes())
    assert _run(after, "names", str(path)) == ["a.txt"]
    bad = tmp_path / "b.zip"
    bad.write_bytes(b"no")
    assert _run(after, "names", str(bad)) == []
