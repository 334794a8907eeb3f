"""The name is bound again: registering one object's close would be wrong (findings)."""
import sqlite3

LOG = open("app.log", "a")
LOG = open("app-2.log", "a")

db = sqlite3.connect("app.db")


def reconnect():
    global db
    db = sqlite3.connect("app.db")


cache = open("cache.bin", "rb")
del cache
