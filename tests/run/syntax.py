# A syntax error: nothing runs, CPython's display on stderr, status 1.
print('not printed')
if True
    print('x')
