"""The handle is used where it may still be open after an error: the except clause."""


def read_or_log(path, log):
    try:
        f = open(path)
        data = f.read()
        f.close()
    except ValueError:
        log(f.name, f.tell())
        raise
    return data


def conditional_rebind(path, backup, use_backup):
    f = open(path)
    if use_backup:
        f = open(backup)
    return f.read()
