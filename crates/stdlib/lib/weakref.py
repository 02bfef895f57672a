"""Weak reference support for Python.

The parts of CPython's Lib/weakref.py that ordinary programs use (WeakValueDictionary,
WeakKeyDictionary, WeakSet, proxy, finalize), written over the native _weakref module
(ref with callbacks, getweakrefcount, getweakrefs).
"""

from _weakref import ref, getweakrefcount, getweakrefs, ReferenceType

__all__ = ["ref", "proxy", "getweakrefcount", "getweakrefs",
           "WeakKeyDictionary", "ReferenceType", "ProxyType",
           "WeakValueDictionary", "WeakSet", "finalize"]

_MISSING = object()


class WeakValueDictionary:
    """Mapping class that references values weakly.

    Entries in the dictionary will be discarded when no strong
    reference to the value exists anymore
    """

    def __init__(self, other=(), /, **kw):
        self.data = {}
        self._selfref = ref(self)
        self.update(other, **kw)

    def _remover(self, key):
        selfref = self._selfref

        def remove(wr):
            self = selfref()
            if self is not None and self.data.get(key) is wr:
                del self.data[key]
        return remove

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    def __delitem__(self, key):
        del self.data[key]

    def __len__(self):
        return sum(1 for wr in list(self.data.values()) if wr() is not None)

    def __contains__(self, key):
        wr = self.data.get(key)
        return wr is not None and wr() is not None

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[key] = ref(value, self._remover(key))

    def copy(self):
        new = WeakValueDictionary()
        for key, value in self.items():
            new[key] = value
        return new

    __copy__ = copy

    def get(self, key, default=None):
        wr = self.data.get(key)
        if wr is None:
            return default
        o = wr()
        return default if o is None else o

    def items(self):
        for k, wr in list(self.data.items()):
            v = wr()
            if v is not None:
                yield k, v

    def keys(self):
        for k, wr in list(self.data.items()):
            if wr() is not None:
                yield k

    __iter__ = keys

    def itervaluerefs(self):
        yield from list(self.data.values())

    def valuerefs(self):
        return list(self.data.values())

    def values(self):
        for wr in list(self.data.values()):
            o = wr()
            if o is not None:
                yield o

    def popitem(self):
        while True:
            key, wr = self.data.popitem()
            o = wr()
            if o is not None:
                return key, o

    def pop(self, key, *args):
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            raise KeyError(key)
        return o

    def setdefault(self, key, default=None):
        o = self.get(key)
        if o is None:
            self[key] = default
            return default
        return o

    def update(self, other=None, /, **kwargs):
        if other is not None:
            if not hasattr(other, "items"):
                other = dict(other)
            for key, o in other.items():
                self[key] = o
        for key, o in kwargs.items():
            self[key] = o

    def clear(self):
        self.data.clear()


class WeakKeyDictionary:
    """Mapping class that references keys weakly.

    Entries in the dictionary will be discarded when there is no
    longer a strong reference to the key.
    """

    def __init__(self, dict=None):
        self.data = {}
        selfref = ref(self)

        def remove(k):
            self = selfref()
            if self is not None:
                try:
                    del self.data[k]
                except KeyError:
                    pass
        self._remove = remove
        if dict is not None:
            self.update(dict)

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __len__(self):
        return sum(1 for wr in list(self.data) if wr() is not None)

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def copy(self):
        new = WeakKeyDictionary()
        for key, value in self.items():
            new[key] = value
        return new

    __copy__ = copy

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def items(self):
        for wr, value in list(self.data.items()):
            key = wr()
            if key is not None:
                yield key, value

    def keys(self):
        for wr in list(self.data):
            obj = wr()
            if obj is not None:
                yield obj

    __iter__ = keys

    def values(self):
        for wr, value in list(self.data.items()):
            if wr() is not None:
                yield value

    def keyrefs(self):
        return list(self.data)

    def popitem(self):
        while True:
            key, value = self.data.popitem()
            o = key()
            if o is not None:
                return o, value

    def pop(self, key, *args):
        return self.data.pop(ref(key), *args)

    def setdefault(self, key, default=None):
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, /, **kwargs):
        if dict is not None:
            if not hasattr(dict, "items"):
                dict = type({})(dict)
            for key, value in dict.items():
                self[key] = value
        if len(kwargs):
            self.update(kwargs)

    def clear(self):
        self.data.clear()


