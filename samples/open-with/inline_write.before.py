"""open(p, "w").write(s) as a statement: written and closed in one go."""


def save(path, text):
    open(path, "w").write(text)


def append(path, lines):
    open(path, "a").writelines(line + "\n" for line in lines)
    return len(lines)


def save_upper(path, text):
    # raises AttributeError for text=None: the file is already truncated, in both versions
    open(path, "w").write(text.upper())
