import sys

print(sys.maxsize, sys.maxsize == 2**63 - 1, sys.float_info)
print(sys.float_info.epsilon, sys.float_info.max, sys.float_info.dig, sys.float_info[0], len(sys.float_info))
print(sys.version_info, sys.version_info[:2], sys.version_info >= (3, 8), sys.version_info < (3, 14))
print(sys.version_info.major, sys.version_info.releaselevel, len(sys.version_info), list(sys.version_info))
major, minor, *rest = sys.version_info
print(major, minor, rest, sys.hexversion, sys.byteorder, tuple(sys.float_info)[-2:])
a = "".join(["ab", "cd"])
b = "".join(["a", "bcd"])
print(a is b, sys.intern(a) is sys.intern(b), sys.intern(a) == "abcd")
print(type(sys.implementation.name).__name__, sys.implementation.version == sys.version_info,
      sys.implementation.hexversion == sys.hexversion)
try:
    sys.intern(1)
except TypeError as e:
    print("TypeError", e)
