from flask import Flask

admin = Flask("admin")
admin.config["SECRET_KEY"] = "admin-key-1"
admin.config["MAIL_SERVER"] = "smtp.example.org"

api = Flask("api")
api.config["SECRET_KEY"] = "api-key-2"
api.config["MAIL_SERVER"] = "smtp.example.org"  # the same value: the same variable
api.config["HOSTNAME"] = "api.internal"  # the system sets HOSTNAME: another name is used
