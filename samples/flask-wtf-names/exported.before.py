"""Forms shared by the views: other modules import Form from here."""
from flask_wtf import Form
from wtforms import Form as PlainForm

__all__ = ["Form", "NoteForm"]


class NoteForm(Form):
    pass


class FilterForm(PlainForm):
    pass
