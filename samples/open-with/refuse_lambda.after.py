"""A lambda has no statements: there is nowhere to put a with-block."""

read = lambda path: open(path).read()

loaders = {"text": lambda path: open(path).read()}
