"""A module-level session used by functions: its calls get a timeout; it is not closed here
(it lives as long as the module)."""
import requests

session = requests.Session()
session.headers.update({"Accept": "application/json"})


def get_user(user_id):
    return session.get(f"https://api.example.com/users/{user_id}", timeout=60).json()


def delete_user(user_id):
    session.delete(f"https://api.example.com/users/{user_id}", timeout=60).raise_for_status()
