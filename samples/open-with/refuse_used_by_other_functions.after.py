"""A module-level handle that functions use: closing it after import would break them."""

LOG = open("app.log", "a")
LOG.write("started\n")


def log(message):
    LOG.write(message + "\n")


config = open("settings.ini")
header = config.readline()


def rest_of_config():
    return config.read()
