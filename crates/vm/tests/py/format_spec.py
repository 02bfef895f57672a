# The format mini-language: format(), f-strings and str.format with every spec part.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


ints = [0, 7, -42, 255, 123456789]
for spec in ["", "d", "5d", "<5", ">5", "^5", "*^7", "+d", "-d", " d", "05d", "x", "X", "#x",
             "#X", "o", "#o", "b", "#b", ",", "_", "_x", "08.2f", "e", "%", "c", "=+8", "n",
             "#010x", ",d", ".3"]:
    out = []
    for v in ints:
        try:
            out.append(format(v, spec))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), out)
floats = [0.0, 1.5, -2.25, 3.14159265, 1e20, 1.23e-7, 100.0, float("inf"), float("nan"), -0.0]
for spec in ["", "f", ".2f", "10.3f", "<10.1f", "e", ".3e", "E", "g", ".3g", "G", "%", ".1%",
             "+.2f", ",.2f", "_.1f", "012.3f", "#g", ".0f", ".0e", "n", "=+10.2f", " .1f", "#.0f"]:
    out = []
    for v in floats:
        try:
            out.append(format(v, spec))
        except Exception as e:
            out.append(type(e).__name__ + ": " + str(e))
    print(repr(spec), out)
for spec in ["", "s", "10", "<10", ">10", "^10", "*^9", ".2", "10.3", "=10", "d", "+"]:
    t("str " + repr(spec), lambda: format("hello", spec))
for spec in ["", "d", "5", "x", "f", "s", "^7", "10"]:
    t("bool " + repr(spec), lambda: format(True, spec))
t("none", lambda: (format(None), format(None, "")))
t("none spec", lambda: format(None, "5"))
t("list spec", lambda: format([1], "5"))
t("list empty spec", lambda: format([1, "a"]))
t("bad code int", lambda: format(5, "z"))
t("bad code float", lambda: format(5.0, "d"))
t("bad code str", lambda: format("x", "d"))
t("sign on str", lambda: format("x", "+"))
t("comma on str", lambda: format("x", ","))
t("both separators", lambda: format(5, ",_"))
t("precision int", lambda: format(5, ".2d"))
t("c range", lambda: format(-1, "c"))
t("c on float", lambda: format(1.0, "c"))
t("alternate str", lambda: format("x", "#"))
t("width huge", lambda: format(1, "99999999999999999999"))
t("zero pad str", lambda: format("ab", "05"))
t("neg zero z", lambda: (format(-0.0, "z.1f"), format(-0.001, "z.1f")))
w, p, v = 10, 3, 3.14159
print(f"{v:{w}.{p}f}|{v:<{w}}|{'x':{'^'}{5}}|{v!r:>12}|{'q'!s}|{'é'!a}")
print(f"{1 + 1}", f"{'nested'!r}", f"{v=}", f"{w = }", f"{v = :.2f}", f"{{literal}}")
print(f"{3:{'>'}{w}}", f"{[1, 2]}", f"{ {'a': 1}['a'] }", f"{(lambda: 5)()}")
name = "width"
print(f"{name!r:^{w}}", f"{12345:,}", f"{0.5:%}", f"{1e3:g}", f"{1e16:g}", f"{123.456:e}")
print("{:>{}}".format("r", 4), "{0:{1}.{2}f}".format(3.14159, 8, 2), "{!r:<6}|".format("a"))
print(repr(1e16), repr(1.5e-5), repr(0.1 + 0.2), repr(1e22), repr(123456789.0), str(1e-4))
print(str(2.0**60), 1e300 * 1e10, -1e300 * 1e10, round(2.675, 2), round(0.5), round(1.5))
