# str.format and format_map over templates that exercise field names, indexes, attributes,
# conversions, nested specs and every parsing error.
templates = ["{}", "{0}", "{1}", "{x}", "{0[0]}", "{0[a]}", "{x.real}", "{0.imag}", "{}{}", "{0}{}", "{}{0}",
             "{:>{}}", "{:{}}", "{0:{1}}", "{!r}", "{!s:>5}", "{!a}", "{!}", "{!x}", "{0!r:}", "{0:}", "{{}}",
             "{", "}", "{{", "}}", "{0", "{0]", "{0[}", "{0[1]x}", "{0.}", "{0..a}", "{[0]}", "{ }", "{0 }",
             "{-1}", "{00}", "{1_0}", "{0[-1]}", "{0[1:2]}", "{x[y]}", "{x!r:^{w}}", "{:{:{}}}", "{0:{x}}",
             "{:{w}.{p}f}", "a{}b{}c", "{}}", "{{}", "{:}}", "{:{}}}", "{:d}", "{0:s}", "{x:,}"]
args = [(["ab", "c"], {"a": 1}), (3.5, 10)]
kwargs = {"x": 42, "w": 8, "p": 2, "y": "k"}


def r(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ":" + str(e)


for t in templates:
    for a in args:
        print(repr(t), r(lambda: t.format(*a, **kwargs)), r(lambda: t.format_map(kwargs)))
