# sys.exit('message'): the message on stderr, status 1.
import sys

try:
    sys.exit('handled')
except SystemExit as e:
    print('caught', e.args)
sys.exit('bye')
