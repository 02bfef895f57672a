"""String building and parsing: CSV-like lines formatted with f-strings and %, split and
parsed back, str methods (replace, strip, find, startswith, upper), join, and a run-length
encoder."""
import sys

SMALL = sys.argv[1:] == ["small"]


def make_lines(n):
    lines = []
    for i in range(n):
        name = "item-%05d" % i
        lines.append(f"{name},{i * 37 % 1000},{(i * 7919) % 10007 / 100:.2f}, tag{i % 17} ")
    return lines


def parse(lines):
    total_qty = 0
    total_price = 0.0
    tags = {}
    for line in lines:
        name, qty, price, tag = line.split(",")
        total_qty += int(qty)
        total_price += float(price)
        tag = tag.strip().upper()
        tags[tag] = tags.get(tag, 0) + 1
    return total_qty, total_price, tags


def rle(s):
    out = []
    prev = s[0]
    n = 0
    for c in s:
        if c == prev:
            n += 1
        else:
            out.append(f"{n}{prev}")
            prev = c
            n = 1
    out.append(f"{n}{prev}")
    return "".join(out)


def main():
    n = 2_000 if SMALL else 60_000
    lines = make_lines(n)
    qty, price, tags = parse(lines)
    blob = "\n".join(lines)
    print(f"{len(lines)} lines, {len(blob)} characters, qty {qty}, price {price:.2f}")
    print("tags:", sorted(tags.items())[:4])
    print("find:", blob.find("item-00999"), "count ',':", blob.count(","),
          "starts:", sum(1 for l in lines if l.startswith("item-001")))
    pattern = "".join("ab"[i % 7 < 3] * (i % 4 + 1) for i in range(n))
    enc = rle(pattern)
    print("rle:", len(pattern), "->", len(enc), enc[:30])
    print(blob.replace("item", "row")[:40].upper())


main()
