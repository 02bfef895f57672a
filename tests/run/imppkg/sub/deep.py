from .. import leaf
from . import t2

VALUE = leaf.twice(21) + t2(0)
