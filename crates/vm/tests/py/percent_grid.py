# printf-style formatting over a grid: each line is one value and one conversion, with the
# results of every combination of flags, width and precision joined by '|'.
vals = [0, -7, 255, 3.5, -0.0, 1e-7, 123456.789, float("inf"), float("nan"), "hé", True, None, [1]]


def r(f):
    try:
        return repr(f())
    except (TypeError, ValueError, OverflowError) as e:
        return type(e).__name__[0] + ":" + str(e)[:20]


for v in vals:
    for conv in "sradiuoxXeEfFgGc":
        out = []
        for flags in ["", "-", "+", "#", "0"]:
            for width in ["", "7"]:
                for prec in ["", ".0"]:
                    fmt = "%" + flags + width + prec + conv
                    out.append(r(lambda: fmt % (v,)))
        print(repr(v), conv, "|".join(out))
