LOOKUP = {
    '"a".find(1)': lambda: "a".find(1),
    '"a".count(1)': lambda: "a".count(1),
    '"a".index(1)': lambda: "a".index(1),
    '"a".startswith(1)': lambda: "a".startswith(1),
    '"a".replace(1,2)': lambda: "a".replace(1,2),
    '"a".replace("a",2)': lambda: "a".replace("a",2),
    '"a".replace("a","b","c")': lambda: "a".replace("a","b","c"),
    '"a".split(1)': lambda: "a".split(1),
    '"a".partition(1)': lambda: "a".partition(1),
    '"a".center()': lambda: "a".center(),
    '"a".center("x")': lambda: "a".center("x"),
    '"a".zfill("x")': lambda: "a".zfill("x"),
    '"a".strip(1,2)': lambda: "a".strip(1,2),
    '"a".upper(1)': lambda: "a".upper(1),
    '"a".join()': lambda: "a".join(),
    '"a".find()': lambda: "a".find(),
    '"a".find("a", "x")': lambda: "a".find("a", "x"),
    '"a".splitlines(1,2)': lambda: "a".splitlines(1,2),
    '"{a".format()': lambda: "{a".format(),
    '"}".format()': lambda: "}".format(),
    '"{!x}".format(1)': lambda: "{!x}".format(1),
    '"{0!}".format(1)': lambda: "{0!}".format(1),
    '"{:d}".format("x")': lambda: "{:d}".format("x"),
    '"{0}".format()': lambda: "{0}".format(),
    '"a".lower(1)': lambda: "a".lower(1),
    '"a".ljust(1,2)': lambda: "a".ljust(1,2),
    '"a" + None': lambda: "a" + None,
    '"ab" * 1.5': lambda: "ab" * 1.5,
    'str.upper(1)': lambda: str.upper(1),
    '"a".split("x", "y")': lambda: "a".split("x", "y"),
    '"a".isdigit(1)': lambda: "a".isdigit(1),
    '"a".count()': lambda: "a".count(),
}
for s in LOOKUP:
    try:
        print(s, '|', repr(LOOKUP[s]()))
    except Exception as e:
        print(s, '|', type(e).__name__, e)
