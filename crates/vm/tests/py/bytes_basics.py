# bytes: literals, len, indexing, slicing, iteration, concatenation, the constructor, and
# str.encode / bytes.decode with the utf-8, ascii and latin-1 codecs.
b = b"abc\x00\xff"
print(b, len(b), b[0], b[-1], b[1:3], b[::-1], list(b), b"a" + b"b", b"ab" * 2, b"b" in b, 98 in b)
print(bytes(), bytes(3), bytes([1, 2, 255]), bytes(b"x"), bytes("é", "utf-8"), bytes(range(3)), bytes((65, 66)))
print("é€😀".encode(), "abc".encode("ascii"), "é".encode("latin-1"), "x".encode("UTF8"), "y".encode(encoding="utf_8"))
print(b"\xc3\xa9".decode(), b"abc".decode("ascii"), b"\xe9".decode("latin-1"), b"\xf0\x9f\x98\x80".decode("utf-8"))
print("aé".encode("ascii", "ignore"), "aé".encode("ascii", "replace"), b"a\xff".decode("utf-8", "replace"), b"a\xffb".decode("ascii", "ignore"))
print(b == b"abc\x00\xff", b"a" < b"b", hash(b"") == 0, type(b).__name__, bytes is type(b""), repr(b"'\""))
for f in [lambda: bytes("a"), lambda: bytes(-1), lambda: bytes([256]), lambda: bytes(1.5), lambda: bytes("é", "ascii"), lambda: bytes("a", "bogus"),
          lambda: b"\xff".decode(), lambda: b"\xc3".decode(), lambda: b"\xe2\x82".decode(), lambda: b"\xc3\x28".decode(), lambda: b"a\x80".decode("ascii"),
          lambda: "é".encode("ascii"), lambda: "aéé".encode("ascii"), lambda: "€".encode("latin-1"), lambda: "😀".encode("latin-1"), lambda: b"x".decode("nope"), lambda: b"abc"[5]]:
    try:
        print(repr(f()))
    except (TypeError, ValueError, LookupError, UnicodeError, IndexError) as e:
        print(type(e).__name__, e)
