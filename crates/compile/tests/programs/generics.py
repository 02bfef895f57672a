def first[T](items: list[T], default: T = None) -> T:
    return items[0] if items else default


class Box[T: (int, str), *Ts, **P](Base, metaclass=Meta):
    def get(self) -> T:
        return super().get()


def bounded[K: Hashable = str](key: K, *, strict=True) -> K:
    return key


type Pair[A] = tuple[A, A]
type Plain = int | None
