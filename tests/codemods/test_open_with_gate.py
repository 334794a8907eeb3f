"""The gates of open-with: see tests/gate_checks.py (GateCases)."""

from __future__ import annotations

from gate_checks import GateCases, missed_at_targets


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
        # ``.open()`` on what no Path class made: a test client's (CTFd's, pgadmin's), a zip's member
        (
            "from flask.testing import FlaskClient\n\nclass Client(FlaskClient):\n    def open(self, *args, **kwargs):\n"
            "        return super(Client, self).open(*args, **kwargs)\n",
            "tests/helpers.py",
        ),
        ("class C(Base):\n    def open(self, *a):\n        return super().open(*a)\n", "client.py"),
        ("class Archive:\n    def member(self, p):\n        return self.archive(p).open('x').read()\n", "zips.py"),
        ("def page(app):\n    return app.test_client().open('/x')\n", "tests/test_pages.py"),
        ("import pathlib\n\nP = pathlib.Path\n\ndef read(p):\n    return P(p).open().read()\n", "aliased.py"),
        # a packaging script is never touched, however it reads its files
        (
            "from setuptools import setup\n\nsetup(name='app', long_description=open('README.md').read())\n",
            "setup.py",
        ),
        ("from setuptools import setup\nimport os\n\nrequires = open(os.path.join('pkg', 'requirements.txt')).read().split()\n", "pkg/setup.py"),
    ]
    ACCEPTED = [
        ("def read(p):\n    return open(p).read()\n", "app.py"),
        ("import gzip as gz\n\ndef read(p):\n    return gz.open(p).read()\n", "app.py"),
        ("from pathlib import Path\n\ndef read(p):\n    return Path(p).open().read()\n", "app.py"),
        ("from pathlib import PosixPath as P\n\ndef read(p):\n    return P(p).open().read()\n", "app.py"),
        ("import pathlib as pl\n\ndef read(p):\n    return pl.Path(p).open().read()\n", "app.py"),
        # a class named pathlib: LibCST names its Path pathlib.Path
        ("class pathlib:\n    Path = make\n    text = Path(p).open().read()\n", "odd.py"),
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


# ``X(...).open(...)``: an opener only when X may be a Path class. Real-world shapes (a test
# client's open() calling its base's, CTFd and pgadmin) and every way LibCST may name X.
OPEN_ON_A_CALL = [
    ("from flask.testing import FlaskClient\n\nclass C(FlaskClient):\n    def open(self, *a, **k):\n        return super(C, self).open(*a, **k)\n", "tests/helpers.py"),
    ("class C(Base):\n    def open(self, *a):\n        return super().open(*a)\n", "client.py"),
    ("from pathlib import Path as super\n\ndef read(p):\n    return super(p).open().read()\n", "shadow.py"),
    ("import pathlib\n\ndef read(p):\n    return pathlib.Path(p).open().read()\n", "app.py"),
    ("import pathlib\n\ndef read(p):\n    return pathlib.WindowsPath(p).open('w').write('x')\n", "app.py"),
    ("from pathlib import Path\n\nclass C:\n    def read(self):\n        return Path(self.p).open().read()\n", "app.py"),
    ("def read(p):\n    from pathlib import Path\n    return Path(p).open().read()\n", "app.py"),
    ("from pathlib import *\n\ndef read(p):\n    return Path(p).open().read()\n", "star.py"),
    ("import pathlib\n\nP = pathlib.Path\n\ndef read(p):\n    return P(p).open().read()\n", "aliased.py"),
    ("def read(p):\n    return Path(p).open().read()\n", "unbound.py"),
    ("class pathlib:\n    Path = make\n    text = Path(p).open().read()\n", "odd.py"),
    ("class pathlib:\n    PosixPath = make\n\ndef f(p):\n    return pathlib.PosixPath(p).open().read()\n", "odd.py"),
    ("def page(app):\n    return app.test_client().open('/x')\n", "tests/test_pages.py"),
    ("import zipfile\n\ndef member(p):\n    with zipfile.ZipFile(p) as z:\n        return z.open('x').read()\n", "zips.py"),
    *TestGates.ACCEPTED,
    *TestGates.REJECTED,
]


def test_the_gates_let_through_every_open_on_a_call_it_acts_on() -> None:
    assert missed_at_targets("open-with", OPEN_ON_A_CALL, targets=(None,)) == []


def test_the_text_gate_looks_for_a_part_of_every_openers_name_first() -> None:
    """The substring test before the regex loses no text the regex accepts: every name the
    regex spells holds one of the parts, and on the samples and tricky texts both agree."""
    import glob
    import os

    from flask_codemod.codemods._text_gates import starts_word
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
