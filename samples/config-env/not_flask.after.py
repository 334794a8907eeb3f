"""A helper with its own env attribute: not Flask's."""


class Deployment:
    def __init__(self, env):
        self.env = env


def is_dev(deployment):
    return deployment.env == "development"
