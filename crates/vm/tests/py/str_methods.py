# The methods of str that ordinary programs call, with edge cases and error texts.
def t(expr):
    try:
        r = eval_expr(expr)
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(expr, "=>", repr(r))


s = "Hello, World"
cases = {
    "split": lambda: ("a b  c".split(), "a,b,,c".split(","), "a b c".split(None, 1),
                      "  x  ".split(), "".split(), "".split(","), "a--b--c".split("--", 1),
                      "abc".split("", 1)),
    "rsplit": lambda: ("a b c".rsplit(None, 1), "a,b,c".rsplit(",", 1), "x".rsplit("y")),
    "splitlines": lambda: ("a\nb\r\nc\rd".splitlines(), "a\nb\n".splitlines(True), "".splitlines()),
    "join": lambda: (",".join(["a", "b"]), "".join([]), "-".join("xyz"), ",".join(x for x in "ab")),
    "join_err": lambda: ",".join(["a", 1]),
    "join_err2": lambda: ",".join(5),
    "strip": lambda: ("  x  ".strip(), "xxhixx".strip("x"), "\t\n x\r".strip(), "ab".strip(""),
                      "  x ".lstrip(), " x  ".rstrip(), "abcab".lstrip("ab"), "abcab".rstrip("ab")),
    "strip_err": lambda: "x".strip(1),
    "replace": lambda: ("aaa".replace("a", "b"), "aaa".replace("a", "b", 2), "abc".replace("", "-"),
                        "abc".replace("x", "y"), "aaa".replace("a", "", -1)),
    "replace_err": lambda: "a".replace("a"),
    "find": lambda: ("hello".find("l"), "hello".find("z"), "hello".find("l", 3), "hello".find("", 10),
                     "hello".rfind("l"), "hello".find("lo", 1, 4), "hello".find("h", -2)),
    "index": lambda: ("hello".index("e"), "hello".rindex("l")),
    "index_err": lambda: "hello".index("z"),
    "rindex_err": lambda: "hello".rindex("z"),
    "count": lambda: ("banana".count("a"), "banana".count("an"), "banana".count(""), "aaa".count("aa"),
                      "banana".count("a", 2), "banana".count("a", 2, 4)),
    "startswith": lambda: (s.startswith("He"), s.startswith(("x", "Hel")), s.startswith("W", 7),
                           s.endswith("ld"), s.endswith(("a", "b")), s.endswith("o", 0, 5), "".startswith("")),
    "startswith_err": lambda: s.startswith(["He"]),
    "case": lambda: (s.upper(), s.lower(), s.swapcase(), "hello world".title(), "hELLO".capitalize(),
                     "ß".upper(), "ǅ".lower(), "HeLLo".casefold(), "they're bill's".title()),
    "is": lambda: ("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalnum(), "  ".isspace(),
                   "".isspace(), "Abc".istitle(), "ABC".isupper(), "abc".islower(), "123".isnumeric(),
                   "1.5".isdecimal(), "x_1".isidentifier(), "1x".isidentifier(), "abc".isascii(),
                   "é".isascii(), "a1".isupper(), "\t".isprintable()),
    "pad": lambda: ("ab".center(6), "ab".center(5, "*"), "ab".ljust(4, "."), "ab".rjust(4),
                    "42".zfill(5), "-42".zfill(5), "+4".zfill(4), "abc".center(2), "x".center(4, "-")),
    "pad_err": lambda: "ab".center(5, "**"),
    "partition": lambda: ("a=b=c".partition("="), "abc".partition("x"), "a=b=c".rpartition("="),
                          "abc".rpartition("x")),
    "partition_err": lambda: "abc".partition(""),
    "affix": lambda: ("prefix_x".removeprefix("prefix_"), "x".removeprefix("y"),
                      "file.py".removesuffix(".py"), "file".removesuffix("")),
    "expandtabs": lambda: ("a\tb".expandtabs(), "a\tb".expandtabs(4), "ab\tc\nx\ty".expandtabs(3)),
    "encode": lambda: ("abc".encode(), "é".encode("utf-8")),
    "format": lambda: ("{} {}".format(1, 2), "{1} {0}".format("a", "b"), "{x}!".format(x=3),
                       "{0[1]} {1[k]}".format([5, 6], {"k": "v"}), "{{}}".format(), "{:>5}".format("r")),
    "format_err1": lambda: "{} {}".format(1),
    "format_err2": lambda: "{x}".format(y=1),
    "format_err3": lambda: "{0} {}".format(1, 2),
    "format_err4": lambda: "{".format(),
    "format_map": lambda: "{a}-{b}".format_map({"a": 1, "b": 2}),
    "ops": lambda: ("ab" * 3, 3 * "ab", "ab" * 0, "ab" * -1, "a" + "b", "b" in "abc", "" in "x",
                    "abc"[1], "abc"[-1], "abcdef"[1:4], "abcdef"[::2], "abcdef"[::-1], "abc"[5:],
                    len("héllo"), "a" < "b", "B" < "a", min("bca"), max("bca")),
    "index_oob": lambda: "abc"[3],
    "concat_err": lambda: "a" + 1,
    "contains_err": lambda: 1 in "abc",
    "mul_err": lambda: "a" * "b",
    "setitem_err": lambda: exec_setitem(),
    "str_of": lambda: (str(1), str(1.5), str(None), str([1, "a"]), str(), str("x"), str(True)),
    "ord_chr": lambda: (ord("a"), chr(97), ord("€"), chr(0x1F600)),
    "ord_err": lambda: ord("ab"),
    "chr_err": lambda: chr(-1),
    "translate_like": lambda: "".join(c.upper() if i % 2 else c for i, c in enumerate("abcdef")),
    "iter": lambda: (list("abc"), [c for c in "hé"], tuple(reversed("abc"))),
    "unbound": lambda: (str.lower("ABC"), list(map(str.upper, ["a", "b"])), str.join(",", "ab")),
    "unbound_err": lambda: str.lower(5),
}


def exec_setitem():
    x = "abc"
    x[0] = "z"


def eval_expr(name):
    return cases[name]()


for name in cases:
    t(name)
