"""A wait the module names for its requests and no call passes (forgotten): written by its name."""
import requests

# a rendered report may take two minutes
REQUEST_TIMEOUT = 120


def render(base, report):
    response = requests.post(base + "/v1/reports/render", json={"pages": [report]}, timeout=REQUEST_TIMEOUT)
    return response.json()
