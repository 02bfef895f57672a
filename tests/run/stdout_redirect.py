import io
import sys

print(sys.stdout.write("written\n"))
saved = sys.stdout
sys.stdout = io.StringIO()
print("into the buffer", 42)
text = sys.stdout.getvalue()
sys.stdout = saved
print(repr(text))
print(sys.stdout is sys.__stdout__)
sys.stderr.write("to stderr\n")
print(sys.stderr.write("x\n"), file=sys.stdout)
