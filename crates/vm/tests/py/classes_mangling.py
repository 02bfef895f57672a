# Private names inside classes are mangled (`__x` in class `C` is `_C__x`): attributes,
# class-body names, method names, globals named from methods; dunder names are not.

class C:
    __count = 0
    def __priv(self):
        return "priv"
    def run(self):
        C.__count += 1
        self.__count += 10
        return self.__priv(), self.__count, C.__count
    def glob(self):
        global __h
        __h = 5
        return __h
    def __dunder__(self):
        return "dunder"

c = C()
print(c.run(), sorted(k for k in vars(C) if not k.startswith("__")), c.glob(), _C__h)
print(c._C__priv(), c.__dunder__(), hasattr(c, "__priv"), C.__static_attributes__)

class _Under:
    def set(self):
        self.__v = 1
        return vars(self)
print(_Under().set())

class D(C):
    def peek(self):
        try:
            return self.__priv()
        except AttributeError as e:
            return f"AttributeError: {e}"
print(D().peek(), D()._C__priv())

def outside(o):
    return o.__x
class E:
    def __init__(self):
        self.__x = 1
try:
    outside(E())
except AttributeError as e:
    print("AttributeError:", e)
print(E()._E__x)
