# Corners of the format mini-language and of `%`.
print(format(3.14159, ".2f"), format(-0.0, "+.1f"), format(1e21, "f"), format(1e-7, "g"), format(1234.5, "g"), format(0.00001234, ".3g"), format(1e16, "g"), format(123456789, "e"))
print(format(5, "+05d"), format(-5, "05d"), format(5, "=+5d"), format(255, "#06x"), format(255, "#b"), format(-255, "#o"), format(1234567.891, ",.2f"), format(1234567, "_x"), format(10**6, "_d"))
print(format("abc", "^7"), format("abc", "*<6"), format("abc", ".2"), format("abc", ">5.1"), format(True, "d"), format(True, ""), format(None, ""), format(3, "c"), format(97, "c"))
print(format(0.5, "%"), format(0.1234, ".1%"), format(float("inf"), "f"), format(float("-inf"), "e"), format(float("nan"), "+g"), format(1.0, "n"), format(12, "n"), format(2.5, ".0f"), format(3.5, ".0f"))
print(format(1.5, ""), format(1e100, ""), format(100.0, "g"), format(1e-5, ""), format(123.0, ".3"), format(0.1, ".17g"), format(5e-324, "e"), format(1.7976931348623157e308, ".3e"))
print(f"{3.0:.0e}", f"{1234:>+10,}", f"{-1234.5:010.1f}", f"{'x':=^9}", f"{12:#x}", f"{12:#X}", f"{0:#o}", f"{-0.0:g}", f"{1e300 * 10:f}", f"{2**70:e}", f"{2**70:,}")
print("%5s|%-5s|%.1s|%c|%r" % ("ab", "ab", "xyz", 10, 1.5), "%x %X %#x %#o %o" % (255, 255, 255, 8, -8), "%e %E %g %G" % (1e-5, 1e5, 1e-5, 1e20), "%.0f %.1f %10.3f|" % (2.5, 0.05, 3.14159))
print("%s" % None, "%d" % True, "%5.1f%%" % 99.5, "%(x)05d" % {"x": 42}, "%-+6d|" % 3, "%#.3g" % 1.0, "%u" % 7, "%a" % "é", "%s %s" % ("a", [1]))
for f in [lambda: format(1.5, "d"), lambda: format("x", "d"), lambda: format(1, "z"), lambda: format(1, ".2d"), lambda: format("s", "+"), lambda: format(1, ",_"), lambda: "%z" % 1, lambda: "%d" % [], lambda: "%c" % 1114112, lambda: "%" % (), lambda: format(1, "=")]:
    try:
        print(repr(f()))
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
print(f"{-0.0:z.1f}", f"{-0.0001:z.2f}", f"{-0.5:z.0f}", f"{-1.5:z.0f}", f"{-0.0:z}", f"{-1e-9:ze}", format(-0.0, "z%"), format(1.0, ".1"), format(10.0, ".2"), format(0.5, ".1"))
