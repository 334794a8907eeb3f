"""csv readers and writers built on the handle, used up inside the block."""
import csv


def catalogue(path):
    rows = []
    with open(path) as f:
        for row in csv.reader(f):
            rows.append(row)
    return rows


def records(path):
    with open(path) as f:
        reader = csv.DictReader(f)
        return [dict(row) for row in reader]


def as_list(path):
    with open(path) as f:
        return list(csv.reader(f))


def export(path, orders):
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "total"])
        for order in orders:
            writer.writerow(order)


def header_and_count(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        count = sum(1 for _ in reader)
    return header, count
