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
