"""List sorting: records as tuples sorted by several keys (lambda keys, reverse, stability),
a merge sort written in Python, and bisection for lookups."""
import sys

SMALL = sys.argv[1:] == ["small"]


def records(n):
    out = []
    x = 7
    for i in range(n):
        x = (x * 48271) % 2147483647
        out.append((x % 1000, "name%d" % (x % 997), i, (x % 10007) / 7.0))
    return out


def merge_sort(items):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = merge_sort(items[:mid])
    right = merge_sort(items[mid:])
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            out.append(left[i])
            i += 1
        else:
            out.append(right[j])
            j += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def bisect_left(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def main():
    n = 2_000 if SMALL else 40_000
    rs = records(n)
    by_key = sorted(rs)
    by_name = sorted(rs, key=lambda r: (r[1], -r[0]))
    by_score = sorted(rs, key=lambda r: r[3], reverse=True)
    mine = merge_sort([r[0] * 100_000 + r[2] for r in rs])
    assert mine == sorted(r[0] * 100_000 + r[2] for r in rs)
    keys = [r[0] for r in by_key]
    hits = sum(bisect_left(keys, k) for k in range(0, 1000, 7))
    print("first by key:", by_key[0], "last:", by_key[-1])
    print("first by name:", by_name[0][:3], "top score: %.3f" % by_score[0][3])
    print("merge sort checksum:", sum(v * (i % 13) for i, v in enumerate(mine)) % 1_000_003)
    print("bisect checksum:", hits)


main()
