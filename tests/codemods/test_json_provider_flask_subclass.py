"""json-provider: an app class of the project (a Flask subclass) may install the encoder
itself: ``self.json_encoder = E`` in its ``__init__`` (RocketMap's map app), a class attribute,
or a ``json_encoder`` method that builds one (SnowAlert's web UI). The encoder is installed
then, and the finding must not say that no app installs it; it points at the subclass's own
knob, ``json_provider_class``. Nothing is rewritten."""

from __future__ import annotations

import pytest

from helpers import run_at_target

IN_INIT = '''\
from flask import Flask
from flask.json import JSONEncoder


class SetEncoder(JSONEncoder):
    def default(self, o):
        return sorted(o) if isinstance(o, set) else JSONEncoder.default(self, o)


class MapApp(Flask):
    def __init__(self, name):
        super().__init__(name)
        self.json_encoder = SetEncoder
'''

AS_METHOD = '''\
from flask import Flask, json


class RowEncoder(json.JSONEncoder):
    def default(self, o):
        return str(o)


class RowsApp(Flask):
    def json_encoder(self, **kwargs):
        return RowEncoder(**kwargs)
'''

AS_CLASS_ATTRIBUTE = AS_METHOD.replace(
    "    def json_encoder(self, **kwargs):\n        return RowEncoder(**kwargs)\n", "    json_encoder = RowEncoder\n"
)


@pytest.mark.parametrize(
    "source, encoder, app_class",
    [(IN_INIT, "SetEncoder", "MapApp"), (AS_METHOD, "RowEncoder", "RowsApp"), (AS_CLASS_ATTRIBUTE, "RowEncoder", "RowsApp")],
)
@pytest.mark.parametrize("target", [(2, 0), (3, 0)])
def test_an_encoder_a_flask_subclass_installs_is_said_to_be_installed_there(source, encoder, app_class, target):
    text, findings = run_at_target(source, "json-provider", target, dedent=False)
    assert text == source
    messages = [message for _, message in findings]
    assert not any("no app of this module installs" in message for message in messages), messages
    assert any(f"{encoder} is installed by this module's class {app_class}, a subclass of flask.Flask" in message for message in messages), messages
    assert any("json_provider_class" in message for message in messages), messages
