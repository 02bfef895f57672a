from dataclasses import dataclass, field, InitVar, KW_ONLY
from typing import Optional, List, ClassVar
@dataclass
class A:
    x: int
    y: 'str' = 'a'
    z: list = field(default_factory=list)
    o: Optional[List[int]] = None
    i: InitVar[int] = 3
    c: ClassVar[int] = 1
    _: KW_ONLY
    k: float = 1.5
print(A.__doc__)
@dataclass(init=False)
class B:
    x: int
print(B.__doc__)
@dataclass
class C:
    '''mine'''
    x: list[int]
print(C.__doc__)
@dataclass
class D:
    x: list[int]
    t: tuple
    n: int = field(default=0, init=False)
print(D.__doc__)
