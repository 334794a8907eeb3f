"""A default argument is evaluated once, at definition time."""


def greet(name, template=open("greeting.txt").read()):
    return template.format(name=name)
