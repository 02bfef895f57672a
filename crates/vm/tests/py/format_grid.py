# The format mini-language over a grid of specs: each line is one value and one type code,
# with the results of every combination of fill/align, sign, #, 0, width, grouping and
# precision joined by '|' (errors as their type and text).
vals = [0, -7, 1234567, 3.5, -0.0, 1e-7, 123456.789, float("inf"), float("nan"), "héllo", True]
types = {int: ["", "d", "x", "o", "b", "c", "n", "e", "f", "g", "%", "s"],
         float: ["", "e", "E", "f", "g", "G", "n", "%", "d"], str: ["", "s", "d"], bool: ["", "d", "s"]}
for v in vals:
    for ty in types[type(v)]:
        out = []
        for fa in ["", "*^", "0="]:
            for sign in ["", "+"]:
                for alt in ["", "#"]:
                    for zero in ["", "0"]:
                        for grp in ["", "_"]:
                            for prec in ["", ".0"]:
                                spec = fa + sign + alt + zero + "9" + grp + prec + ty
                                try:
                                    out.append(format(v, spec))
                                except (ValueError, TypeError, OverflowError) as e:
                                    out.append(type(e).__name__[0] + ":" + str(e)[:16])
        print(repr(v), repr(ty), "|".join(out))
