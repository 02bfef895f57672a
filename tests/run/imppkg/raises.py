x = 1


def fail():
    raise RuntimeError("raised while importing")


fail()
