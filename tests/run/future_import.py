# `from __future__ import annotations` runs, and `__future__` holds CPython's records.
from __future__ import annotations
import __future__


def f(x: Undefined) -> AlsoUndefined:
    return x


print(f(3))
print(__future__.annotations)
print(__future__.annotations.compiler_flag == __future__.CO_FUTURE_ANNOTATIONS)
print(__future__.division.optional, __future__.division.mandatory)
print(__future__.all_feature_names)
print(__future__.__all__[:3], len(__future__.__all__))
print(repr(__future__.generator_stop))
