"""The gates of open-with: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases


class TestGates(GateCases):
    NAME = "open-with"
    REJECTED = [
        # handles already managed, or not opened by an opener
        ("def read(p):\n    with open(p) as f:\n        return f.read()\n", "app.py"),
        (
            "import contextlib\n\ndef read(ps):\n    with contextlib.ExitStack() as stack:\n"
            "        files = [stack.enter_context(open(p)) for p in ps]\n        return [f.read() for f in files]\n",
            "app.py",
        ),
        ("class Store:\n    def load(self, p):\n        return self.fs.open(p)\n", "store.py"),
        ("import os\nfd = os.open('x', os.O_RDONLY)\n", "low.py"),
        # a packaging script is never touched, however it reads its files
        (
            "from setuptools import setup\n\nsetup(name='app', long_description=open('README.md').read())\n",
            "setup.py",
        ),
        ("import os\n\nrequires = open(os.path.join('pkg', 'requirements.txt')).read().split()\n", "pkg/setup.py"),
    ]
    ACCEPTED = [
        ("def read(p):\n    return open(p).read()\n", "app.py"),
        ("import gzip as gz\n\ndef read(p):\n    return gz.open(p).read()\n", "app.py"),
        ("from pathlib import Path\n\ndef read(p):\n    return Path(p).open().read()\n", "app.py"),
        ("from urllib.request import urlopen as fetch, urlopen\n\ndef get(u):\n    return urlopen(u).read()\n", "app.py"),
        ("def read(p):\n    with open(p) as f:\n        pass\n    return open(p).read()\n", "app.py"),
        # handles made by classes and their class methods
        ("import tarfile\n\ndef names(p):\n    return tarfile.TarFile.open(p).getnames()\n", "app.py"),
        ("from tarfile import TarFile\n\ndef names(p):\n    return TarFile(p).getnames()\n", "app.py"),
        ("import os\n\ndef read(fd):\n    return os.fdopen(fd).read()\n", "app.py"),
        # test code is resource hygiene's business too; only the name setup.py is a packaging script
        ("def test_read(tmp_path):\n    assert open(tmp_path / 'x', 'w').write('a') == 1\n", "tests/test_files.py"),
        ("def read(p):\n    return open(p).read()\n", "setup_helpers.py"),
    ]


def test_the_text_gate_looks_for_a_part_of_every_openers_name_first() -> None:
    """The substring test before the regex loses no text the regex accepts: every name the
    regex spells holds one of the parts, and on the samples and tricky texts both agree."""
    import glob
    import os

    from flask_codemod.codemods._ast_facts import starts_word
    from flask_codemod.codemods._open_with_catalog import OPENER_CALL_NAMES
    from flask_codemod.codemods._open_with_gate import _OPENER_CALL, OPENER_NAME_PARTS, text_may_open
    from helpers import SAMPLES

    assert all(any(part in name for part in OPENER_NAME_PARTS) for name in OPENER_CALL_NAMES)
    texts = ["", "x = 1\n", "opens(x)\n", "zipfile.ZipFile (p)\n", "f = gzip.GzipFile(\n p)\n", "fdopen  # c\n(3)\n", "Fil e(x)\n"]
    for path in glob.glob(os.path.join(SAMPLES, "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    texts += [text.replace("open", "opan") for text in texts] + [text.replace("File", "Fyle") for text in texts]
    assert any(text_may_open(text) for text in texts) and not all(text_may_open(text) for text in texts)
    for text in texts:
        assert text_may_open(text) == starts_word(_OPENER_CALL, text)
