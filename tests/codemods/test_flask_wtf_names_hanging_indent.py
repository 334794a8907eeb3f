"""flask-wtf-names: a renamed field whose argument opens a bracket at the end of the call's
first line (hanging indent: ``validators=[`` / the validators one level in / ``])``) keeps
those lines where they are. They are indented from the statement, not aligned with the
call's bracket, so the longer name must not push them right (maps4all's forms: the closing
``])`` ended two columns off its statement); nor a line double-indented under the statement
that starts inside the name (microbe's forms). Arguments aligned with the bracket still move."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from helpers import rewrite

HANGING = (
    "from wtforms import Form, TextField, validators\n"
    "\n"
    "\n"
    "class Contact(Form):\n"
    "    message = TextField('Message', validators=[\n"
    "        validators.InputRequired(),\n"
    "        validators.Length(max=20),\n"
    "    ])\n"
    "    name = TextField('Name', validators=[validators.Length(max=5),\n"
    "                                         validators.InputRequired()])\n"
    "    topic = TextField('Topic', [validators.Optional(), validators.Length(max=9, message=str(\n"
    "        'too long'))],\n"
    "                      description='what it is about')\n"
    "    note = TextField('Note',\n"
    "            [validators.Optional()])\n"
)


def test_hanging_arguments_stay_and_aligned_ones_move():
    text = rewrite(HANGING, "flask-wtf-names", files={"requirements.txt": "WTForms==2.3.3\n"}, dedent=False)
    assert text == (
        "from wtforms import Form, StringField, validators\n"
        "\n"
        "\n"
        "class Contact(Form):\n"
        "    message = StringField('Message', validators=[\n"
        "        validators.InputRequired(),\n"
        "        validators.Length(max=20),\n"
        "    ])\n"
        "    name = StringField('Name', validators=[validators.Length(max=5),\n"
        "                                           validators.InputRequired()])\n"
        "    topic = StringField('Topic', [validators.Optional(), validators.Length(max=9, message=str(\n"
        "        'too long'))],\n"
        "                        description='what it is about')\n"
        "    note = StringField('Note',\n"
        "            [validators.Optional()])\n"
    )
    namespace: dict = {}
    exec(compile(text, "forms.py", "exec"), namespace)
    form = namespace["Contact"](MultiDict({"message": "hi", "name": "ada", "topic": "a" * 10}))
    assert not form.validate() and form.errors == {"topic": ["too long"]}
    assert namespace["Contact"](MultiDict({"message": "hi", "name": "ada", "topic": "ok"})).validate()
