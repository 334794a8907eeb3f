"""open-with writes ``with`` only for a handle that is a context manager on every Python the
project declares.

graphite-api (2014-2017) declares Python 2.6 (a classifier, tox's py26, "Python 2.6 is still
supported" in its README), and reads gzipped whisper files with ``gzip.GzipFile`` in a
try/finally. A GzipFile, TarFile, ZipFile or BZ2File is a context manager from Python 2.7 (and
3.1 or 3.2) on: on 2.6 ``with gzip.GzipFile(...)`` raises AttributeError (``__exit__``), so the
rewrite broke every render of a gzipped metric there. Such a handle is left as it is, with a
finding, where the project declares an older Python; ``open()`` (a context manager since 2.5)
is still rewritten.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from helpers import finding_messages, run_codemods

READER = """\
import gzip


def fetch(path):
    fh = gzip.GzipFile(path, 'rb')
    try:
        return fh.read()
    finally:
        fh.close()


def header(path):
    f = open(path)
    text = f.read()
    f.close()
    return text
"""
SETUP_2_6 = """\
from setuptools import setup

setup(
    name='graphite-api',
    classifiers=[
        'Programming Language :: Python :: 2',
        'Programming Language :: Python :: 2.6',
        'Programming Language :: Python :: 2.7',
        'Programming Language :: Python :: 3',
        'Programming Language :: Python :: 3.4',
    ],
)
"""


def _runs_where_gzipfile_has_no_exit(code: str, tmp_path) -> bool:
    """Whether ``code`` reads a gzipped file where GzipFile is no context manager (Python 2.6's)."""
    import gzip

    data = tmp_path / "metric.wsp.gz"
    with gzip.open(data, "wb") as out:
        out.write(b"points")
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "gzip.py").write_text(
        textwrap.dedent(
            """\
            import importlib.util, sys, sysconfig
            _spec = importlib.util.spec_from_file_location("_gzip", sysconfig.get_paths()["stdlib"] + "/gzip.py")
            _real = importlib.util.module_from_spec(_spec)
            _spec.loader.exec_module(_real)


            class GzipFile(object):
                def __init__(self, *args):
                    self._file = _real.GzipFile(*args)

                def read(self):
                    return self._file.read()

                def close(self):
                    self._file.close()
            """
        )
    )
    (tmp_path / "reader.py").write_text(code)
    run = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path[:0] = [{str(site)!r}, {str(tmp_path)!r}]; import reader; assert reader.fetch({str(data)!r}) == b'points'"],
        capture_output=True,
    )
    return run.returncode == 0


def test_a_project_on_python_2_6_keeps_its_gzipfile_try_finally(tmp_path):
    assert _runs_where_gzipfile_has_no_exit(READER, tmp_path)
    result = run_codemods(READER, "open-with", project={"setup.py": SETUP_2_6}, path="graphite_api/finders/whisper.py", dedent=False)
    assert "fh = gzip.GzipFile(path, 'rb')" in result.new_text
    assert "with open(path) as f:" in result.new_text  # open() is a context manager on 2.6
    assert _runs_where_gzipfile_has_no_exit(result.new_text, tmp_path)
    messages = finding_messages(result)
    assert any("gzip.GzipFile" in m and "Python 2.6" in m and "2.7" in m for m in messages), messages


def test_a_project_from_python_2_7_on_gets_the_with_block():
    setup = SETUP_2_6.replace("        'Programming Language :: Python :: 2.6',\n", "")
    result = run_codemods(READER, "open-with", project={"setup.py": setup}, path="graphite_api/finders/whisper.py", dedent=False)
    assert "with gzip.GzipFile(path, 'rb') as fh:" in result.new_text


def test_a_project_that_declares_no_python_gets_the_with_block():
    result = run_codemods(READER, "open-with", project={"requirements.txt": "Flask\n"}, path="app/reader.py", dedent=False)
    assert "with gzip.GzipFile(path, 'rb') as fh:" in result.new_text


def test_python_3_0_as_a_bound_reads_as_python_3():
    """calibre-web's ``python_requires='>=3.0'`` (its classifiers start at 3.5) keeps its with-blocks;
    an explicit 3.1 (where ZipFile is no context manager) does not."""
    source = "import zipfile\n\n\ndef names(path):\n    cf = zipfile.ZipFile(path)\n    listed = cf.namelist()\n    cf.close()\n    return listed\n"
    setup_cfg = "[options]\npython_requires = >=3.0\n"
    result = run_codemods(source, "open-with", project={"setup.cfg": setup_cfg}, path="cps/comic.py", dedent=False)
    assert "with zipfile.ZipFile(path) as" in result.new_text
    explicit = run_codemods(source, "open-with", project={"setup.cfg": setup_cfg.replace("3.0", "3.1")}, path="cps/comic.py", dedent=False)
    assert explicit.new_text == source
    assert any("Python 3.1" in m and "3.2" in m for m in finding_messages(explicit))
