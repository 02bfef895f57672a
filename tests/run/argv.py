# sys.argv, sys.path[0] (the script's folder), __name__ and __file__.
import sys

print(sys.argv[1:], len(sys.argv))
print(sys.argv[0].endswith('argv.py'))
print(sys.path[0] == __file__.rsplit('/', 1)[0])
print(__name__)