class WeakSet:
    """A set of objects referenced weakly."""

    def __init__(self, data=None):
        self.data = set()
        selfref = ref(self)

        def remove(item):
            self = selfref()
            if self is not None:
                self.data.discard(item)
        self._remove = remove
        if data is not None:
            self.update(data)

    def __iter__(self):
        for itemref in list(self.data):
            item = itemref()
            if item is not None:
                yield item

    def __len__(self):
        return sum(1 for wr in list(self.data) if wr() is not None)

    def __contains__(self, item):
        try:
            wr = ref(item)
        except TypeError:
            return False
        return wr in self.data

    def __repr__(self):
        return "{%s}" % ", ".join(repr(x) for x in self) if len(self) else "WeakSet()"

    def add(self, item):
        self.data.add(ref(item, self._remove))

    def clear(self):
        self.data.clear()

    def copy(self):
        return self.__class__(self)

    def pop(self):
        while True:
            try:
                itemref = self.data.pop()
            except KeyError:
                raise KeyError("pop from empty WeakSet") from None
            item = itemref()
            if item is not None:
                return item

    def remove(self, item):
        self.data.remove(ref(item))

    def discard(self, item):
        self.data.discard(ref(item))

    def update(self, other):
        for element in other:
            self.add(element)

    def __ior__(self, other):
        self.update(other)
        return self

    def union(self, other):
        new = self.copy()
        new.update(other)
        return new

    __or__ = union

    def difference(self, other):
        return self.__class__(item for item in self if item not in other)

    __sub__ = difference

    def intersection(self, other):
        return self.__class__(item for item in other if item in self)

    __and__ = intersection

    def issubset(self, other):
        return all(item in other for item in self)

    __le__ = issubset

    def issuperset(self, other):
        return all(item in self for item in other)

    __ge__ = issuperset

    def __eq__(self, other):
        if not isinstance(other, self.__class__):
            return NotImplemented
        return set(self) == set(other)

    __hash__ = None


class ProxyType:
    """A proxy: attribute access, calls and the common operators go to the referent, or
    raise ReferenceError once it died."""

    __slots__ = ("_proxy_ref",)

    def __init__(self, obj, callback=None):
        if callback is None:
            wr = ref(obj)
        else:
            wr = ref(obj, lambda _wr: callback(self))
        object.__setattr__(self, "_proxy_ref", wr)

    def _proxy_target(self):
        o = object.__getattribute__(self, "_proxy_ref")()
        if o is None:
            raise ReferenceError("weakly-referenced object no longer exists")
        return o

    def __getattr__(self, name):
        return getattr(ProxyType._proxy_target(self), name)

    def __setattr__(self, name, value):
        setattr(ProxyType._proxy_target(self), name, value)

    def __delattr__(self, name):
        delattr(ProxyType._proxy_target(self), name)

    def __repr__(self):
        o = object.__getattribute__(self, "_proxy_ref")()
        return "<weakproxy at %#x; to '%s' at %#x>" % (
            id(self), type(o).__name__, id(o)) if o is not None else \
            "<weakproxy at %#x; dead>" % id(self)

    def __str__(self):
        return str(ProxyType._proxy_target(self))

    def __bool__(self):
        return bool(ProxyType._proxy_target(self))

    def __len__(self):
        return len(ProxyType._proxy_target(self))

    def __iter__(self):
        return iter(ProxyType._proxy_target(self))

    def __contains__(self, item):
        return item in ProxyType._proxy_target(self)

    def __getitem__(self, key):
        return ProxyType._proxy_target(self)[key]

    def __setitem__(self, key, value):
        ProxyType._proxy_target(self)[key] = value

    def __call__(self, *args, **kwargs):
        return ProxyType._proxy_target(self)(*args, **kwargs)

    def __eq__(self, other):
        return ProxyType._proxy_target(self) == other

    def __add__(self, other):
        return ProxyType._proxy_target(self) + other

    def __hash__(self):
        raise TypeError("unhashable type: 'weakref.ProxyType'")


def proxy(obj, callback=None):
    """Create a proxy object that weakly references 'object'.

    'callback', if given, is called with a reference to the
    proxy when 'object' is about to be finalized."""
    return ProxyType(obj, callback)


class finalize:
    """Class for finalization of weakrefable objects

    finalize(obj, func, *args, **kwargs) returns a callable finalizer
    object which will be called when obj is garbage collected. The
    first time the finalizer is called it evaluates func(*arg, **kwargs)
    and returns the result. After this the finalizer is dead, and
    calling it just returns None.
    """

    # The live finalizers: the registry keeps each alive until it is called or detached.
    _registry = {}

    def __init__(self, obj, func, /, *args, **kwargs):
        self._ref = ref(obj, self)
        finalize._registry[self] = (func, args, kwargs or None)

    def __call__(self, _=None):
        """If alive then mark as dead and return func(*args, **kwargs);
        otherwise return None"""
        info = finalize._registry.pop(self, None)
        if info is not None:
            func, args, kwargs = info
            return func(*args, **(kwargs or {}))

    def detach(self):
        """If alive then mark as dead and return (obj, func, args, kwargs);
        otherwise return None"""
        obj = self._ref()
        info = finalize._registry.get(self)
        if obj is not None and info is not None:
            del finalize._registry[self]
            func, args, kwargs = info
            return (obj, func, args, kwargs or {})

    def peek(self):
        """If alive then return (obj, func, args, kwargs);
        otherwise return None"""
        obj = self._ref()
        info = finalize._registry.get(self)
        if obj is not None and info is not None:
            func, args, kwargs = info
            return (obj, func, args, kwargs or {})

    @property
    def alive(self):
        """Whether finalizer is alive"""
        return self in finalize._registry

    def __repr__(self):
        obj = self._ref()
        if obj is None:
            return '<%s object at %#x; dead>' % (type(self).__name__, id(self))
        else:
            return '<%s object at %#x; for %r at %#x>' % \
                (type(self).__name__, id(self), type(obj).__name__, id(obj))
