# More str edge cases: whitespace kinds, maxsplit, negative windows, case mappings of
# non-ASCII letters, and f-string conversions.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


ws = "\u3000 a\u00a0b\tc\x0b\x0cd\x1ce\u2028 "
t("split ws", lambda: (ws.split(), ws.strip(), ws.rsplit(None, 1), "a\x85b".split()))
t("split max", lambda: ("a b c d".split(maxsplit=2), "a b c".split(" ", 0), " a b ".split(" "),
                        "a,b,c".rsplit(",", maxsplit=1), "a  b".rsplit(None, 0), "  a  b  ".rsplit(None, 1)))
t("split kw", lambda: "a-b".split(sep="-"))
t("split bad max", lambda: "a".split(" ", "x"))
t("find neg", lambda: ("abcabc".find("c", -2), "abcabc".rfind("a", -6, -2), "abc".find("", 3),
                       "abc".find("", 4), "abc".rfind(""), "abc".count("", -1), "héllo".find("l"),
                       "héllo".rfind("l", 0, 4), "ééé".count("é", 1)))
t("startswith window", lambda: ("hello".startswith("ll", 2), "hello".startswith("", 5),
                                "hello".startswith("", 6), "hello".endswith("ll", 0, -1),
                                "hello".endswith(("x", "lo"), -2), "hello".startswith("he", -10)))
t("case unicode", lambda: ("straße".upper(), "İ".lower(), "ǈ".upper(), "ΣΑΣ".lower(), "ﬁ".upper(),
                           "éa".capitalize(), "ÉCOLE".lower(), "hello wORLD 3rd".title()))
t("is unicode", lambda: ("½".isnumeric(), "é".isalpha(), "Σσ".isalpha(), "a b".isalpha(), "".isdigit(),
                         "\x1c".isspace(), "\xa0".isspace()))
t("join kinds", lambda: ("".join(("a", "b")), ", ".join({"x": 1, "y": 2}), "-".join(map(str, range(3))),
                         "+".join(["é", "ü"]), "ab".join("12")))
t("replace edge", lambda: ("".replace("", "x"), "abc".replace("", ""), "aaaa".replace("aa", "b"),
                           "abc".replace("b", "", 0), "abab".replace("ab", "ba", count=1)))
t("zfill edge", lambda: ("".zfill(3), "-".zfill(3), "+-5".zfill(5), "é".zfill(3), "12".zfill(-1)))
t("center edge", lambda: ("a".center(4), "ab".center(5), "abc".center(6, "é"), "".center(3, "*")))
t("strip chars", lambda: ("xyxhixyx".strip("xy"), "hi".strip("hi"), "  ".strip(), "éaé".strip("é"),
                          "\u3000x\u3000".strip()))
t("repr escapes", lambda: [repr(c) for c in ["\x07", "\x1b", "\u200b", "\U0001f600", "'\"", "\\"]])
t("f conv", lambda: (f"{'é'!a}", f"{'x'!r:>5}", f"{3.0!s}", f"{None!r}", f"{[1, 'a']!a}", f"{'a' 'b'}"))
t("f nested quotes", lambda: f"{'a' + "b"}{f'{1}'}")
t("f format spec expr", lambda: f"{3.14159:.{1 + 1}f}|{'x':*^{2 * 3}}")
t("f debug", lambda: (f"{1+1=}", f"{'s'=!s}", f"{2.5=:>6}"))
t("str mult", lambda: ("ab" * 2, "" * 100, "é" * 3))
t("compare", lambda: ("a" < "ab", "Z" < "a", "é" > "z", "" < "a", "abc" == "abc", "a" != "b"))
t("contains", lambda: ("" in "", "ab" in "cab", "é" in "café", "x" not in "abc"))
t("slicing", lambda: ("héllo"[1:3], "abc"[::-1], "abcdef"[-100:100:2], "abc"[3:0:-1], "abc"[2:2]))
t("index neg", lambda: ("abc"[-3], "héllo"[-4]))
t("str() of str", lambda: (str("x") is not None, str(b"ab"), str(1.0), str(-0.0), str(10 ** 20)))
