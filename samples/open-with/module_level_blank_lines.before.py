"""A script whose handles stay open to its end: the blank lines the with-block takes in stay blank."""
import csv
import sys

source = open(sys.argv[1])
target = open(sys.argv[2], "w")

rows = []
reader = csv.reader(source)

for row in reader:
    rows.append("\t".join(row))

for line in rows:
    target.write(line + "\n")
