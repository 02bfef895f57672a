import struct
from struct import pack, unpack, calcsize

for f in ["@bi", "=bi", "<qhc", "i", "2h", "@cid", "<5s", "!HHI", "3x", "@?q", "=lL", "@lL", "<nN"[:1] + "q"]:
    print(f, calcsize(f))
vals = [("<hH", (1, 2)), (">I", (1,)), ("<i", (-2,)), (">q", (-(2**63),)), ("<Q", (2**64 - 1,)),
        ("@ci", (b"a", 1)), ("<?", ([],)), ("<?", ([0],)), ("<f", (1.5,)), (">d", (-0.1,)),
        ("3s", (b"abcdef",)), ("5s", (b"ab",)), ("4x", ()), ("<2hd", (1, 2, 3.5)),
        ("!bB", (-128, 255)), ("=lL", (-5, 5)), ("<5p", (b"abc",)), ("<f", (0.1,))]
for f, v in vals:
    b = pack(f, *v)
    print(f, b, unpack(f, b))
print(struct.error, issubclass(struct.error, Exception))
tests = ['pack("i", "a")', 'pack("b", 300)', 'pack("B", 300)', 'pack("h", 70000)', 'pack("H", -1)',
         'pack("i", 2**40)', 'pack("I", -1)', 'pack("q", 2**64)', 'pack("Q", -1)', 'pack("ii", 1)',
         'unpack("i", b"abc")', 'pack("y", 1)', 'pack("d", "x")', 'pack("c", b"ab")',
         'pack("s", "a")', 'pack("l", 1.0)', 'pack()', 'pack(1)', 'pack("!f", 1e300)',
         'unpack("i", "abcd")', 'calcsize("3")']
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__ + ':', e)
