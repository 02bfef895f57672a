import io
import sys

n = sys.stdout.write("direct\n")
print(n, sys.stdout.flush())
print(sys.stdout is sys.__stdout__, sys.stderr is sys.__stderr__, sys.stdin is sys.__stdin__)
print(sys.stdout.encoding, sys.stderr.encoding, sys.stdout.fileno(), sys.stderr.fileno())
print(repr(sys.stdout), repr(sys.stderr))
print(sys.stdout.writable(), sys.stdout.readable(), sys.stdin.readable())
try:
    sys.stdout.write(5)
except TypeError as e:
    print("TypeError", e)
print(sys.stderr.write(""))

saved = sys.stdout
buf = io.StringIO()
sys.stdout = buf
print("captured", 1, 2, sep=",")
print("more", end="")
sys.stdout = saved
print(repr(buf.getvalue()))
sys.stdout = None
print("nothing")
sys.stdout = sys.__stdout__
print("back")

class Upper:
    def __init__(self):
        self.parts = []

    def write(self, s):
        self.parts.append(s.upper())
        return len(s)

    def flush(self):
        self.parts.append("<flush>")

u = Upper()
sys.stdout = u
print("hello", "world", flush=True)
sys.stdout = saved
print(u.parts)
del sys.stdout
try:
    print("lost")
except RuntimeError as e:
    sys.stdout = saved
    print("RuntimeError", e)
