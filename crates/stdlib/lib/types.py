"""Names for the interpreter's built-in types, and helpers to create classes dynamically
(this project's version of CPython's ``types`` module)."""

import sys


def _f():
    pass


FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)
ModuleType = type(sys)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)


def _g():
    yield 1


_gen = _g()
GeneratorType = type(_gen)
del _gen


async def _c():
    pass


_coro = _c()
CoroutineType = type(_coro)
_coro.close()
del _coro


async def _ag():
    yield 1


AsyncGeneratorType = type(_ag())


class _C:
    def _m(self):
        pass


MethodType = type(_C()._m)
del _C

try:
    MethodWrapperType = type(object().__str__)
except AttributeError:
    pass
try:
    WrapperDescriptorType = type(object.__init__)
    MethodDescriptorType = type(str.join)
except AttributeError:
    pass


def _cell():
    x = 1

    def inner():
        return x

    return inner.__closure__[0]


try:
    CellType = type(_cell())
except (AttributeError, TypeError):
    pass

try:
    raise TypeError
except TypeError as _e:
    TracebackType = type(_e.__traceback__)
    try:
        FrameType = type(_e.__traceback__.tb_frame)
    except AttributeError:
        pass
    del _e


class SimpleNamespace:
    """A simple attribute-based namespace."""

    def __init__(self, mapping_or_iterable=(), /, **kwargs):
        if mapping_or_iterable != ():
            items = dict(mapping_or_iterable)
            for key in items:
                if not isinstance(key, str):
                    raise TypeError("keywords must be strings")
            self.__dict__.update(items)
        self.__dict__.update(kwargs)

    def __repr__(self):
        name = "namespace" if type(self) is SimpleNamespace else type(self).__name__
        ident = id(self)
        if ident in _repr_running:
            return name + "(...)"
        _repr_running.add(ident)
        try:
            parts = ["%s=%r" % (k, v) for k, v in self.__dict__.items()]
        finally:
            _repr_running.discard(ident)
        return "%s(%s)" % (name, ", ".join(parts))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented

    __hash__ = None

    def __reduce__(self):
        return (type(self), (), self.__dict__)

    def __replace__(self, /, **changes):
        result = type(self)(**self.__dict__)
        result.__dict__.update(changes)
        return result


_repr_running = set()


class MappingProxyType:
    """A read-only view of a mapping."""

    __slots__ = ("_mapping",)

    def __new__(cls, mapping):
        if isinstance(mapping, (list, tuple, str)) or not (
            isinstance(mapping, dict) or hasattr(type(mapping), "__getitem__")
        ):
            raise TypeError(
                "mappingproxy() argument must be a mapping, not %s" % type(mapping).__name__
            )
        self = object.__new__(cls)
        object.__setattr__(self, "_mapping", mapping)
        return self

    def __getitem__(self, key):
        return self._mapping[key]

    def __contains__(self, key):
        return key in self._mapping

    def __iter__(self):
        return iter(self._mapping)

    def __len__(self):
        return len(self._mapping)

    def __eq__(self, other):
        return self._mapping == other

    def __or__(self, other):
        return dict(self._mapping) | other

    def __ror__(self, other):
        return other | dict(self._mapping)

    def __repr__(self):
        return "mappingproxy(%r)" % (self._mapping,)

    def __str__(self):
        return str(self._mapping)

    def get(self, key, default=None):
        return self._mapping.get(key, default)

    def keys(self):
        return self._mapping.keys()

    def values(self):
        return self._mapping.values()

    def items(self):
        return self._mapping.items()

    def copy(self):
        return self._mapping.copy()

    def __setattr__(self, name, value):
        raise AttributeError(
            "'mappingproxy' object has no attribute '%s'" % name
        )

    def __setitem__(self, key, value):
        raise TypeError("'mappingproxy' object does not support item assignment")

    def __delitem__(self, key):
        raise TypeError("'mappingproxy' object does not support item deletion")


