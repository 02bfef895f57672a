def handle():
    try:
        risky()
    except (ValueError, TypeError) as e:
        print(e)
    except KeyError:
        pass
    except:
        raise
    else:
        print("ok")
    finally:
        print("finally")


def returns_in_finally():
    for i in range(3):
        try:
            return i
        finally:
            continue


def raising():
    try:
        1 / 0
    except ZeroDivisionError as exc:
        raise RuntimeError("x") from exc


def with_blocks(path):
    with open(path) as f, lock:
        return f.read()
