class Base:
    pass


class C(Base, metaclass=type):
    """A class."""

    attr: int = 1

    def __init__(self, x):
        super().__init__()
        self.x = x

    @property
    def value(self):
        return self.x

    @staticmethod
    def s():
        return __class__


def factory(v):
    class Local:
        w = v

        def get(self):
            return v

    return Local
