import sys


def f():
    return 1 / 0


try:
    f()
except ZeroDivisionError as e:
    sys.excepthook(type(e), e, e.__traceback__)
print(sys.excepthook is sys.__excepthook__)
try:
    sys.excepthook(1, 2, 3)
except TypeError as e:
    print("TypeError", e)
