from __future__ import annotations
import os
import os.path as osp
from collections import OrderedDict as OD, defaultdict
from . import sibling
from ..pkg import thing
from math import *


def annotated(x: List[int]) -> Dict[str, int]:
    return {}


name = "world"
width = 10
print(f"hello {name!r:>{width}} {width=} {{literal}}")
print(f"{'a' 'b'}" "c")
