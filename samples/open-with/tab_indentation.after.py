"""A tab-indented file stays tab-indented."""


def load(path):
	with open(path) as f:
		if f.readable():
			data = f.read()
		else:
			data = ""
	return data


def read(path):
	with open(path) as f:
		return f.read()
