"""open-with: configparser's ``read_file``/``readfp`` and the XML parsers' ``parse`` read the
whole handle before they return and keep no reference to it (the realworld corpus, session 37:
a mod site's ``config.readfp(open('config.ini'))`` of a module-level ``ConfigParser()``; a badge
maker's ``etree.parse(open(path, 'r'))`` of defusedxml's lxml). Both were reported as a handle
the callee "may keep". A with-block is right where the call has finished with the handle when
it returns: ``iterparse`` reads as its result is iterated, so it stays refused; so does the
method of an object whose class is not surely a config parser.
"""

from __future__ import annotations

import configparser
import sys
import types
import xml.etree.ElementTree

from helpers import finding_messages, rewrite, run_codemods

CONFIG = """\
try:
    from configparser import ConfigParser
except ImportError:
    from ConfigParser import ConfigParser

config = ConfigParser()
config.readfp(open(CONFIG_FILE))


def value(key):
    return config.get("dev", key)
"""

READ_FILE = """\
import configparser


def settings(path):
    parser = configparser.RawConfigParser()
    parser.read_file(open(path))
    return dict(parser["dev"])
"""

# an object whose class is not told: its readfp may keep the handle
SOMETHING_ELSE = """\
from settings import Loader

config = Loader()
config.readfp(open("config.ini"))
"""

XML = """\
from defusedxml.lxml import _etree as etree
from defusedxml.lxml import parse


def root_tag(path):
    tree = etree.parse(open(path, 'r'))
    return tree.getroot().tag


def first_child(path):
    return parse(open(path, 'r')).getroot()[0].tag
"""

ITERATED = """\
from lxml import etree


def tags(path):
    return [element.tag for _, element in etree.iterparse(open(path, 'rb'))]
"""


def _run(source: str):
    result = run_codemods(source, "open-with")
    assert result.error is None, result.error
    return result


def test_a_module_level_config_parser_reads_the_file_in_a_with_block(tmp_path):
    new = rewrite(CONFIG, "open-with")
    assert "with open(CONFIG_FILE) as" in new
    assert not any("may keep it" in m for m in finding_messages(_run(CONFIG)))
    ini = tmp_path / "config.ini"
    ini.write_text("[dev]\nsecret-key = abc\n")
    # Python 3.12 dropped readfp: run the rewritten module on a parser that keeps it as read_file
    class Parser(configparser.ConfigParser):
        def readfp(self, fp, filename=None):
            return self.read_file(fp, filename)

    stub = types.ModuleType("configparser")
    stub.ConfigParser = Parser  # type: ignore[attr-defined]
    saved = sys.modules["configparser"]
    sys.modules["configparser"] = stub
    try:
        namespace = {"CONFIG_FILE": str(ini)}
        exec(compile(new, "config.py", "exec"), namespace)
    finally:
        sys.modules["configparser"] = saved
    assert namespace["value"]("secret-key") == "abc"


def test_read_file_of_a_parser_made_in_the_function_is_rewritten_and_reads_the_same(tmp_path):
    new = rewrite(READ_FILE, "open-with")
    assert "with open(path) as" in new
    ini = tmp_path / "app.ini"
    ini.write_text("[dev]\nport = 5000\n")
    namespace: dict = {}
    exec(compile(new, "settings.py", "exec"), namespace)
    assert namespace["settings"](str(ini)) == {"port": "5000"}


def test_readfp_of_an_object_of_another_class_is_still_refused():
    assert rewrite(SOMETHING_ELSE, "open-with") == SOMETHING_ELSE
    assert any("config.readfp()" in m and "may keep it" in m for m in finding_messages(_run(SOMETHING_ELSE)))


def test_lxml_parse_through_defusedxml_is_rewritten_and_parses_the_same(tmp_path, monkeypatch):
    new = rewrite(XML, "open-with")
    assert new.count("with open(path, 'r') as") == 2
    assert not any("may keep it" in m for m in finding_messages(_run(XML)))
    # lxml's parse has ElementTree's behaviour here: it reads the whole source and returns a tree
    lxml_stub = types.ModuleType("defusedxml.lxml")
    lxml_stub._etree = xml.etree.ElementTree  # type: ignore[attr-defined]
    lxml_stub.parse = xml.etree.ElementTree.parse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "defusedxml", types.ModuleType("defusedxml"))
    monkeypatch.setitem(sys.modules, "defusedxml.lxml", lxml_stub)
    svg = tmp_path / "badge.svg"
    svg.write_text("<svg><g/></svg>")
    namespace: dict = {}
    exec(compile(new, "svg_to_png.py", "exec"), namespace)
    assert namespace["root_tag"](str(svg)) == "svg"
    assert namespace["first_child"](str(svg)) == "g"


def test_iterparse_reads_as_it_is_iterated_and_stays_refused():
    assert rewrite(ITERATED, "open-with") == ITERATED
