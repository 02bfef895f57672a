def parse(text):
    return int(text)

def load(text):
    try:
        return parse(text)
    except ValueError as e:
        raise RuntimeError("could not load") from e

def main():
    try:
        load("x")
    except RuntimeError:
        print("handling")
        raise LookupError("during handling")

print("start")
main()
