def f():
    raise ExceptionGroup("msg", [ValueError(1), TypeError(2)])
def g():
    try:
        f()
    except* ValueError as e:
        raise ExceptionGroup("nested", [KeyError("k"), ExceptionGroup("inner", [OSError(5)])])
g()
