"""csv readers and writers built on the handle, used up inside the block."""
import csv


def catalogue(path):
    rows = []
    for row in csv.reader(open(path)):
        rows.append(row)
    return rows


def records(path):
    reader = csv.DictReader(open(path))
    return [dict(row) for row in reader]


def as_list(path):
    return list(csv.reader(open(path)))


def export(path, orders):
    out = open(path, "w", newline="")
    writer = csv.writer(out)
    writer.writerow(["id", "total"])
    for order in orders:
        writer.writerow(order)
    out.close()


def header_and_count(path):
    f = open(path, newline="")
    reader = csv.reader(f)
    header = next(reader)
    count = sum(1 for _ in reader)
    return header, count
