# Makes and drops N two-object cycles (a list and a dict referring to each other); the
# cycle collector must keep memory flat. N is the first argument.
import sys

n = int(sys.argv[1])
for i in range(n):
    a = []
    b = {"a": a}
    a.append(b)
print("done", n)
