# repr, str, ascii and the f-string conversions of values with every kind of character.
texts = ["", "plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "nl\n", "cr\r", "nul\x00",
         "bell\x07", "del\x7f", "\x80\x9f", "nbsp\xa0", "é", "ÿ", "Ā", "€", "\u200b", "\u2028", "\ufeff",
         "😀", "\U0010ffff", "\\", "\\'", "mixed é€😀\n'\""]
values = texts + [[t] for t in texts[:6]] + [{"k": "é"}, ("€",), None, 1.5, -0.0, 10 ** 20, True]
for v in values:
    print(repr(v), str(v) if isinstance(v, str) else "-", ascii(v), f"{v!r}|{v!a}|{v!s:>4}")
