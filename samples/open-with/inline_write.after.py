"""open(p, "w").write(s) as a statement: written and closed in one go."""


def save(path, text):
    with open(path, "w") as f:
        f.write(text)


def append(path, lines):
    with open(path, "a") as f:
        f.writelines(line + "\n" for line in lines)
    return len(lines)


def save_upper(path, text):
    # raises AttributeError for text=None: the file is already truncated, in both versions
    with open(path, "w") as f:
        f.write(text.upper())
