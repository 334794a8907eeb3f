"""A wait the module names for its requests and no call passes (forgotten): written by its name."""
import requests

# a language model's answers may take two minutes
REQUEST_TIMEOUT = 120


def complete(base, prompt):
    response = requests.post(base + "/v1/chat/completions", json={"messages": [prompt]})
    return response.json()
