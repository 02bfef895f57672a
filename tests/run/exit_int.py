# sys.exit(n): the status is n, nothing printed for it.
import sys

print('before')
sys.exit(3)
print('not reached')
