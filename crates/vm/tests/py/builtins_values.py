# Builtins on values: abs, divmod, pow, round, hash, id, type, callable, chr, ord,
# isinstance, getattr/setattr/hasattr, repr, str, int, float, bool, list, tuple, dict.
def t(label, thunk):
    try:
        r = thunk()
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(label, "=>", repr(r))


t("abs", lambda: (abs(-3), abs(3.5), abs(-0.0), abs(True), abs(-7 // 2)))
t("abs str", lambda: abs("x"))
t("divmod", lambda: (divmod(7, 2), divmod(-7, 2), divmod(7, -2), divmod(7.5, 2), divmod(-7.5, 2)))
t("divmod zero", lambda: divmod(1, 0))
t("divmod float zero", lambda: divmod(1.0, 0))
t("pow", lambda: (pow(2, 10), pow(2, -1), pow(2.0, 0.5), pow(3, 4, 5), pow(-2, 3), 2 ** -2))
t("pow mod neg", lambda: pow(3, -1, 7))
t("pow mod float", lambda: pow(2.0, 2, 3))
t("round", lambda: (round(2.5), round(3.5), round(-2.5), round(1.2345, 2), round(1234, -2),
                    round(5), round(2.675, 2), round(-0.5), round(1e20), round(7, 0)))
t("round type", lambda: type(round(2.5)).__name__ + " " + type(round(2.5, 0)).__name__)
t("round inf", lambda: round(float("inf")))
t("round nan", lambda: round(float("nan")))
t("round str", lambda: round("x"))
t("hash", lambda: (hash(1) == hash(1.0), hash("a") == hash("a"), hash(None) == hash(None),
                   hash(True) == hash(1), hash((1, "a")) == hash((1, "a")), hash(-1), hash(0)))
t("hash list", lambda: hash([]))
t("id", lambda: (id(None) == id(None), id([]) != 0))
t("type", lambda: (type(1).__name__, type("").__name__, type([]).__name__, type(None).__name__,
                   type(1.0).__name__, type(True).__name__, type(type).__name__, type(len).__name__,
                   type(1) is int, type(True) is bool, repr(type(1)), repr(type(None))))
t("callable", lambda: (callable(len), callable(1), callable(lambda: 0), callable(int), callable("")))
t("chr ord", lambda: (chr(65), chr(0x10FFFF) == "\U0010ffff", ord("A"), ord("\x00"), chr(0)))
t("chr big", lambda: chr(0x110000))
t("chr str", lambda: chr("a"))
t("ord empty", lambda: ord(""))
t("ord int", lambda: ord(1))
t("isinstance", lambda: (isinstance(1, int), isinstance(True, int), isinstance(1, (str, int)),
                         isinstance("a", str), isinstance(1, float), isinstance([], (list, tuple)),
                         isinstance(None, type(None)), isinstance(ValueError(), Exception),
                         isinstance(1, (str, int))))
t("isinstance bad", lambda: isinstance(1, 1))
t("issubclass", lambda: (issubclass(bool, int), issubclass(int, bool), issubclass(KeyError, Exception)))
t("issubclass bad", lambda: issubclass(1, int))
t("getattr", lambda: (getattr("abc", "upper")(), getattr(1, "real"), getattr(1, "nope", "dflt")))
t("getattr missing", lambda: getattr(1, "nope"))
t("hasattr", lambda: (hasattr("", "join"), hasattr("", "nope"), hasattr(ValueError(), "args")))
t("setattr int", lambda: setattr(1, "x", 2))
t("repr", lambda: (repr("a'b"), repr('a"b'), repr("a'b\"c"), repr("\n\t\\"), repr("\x00\x7f"),
                   repr("é€😀"), repr(1.0), repr(-0.0), repr(1e-5), repr(None), repr(...)))
t("str", lambda: (str(b"x"), str(1e16), str(-1.5), str(int)))
t("int", lambda: (int(), int("12"), int(" -7 "), int("0x1f", 16), int("1_000"), int("ff", 16),
                  int("0b101", 0), int(3.99), int(-3.99), int(True), int("z", 36), int("+5")))
t("int bad", lambda: int("x"))
t("int empty", lambda: int(""))
t("int float str", lambda: int("1.5"))
t("int base bad", lambda: int("12", 1))
t("int base type", lambda: int(12, 10))
t("int none", lambda: int(None))
t("int inf", lambda: int(float("inf")))
t("int nan", lambda: int(float("nan")))
t("float", lambda: (float(), float("1.5"), float(" -2 "), float("inf"), float("-inf"), float("nan"),
                    float(3), float("1e3"), float("1_0.5"), float(True)))
t("float bad", lambda: float("x"))
t("float none", lambda: float(None))
t("bool", lambda: (bool(), bool(0), bool(""), bool([]), bool([0]), bool(None), bool(0.0), bool("0"),
                   bool(range(0)), bool({}), True + True, True * 3, -True))
t("list tuple dict", lambda: (list("ab"), tuple([1]), dict(a=1), list(range(2)), tuple()))
