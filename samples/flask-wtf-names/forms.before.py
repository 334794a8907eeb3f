from flask_wtf import Form
from flask_wtf.csrf import CsrfProtect
from wtforms import PasswordField, TextField
from wtforms.validators import InputRequired

csrf = CsrfProtect()


class LoginForm(Form):
    username = TextField("Username", validators=[InputRequired()])
    password = PasswordField("Password", validators=[InputRequired()])
