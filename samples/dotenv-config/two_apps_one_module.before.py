from flask import Flask

admin = Flask("admin")
admin.config["SECRET_KEY"] = "admin-key-1"
admin.config["DEBUG"] = True

api = Flask("api")
api.config["SECRET_KEY"] = "api-key-2"
api.config["DEBUG"] = True
api.config["HOSTNAME"] = "api.internal"  # the system sets HOSTNAME: another name is used