class GenericAlias:
    """``origin[args]``: a parameterised generic such as ``list[int]``."""

    def __init__(self, origin, args):
        if not isinstance(args, tuple):
            args = (args,)
        self.__origin__ = origin
        self.__args__ = args
        params = []
        for a in args:
            for p in _parameters_of(a):
                if p not in params:
                    params.append(p)
        self.__parameters__ = tuple(params)

    def __repr__(self):
        if len(self.__args__) == 0:
            args = "()"
        else:
            args = ", ".join(_type_repr(a) for a in self.__args__)
        return "%s[%s]" % (_type_repr(self.__origin__), args)

    def __call__(self, *args, **kwargs):
        return _instantiate(self, args, kwargs)

    def __mro_entries__(self, bases):
        return (self.__origin__,)

    def __getitem__(self, items):
        if not isinstance(items, tuple):
            items = (items,)
        subst = dict(zip(self.__parameters__, items))
        return GenericAlias(
            self.__origin__, tuple(_substitute(a, subst) for a in self.__args__)
        )

    def __eq__(self, other):
        if not isinstance(other, GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash(self.__origin__) ^ hash(self.__args__)

    def __or__(self, other):
        import typing

        return typing.Union[self, other]

    def __ror__(self, other):
        import typing

        return typing.Union[other, self]

    def __instancecheck__(self, obj):
        raise TypeError("isinstance() argument 2 cannot be a parameterized generic")

    def __subclasscheck__(self, cls):
        raise TypeError("issubclass() argument 2 cannot be a parameterized generic")


def _instantiate(alias, args, kwargs):
    """``alias.__origin__(*args, **kwargs)``, remembering ``alias`` as ``__orig_class__``."""
    result = alias.__origin__(*args, **kwargs)
    try:
        result.__orig_class__ = alias
    except Exception:
        # instances of builtin classes and of classes with __slots__ take no attribute
        pass
    return result


def _is_typevar(a):
    return getattr(type(a), "__name__", None) in ("TypeVar", "ParamSpec", "TypeVarTuple")


def _parameters_of(a):
    if _is_typevar(a):
        return (a,)
    if isinstance(a, type):
        return ()
    return getattr(a, "__parameters__", ())


def _substitute(a, subst):
    if _is_typevar(a):
        return subst.get(a, a)
    if isinstance(a, type):
        return a
    params = getattr(a, "__parameters__", ())
    if params and hasattr(a, "__getitem__"):
        return a[tuple(subst.get(p, p) for p in params)]
    return a


def _type_repr(obj):
    """``repr`` of a type as typing prints it: ``int``, ``module.Name``, ``...``."""
    if isinstance(obj, type) and not isinstance(obj, GenericAlias):
        if obj.__module__ == "builtins":
            return obj.__qualname__
        return "%s.%s" % (obj.__module__, obj.__qualname__)
    if obj is Ellipsis:
        return "..."
    if isinstance(obj, FunctionType):
        return obj.__name__
    if isinstance(obj, list):
        return "[%s]" % ", ".join(_type_repr(a) for a in obj)
    return repr(obj)


class DynamicClassAttribute:
    """A property on instances; on the class, the class's ``__getattr__`` answers."""

    def __init__(self, fget=None, fset=None, fdel=None, doc=None):
        self.fget = fget
        self.fset = fset
        self.fdel = fdel
        self.__doc__ = doc if doc is not None else getattr(fget, "__doc__", None)
        self.overwrite_doc = doc is None
        self.__isabstractmethod__ = bool(getattr(fget, "__isabstractmethod__", False))

    def __get__(self, instance, ownerclass=None):
        if instance is None:
            if self.__isabstractmethod__:
                return self
            raise AttributeError()
        if self.fget is None:
            raise AttributeError("unreadable attribute")
        return self.fget(instance)

    def __set__(self, instance, value):
        if self.fset is None:
            raise AttributeError("can't set attribute")
        self.fset(instance, value)

    def __delete__(self, instance):
        if self.fdel is None:
            raise AttributeError("can't delete attribute")
        self.fdel(instance)

    def getter(self, fget):
        return type(self)(fget, self.fset, self.fdel, None if self.overwrite_doc else self.__doc__)

    def setter(self, fset):
        return type(self)(self.fget, fset, self.fdel, self.__doc__)

    def deleter(self, fdel):
        return type(self)(self.fget, self.fset, fdel, self.__doc__)


def resolve_bases(bases):
    """Resolves ``__mro_entries__`` of the bases (PEP 560)."""
    new_bases = list(bases)
    updated = False
    shift = 0
    for i, base in enumerate(bases):
        if isinstance(base, type):
            continue
        if not hasattr(base, "__mro_entries__"):
            continue
        new_base = base.__mro_entries__(bases)
        updated = True
        if not isinstance(new_base, tuple):
            raise TypeError("__mro_entries__ must return a tuple")
        new_bases[i + shift : i + shift + 1] = new_base
        shift += len(new_base) - 1
    if not updated:
        return bases
    return tuple(new_bases)


def _calculate_meta(meta, bases):
    winner = meta
    for base in bases:
        base_meta = type(base)
        if issubclass(winner, base_meta):
            continue
        if issubclass(base_meta, winner):
            winner = base_meta
            continue
        raise TypeError(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) "
            "subclass of the metaclasses of all its bases"
        )
    return winner


def prepare_class(name, bases=(), kwds=None):
    """The metaclass, the namespace and the remaining keywords of a class statement."""
    kwds = {} if kwds is None else dict(kwds)
    if "metaclass" in kwds:
        meta = kwds.pop("metaclass")
    elif bases:
        meta = type(bases[0])
    else:
        meta = type
    if isinstance(meta, type):
        meta = _calculate_meta(meta, bases)
    if hasattr(meta, "__prepare__"):
        ns = meta.__prepare__(name, bases, **kwds)
    else:
        ns = {}
    return meta, ns, kwds


def new_class(name, bases=(), kwds=None, exec_body=None):
    """Creates a class object dynamically, as a class statement would."""
    resolved = resolve_bases(bases)
    meta, ns, kwds = prepare_class(name, resolved, kwds)
    if exec_body is not None:
        exec_body(ns)
    if resolved is not bases:
        ns["__orig_bases__"] = bases
    return meta(name, resolved, ns, **kwds)


def get_original_bases(cls, /):
    """``cls.__orig_bases__`` when the class statement had generic bases, else its bases."""
    try:
        return cls.__dict__.get("__orig_bases__", cls.__bases__)
    except AttributeError:
        raise TypeError(
            "Expected an instance of type, not %r" % type(cls).__name__
        ) from None


def coroutine(func):
    """Marks a generator function as a coroutine (kept for old code: returns it unchanged)."""
    if not callable(func):
        raise TypeError("types.coroutine() expects a callable")
    return func


__all__ = [n for n in globals() if n[:1] != "_" and n != "sys"]
