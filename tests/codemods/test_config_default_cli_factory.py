"""The settings that tune requests (static-max-age; upload-limit shares the rule) skip a
factory that only the ``flask`` command line builds.

A project's command-line module may build an app of its own for management commands: a
factory private to that module, handed to the CLI's loader (``FlaskGroup(create_app=...)``,
``ScriptInfo(create_app=...)``) and to nothing else, while the app that is served comes from
another factory. That app answers no browser and takes no upload: a cache lifetime or a body
limit set on it is a line nobody needs. The served factory next to it still gets the setting.
"""

from __future__ import annotations

from helpers import DEPLOYED, finding_messages, rewrite, run_codemods

MANAGE = """\
import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo

from shop import create_app


def _commands_app():
    app = Flask(__name__)
    app.config.from_envvar("SHOP_SETTINGS", silent=True)
    return app


@click.group(cls=FlaskGroup, add_version_option=False)
@click.pass_context
def cli(ctx):
    if ctx.invoked_subcommand == "run":
        ctx.obj = ScriptInfo(create_app=create_app)
    else:
        ctx.obj = ScriptInfo(create_app=_commands_app)
"""

FILES = {**DEPLOYED, "static/app.css": "body {}\n"}


def test_a_factory_only_the_command_line_builds_gets_no_max_age():
    result = run_codemods(MANAGE, "static-max-age", path="shop/manage.py", files=FILES)
    assert result.new_text == MANAGE and finding_messages(result) == []


def test_the_same_factory_used_elsewhere_in_the_module_still_gets_it():
    served = MANAGE + "\n\napplication = _commands_app()\n"
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(served, "static-max-age", path="shop/manage.py", files=FILES)


def test_a_public_factory_handed_to_the_command_line_may_be_imported_and_served():
    public = MANAGE.replace("_commands_app", "commands_app")
    assert "SEND_FILE_MAX_AGE_DEFAULT" in rewrite(public, "static-max-age", path="shop/manage.py", files=FILES)
