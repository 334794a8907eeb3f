"""Resources created in functions and classes, and an `open` that is not the builtin."""
import sqlite3


def open(path, mode="r"):
    return {"path": path, "mode": mode}


SETTINGS = open("settings.cfg")  # the local function above, not a file


def get_db():
    db = sqlite3.connect("app.db")
    return db


class Repository:
    connection = None

    def connect(self):
        self.connection = sqlite3.connect("repo.db")


if __name__ == "__main__":
    log = sqlite3.connect("debug.db")
