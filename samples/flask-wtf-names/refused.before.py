from flask_wtf import TextField
from wtforms import Field, TextField as LegacyText


def is_text(field: Field) -> bool:
    return isinstance(field, LegacyText)
