from ..leaf import twice as t2
