# sys.exit() and SystemExit(None): status 0.
import sys


def main():
    print('main ran')
    sys.exit()


main()
