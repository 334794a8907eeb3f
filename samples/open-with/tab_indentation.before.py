"""A tab-indented file stays tab-indented."""


def load(path):
	f = open(path)
	if f.readable():
		data = f.read()
	else:
		data = ""
	f.close()
	return data


def read(path):
	return open(path).read()
