"""Generates float_repr.txt (run from the repository root) with CPython 3.13: one line per double,
`<16 hex digits of its bits> <repr(x)>`."""
import random, struct, math
rng = random.Random(20261207)
def bits(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def frombits(b): return struct.unpack('<d', struct.pack('<Q', b))[0]
vals = []
# Edge cases.
edge = [0.0, -0.0, math.inf, -math.inf, 5e-324, -5e-324, 2.2250738585072014e-308,
        2.225073858507201e-308, 1.7976931348623157e308, 1.0, -1.0, 0.1, 0.2, 0.3, 1/3,
        1e16, 1e15, 9999999999999998.0, 1e16 - 2, 1e17, 1e22, 1e23, 1e-4, 1e-5, 9.9999e-5,
        0.0001, 0.00011, 123456789012345678.0, 2134828773255366.25, 0.5, 2.5, 1.5e300,
        4.35, 0.3 + 0.6, 1e-7, 1.2345678901234567e-300, 2**53, 2**53 + 2, 2**63, 2**64,
        9007199254740993.0, 1e308, 1e-308]
vals += [float(v) for v in edge]
for e in range(-330, 310):
    for m in (1, 5, 9.999999999999999):
        try: vals.append(m * 10.0 ** e)
        except OverflowError: pass
# Ties: in [2**50, 2**51) doubles are k + j/4; k + 1/4 and k + 3/4 need 17 digits and lie
# exactly halfway between two 17-digit decimals (CPython rounds half to even).
for _ in range(2000):
    k = rng.randrange(2**50, 2**51)
    x = k + rng.choice((0.25, 0.75))
    vals.append(x if rng.random() < 0.8 else -x)
# Random bit patterns (finite, both signs, all exponents).
while len(vals) < 7000:
    b = rng.getrandbits(64)
    x = frombits(b)
    if math.isfinite(x): vals.append(x)
# Short decimals (the common case), their neighbours.
for _ in range(800):
    d = rng.randint(1, 17)
    x = float(f"{rng.randrange(10**(d-1), 10**d)}e{rng.randint(-30, 30)}")
    vals.append(x)
    vals.append(frombits(bits(x) + 1)); vals.append(frombits(bits(x) - 1))
vals.append(math.nan)
seen = set(); out = []
for x in vals:
    b = bits(x)
    if b in seen: continue
    seen.add(b); out.append(f"{b:016x} {x!r}")
with open("crates/object/tests/data/float_repr.txt", "w") as f:
    f.write("# repr(float) by CPython 3.13 (tests/data/gen_float_repr.py): bits as hex, then repr.\n")
    f.write("\n".join(out) + "\n")
print(len(out))
