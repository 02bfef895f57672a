"""Type hints at run time (this project's version of CPython's ``typing``): the special
forms and generic aliases with CPython's reprs, ``TypeVar``, ``Generic``, ``Protocol``,
``NamedTuple``, ``TypedDict``, ``cast``, ``overload``, ``get_type_hints`` and friends."""

import sys
import types
from types import GenericAlias, _instantiate, _type_repr

__all__ = [
    "Annotated", "Any", "Callable", "ClassVar", "Final", "Generic", "Literal", "Optional",
    "Protocol", "Tuple", "Type", "TypeVar", "Union", "AbstractSet", "ByteString", "Container",
    "Hashable", "ItemsView", "Iterable", "Iterator", "KeysView", "Mapping", "MappingView",
    "MutableMapping", "MutableSequence", "MutableSet", "Sequence", "Sized", "ValuesView",
    "Awaitable", "AsyncIterator", "AsyncIterable", "Coroutine", "Collection",
    "AsyncGenerator", "Reversible", "SupportsAbs", "SupportsFloat", "SupportsInt",
    "SupportsIndex", "SupportsRound", "Counter", "Deque", "Dict", "DefaultDict", "List",
    "OrderedDict", "Set", "FrozenSet", "NamedTuple", "TypedDict", "Generator", "AnyStr",
    "cast", "final", "get_args", "get_origin", "get_type_hints", "NewType", "no_type_check",
    "overload", "runtime_checkable", "Text", "TYPE_CHECKING", "NoReturn", "Never", "Self",
    "LiteralString", "TypeAlias", "TypeGuard", "ParamSpec", "Concatenate", "assert_never",
    "reveal_type", "is_typeddict", "Required", "NotRequired", "override", "Unpack",
]

TYPE_CHECKING = False


def _is_typevar_like(a):
    return isinstance(a, (TypeVar, ParamSpec))


def _collect_parameters(args):
    params = []
    for a in args:
        if _is_typevar_like(a):
            if a not in params:
                params.append(a)
        elif isinstance(a, (list, tuple)):
            for p in _collect_parameters(a):
                if p not in params:
                    params.append(p)
        elif not isinstance(a, type):
            for p in getattr(a, "__parameters__", ()):
                if p not in params:
                    params.append(p)
    return tuple(params)


def _type_check(arg, msg):
    if arg is None:
        return type(None)
    if isinstance(arg, str):
        return ForwardRef(arg)
    if isinstance(arg, _SpecialForm) and arg._name in ("ClassVar", "Final", "Generic",
                                                       "Protocol"):
        raise TypeError("Plain %s is not valid as type argument" % arg)
    if type(arg) is tuple:
        raise TypeError("%s Got %.100r." % (msg, arg))
    return arg


class ForwardRef:
    """A type given as a string, evaluated by ``get_type_hints``."""

    def __init__(self, arg, is_argument=True, module=None, *, is_class=False):
        if not isinstance(arg, str):
            raise TypeError("Forward reference must be a string -- got %r" % (arg,))
        self.__forward_arg__ = arg
        self.__forward_module__ = module

    def _evaluate(self, globalns, localns):
        return eval(self.__forward_arg__, globalns, localns)

    def __eq__(self, other):
        if not isinstance(other, ForwardRef):
            return NotImplemented
        return self.__forward_arg__ == other.__forward_arg__

    def __hash__(self):
        return hash(self.__forward_arg__)

    def __repr__(self):
        return "ForwardRef(%r)" % (self.__forward_arg__,)


class _Final:
    __slots__ = ()


class _SpecialForm(_Final):
    """``Any``, ``Union``, ``Optional``, ``ClassVar``, ...: special forms that are not classes."""

    def __init__(self, name, getitem=None, doc=""):
        self._name = name
        self._getitem = getitem
        self.__doc__ = doc

    def __repr__(self):
        return "typing." + self._name

    def __reduce__(self):
        return self._name

    def __call__(self, *args, **kwds):
        raise TypeError("Cannot instantiate %r" % self)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __instancecheck__(self, obj):
        raise TypeError("%s cannot be used with isinstance()" % self)

    def __subclasscheck__(self, cls):
        raise TypeError("%s cannot be used with issubclass()" % self)

    def __getitem__(self, parameters):
        if self._getitem is None:
            raise TypeError("%s is not subscriptable" % self)
        return self._getitem(self, parameters)

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass %r" % self)


class _AnyMeta(type):
    def __instancecheck__(self, obj):
        if self is Any:
            raise TypeError("typing.Any cannot be used with isinstance()")
        return super().__instancecheck__(obj)

    def __repr__(self):
        if self is Any:
            return "typing.Any"
        return super().__repr__()


class Any(metaclass=_AnyMeta):
    """Special type indicating an unconstrained type."""

    def __new__(cls, *args, **kwargs):
        if cls is Any:
            raise TypeError("Any cannot be instantiated")
        return super().__new__(cls)


class _GenericAlias(_Final):
    """``List[int]``, ``Stack[T]``, ``Union[int, str]``: an origin with arguments."""

    def __init__(self, origin, args, *, inst=True, name=None):
        if not isinstance(args, tuple):
            args = (args,)
        self.__origin__ = origin
        self.__args__ = args
        self.__parameters__ = _collect_parameters(args)
        self._inst = inst
        self._name = name

    def __repr__(self):
        if self._name:
            name = "typing." + self._name
        else:
            name = _type_repr(self.__origin__)
        if not self.__args__:
            return name + "[()]"
        return "%s[%s]" % (name, ", ".join(_arg_repr(a) for a in self.__args__))

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self.__origin__, self.__args__))

    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(
                "Type %s cannot be instantiated; use %s() instead"
                % (self._name, self.__origin__.__name__)
            )
        return _instantiate(self, args, kwargs)

    def __mro_entries__(self, bases):
        if self._name:
            return (self.__origin__,)
        if self.__origin__ is Generic:
            if Protocol in bases:
                return ()
            i = bases.index(self)
            for b in bases[i + 1:]:
                if isinstance(b, _GenericAlias) or (isinstance(b, type) and issubclass(b, Generic)):
                    return ()
        return (self.__origin__,)

    def __getitem__(self, args):
        if not isinstance(args, tuple):
            args = (args,)
        if not self.__parameters__:
            raise TypeError("%s is not a generic class" % self)
        if len(args) != len(self.__parameters__):
            raise TypeError(
                "Too %s arguments for %s; actual %d, expected %d"
                % ("many" if len(args) > len(self.__parameters__) else "few", self,
                   len(args), len(self.__parameters__))
            )
        subst = dict(zip(self.__parameters__, args))
        new_args = tuple(_subst(a, subst) for a in self.__args__)
        return self.copy_with(new_args)

    def copy_with(self, args):
        return _GenericAlias(self.__origin__, args, inst=self._inst, name=self._name)

    def __or__(self, right):
        return Union[self, right]

    def __ror__(self, left):
        return Union[left, self]

    def __instancecheck__(self, obj):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")

    def __subclasscheck__(self, cls):
        raise TypeError("Subscripted generics cannot be used with class and instance checks")

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        return getattr(self.__origin__, attr)


def _subst(a, subst):
    if _is_typevar_like(a):
        return subst.get(a, a)
    if isinstance(a, list):
        return [_subst(x, subst) for x in a]
    params = () if isinstance(a, type) else getattr(a, "__parameters__", ())
    if params:
        return a[tuple(subst.get(p, p) for p in params)]
    return a


def _arg_repr(a):
    if isinstance(a, list):
        return "[%s]" % ", ".join(_arg_repr(x) for x in a)
    if a is Ellipsis:
        return "..."
    return _type_repr(a)


class _SpecialGenericAlias(_GenericAlias):
    """``typing.List``: the unsubscripted alias of a builtin or abstract class."""

    def __init__(self, origin, nparams, *, inst=True, name=None, defaults=()):
        super().__init__(origin, (), inst=inst, name=name or origin.__name__)
        self._nparams = nparams

    def __repr__(self):
        return "typing." + self._name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        params = tuple(_type_check(p, "Parameters to generic types must be types.")
                       for p in params)
        if self._nparams >= 0 and len(params) != self._nparams:
            raise TypeError(
                "Too %s arguments for %s; actual %d, expected %d"
                % ("many" if len(params) > self._nparams else "few", self, len(params),
                   self._nparams)
            )
        return _GenericAlias(self.__origin__, params, inst=self._inst, name=self._name)

    def __instancecheck__(self, obj):
        return isinstance(obj, self.__origin__)

    def __subclasscheck__(self, cls):
        if isinstance(cls, _SpecialGenericAlias):
            return issubclass(cls.__origin__, self.__origin__)
        return issubclass(cls, self.__origin__)

    def __call__(self, *args, **kwargs):
        if not self._inst:
            raise TypeError(
                "Type %s cannot be instantiated; use %s() instead"
                % (self._name, self.__origin__.__name__)
            )
        return self.__origin__(*args, **kwargs)


class _TupleAlias(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        if len(params) >= 2 and params[-1] is ...:
            return _GenericAlias(tuple, params[:-1] + (...,), name="Tuple")
        return _GenericAlias(tuple, params, name="Tuple")


class _CallableAlias(_SpecialGenericAlias):
    def __getitem__(self, params):
        if not isinstance(params, tuple) or len(params) != 2:
            raise TypeError(
                "Callable must be used as Callable[[arg, ...], result]."
            )
        args, result = params
        if isinstance(args, list):
            args = (tuple(args),)
        elif args is ...:
            args = (...,)
        else:
            args = (args,)
        return _CallableGenericAlias(self.__origin__, args + (result,), name="Callable")


class _CallableGenericAlias(_GenericAlias):
    def __repr__(self):
        if len(self.__args__) == 2 and self.__args__[0] is ...:
            return "typing.Callable[..., %s]" % _arg_repr(self.__args__[1])
        params, result = self.__args__[0], self.__args__[-1]
        return "typing.Callable[[%s], %s]" % (
            ", ".join(_arg_repr(a) for a in params), _arg_repr(result))

    def copy_with(self, args):
        return _CallableGenericAlias(self.__origin__, args, name="Callable")


class _UnionGenericAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2:
            if args[0] is type(None):
                return "typing.Optional[%s]" % _arg_repr(args[1])
            if args[1] is type(None):
                return "typing.Optional[%s]" % _arg_repr(args[0])
        return "typing.Union[%s]" % ", ".join(_arg_repr(a) for a in args)

    def copy_with(self, args):
        return Union[args]

    def __eq__(self, other):
        if not isinstance(other, _UnionGenericAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))

    def __instancecheck__(self, obj):
        return any(isinstance(obj, a) for a in self.__args__ if isinstance(a, type))

    def __subclasscheck__(self, cls):
        return any(issubclass(cls, a) for a in self.__args__ if isinstance(a, type))

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass %r" % self)


def _union_getitem(self, parameters):
    if parameters == ():
        raise TypeError("Cannot take a Union of no types.")
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    params = []
    for p in parameters:
        p = _type_check(p, "Union[arg, ...]: each arg must be a type.")
        if isinstance(p, _UnionGenericAlias):
            flat = p.__args__
        else:
            flat = (p,)
        for q in flat:
            if q not in params:
                params.append(q)
    if len(params) == 1:
        return params[0]
    return _UnionGenericAlias(self, tuple(params), name="Union")


def _optional_getitem(self, parameters):
    arg = _type_check(parameters, "%s requires a single type." % self)
    return Union[arg, type(None)]


def _one_arg(name):
    def getitem(self, parameters):
        item = _type_check(parameters, "%s accepts only single type." % name)
        return _GenericAlias(self, (item,), name=name)

    return getitem


def _literal_getitem(self, parameters):
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    return _LiteralGenericAlias(self, parameters, name="Literal")


class _LiteralGenericAlias(_GenericAlias):
    def __repr__(self):
        return "typing.Literal[%s]" % ", ".join(repr(a) for a in self.__args__)

    def __eq__(self, other):
        if not isinstance(other, _LiteralGenericAlias):
            return NotImplemented
        return set(self.__args__) == set(other.__args__)

    def __hash__(self):
        return hash(frozenset(self.__args__))


Union = _SpecialForm("Union", _union_getitem)
Optional = _SpecialForm("Optional", _optional_getitem)
ClassVar = _SpecialForm("ClassVar", _one_arg("ClassVar"))
Final = _SpecialForm("Final", _one_arg("Final"))
Literal = _SpecialForm("Literal", _literal_getitem)
TypeGuard = _SpecialForm("TypeGuard", _one_arg("TypeGuard"))
TypeIs = _SpecialForm("TypeIs", _one_arg("TypeIs"))
Required = _SpecialForm("Required", _one_arg("Required"))
NotRequired = _SpecialForm("NotRequired", _one_arg("NotRequired"))
ReadOnly = _SpecialForm("ReadOnly", _one_arg("ReadOnly"))
Unpack = _SpecialForm("Unpack", _one_arg("Unpack"))
NoReturn = _SpecialForm("NoReturn")
Never = _SpecialForm("Never")
Self = _SpecialForm("Self")
LiteralString = _SpecialForm("LiteralString")
TypeAlias = _SpecialForm("TypeAlias")
Concatenate = _SpecialForm("Concatenate", lambda self, p: _GenericAlias(self, p, name="Concatenate"))


class _AnnotatedAlias(_GenericAlias):
    def __init__(self, origin, metadata):
        super().__init__(origin, (origin,), name="Annotated")
        self.__metadata__ = metadata

    def __repr__(self):
        return "typing.Annotated[%s, %s]" % (
            _arg_repr(self.__origin__), ", ".join(repr(a) for a in self.__metadata__))

    def __mro_entries__(self, bases):
        return (self.__origin__,)


def _annotated_getitem(self, params):
    if not isinstance(params, tuple) or len(params) < 2:
        raise TypeError(
            "Annotated[...] should be used with at least two arguments "
            "(a type and an annotation)."
        )
    return _AnnotatedAlias(params[0], tuple(params[1:]))


Annotated = _SpecialForm("Annotated", _annotated_getitem)


class TypeVar(_Final):
    """A type variable: ``T = TypeVar('T')``; its repr is ``~T`` (``+T``/``-T`` for
    covariant/contravariant ones)."""

    def __init__(self, name, *constraints, bound=None, covariant=False, contravariant=False,
                 infer_variance=False, default=None):
        self.__name__ = name
        if covariant and contravariant:
            raise ValueError("Bivariant types are not supported.")
        if constraints and bound is not None:
            raise TypeError("Constraints cannot be combined with bound=...")
        if len(constraints) == 1:
            raise TypeError("A single constraint is not allowed")
        self.__constraints__ = tuple(constraints)
        self.__bound__ = _type_check(bound, "Bound must be a type.") if bound is not None else None
        self.__covariant__ = bool(covariant)
        self.__contravariant__ = bool(contravariant)
        self.__infer_variance__ = bool(infer_variance)
        try:
            self.__module__ = sys._getframe(1).f_globals.get("__name__", "__main__")
        except (AttributeError, ValueError):
            self.__module__ = "__main__"

    def __repr__(self):
        if self.__infer_variance__:
            prefix = ""
        elif self.__covariant__:
            prefix = "+"
        elif self.__contravariant__:
            prefix = "-"
        else:
            prefix = "~"
        return prefix + self.__name__

    def __or__(self, right):
        return Union[self, right]

    def __ror__(self, left):
        return Union[left, self]

    def __mro_entries__(self, bases):
        raise TypeError("Cannot subclass an instance of TypeVar")


class ParamSpec(_Final):
    """A parameter specification variable: ``P = ParamSpec('P')``."""

    def __init__(self, name, *, bound=None, covariant=False, contravariant=False,
                 infer_variance=False, default=None):
        self.__name__ = name
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        return ("+" if self.__covariant__ else "-" if self.__contravariant__ else "~") + self.__name__


AnyStr = TypeVar("AnyStr", bytes, str)


class Generic:
    """The base of user-defined generic classes: ``class Stack(Generic[T])``."""

    __slots__ = ()
    _is_protocol = False

    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        if cls in (Generic, Protocol):
            if not params:
                raise TypeError("Parameter list to %s[...] cannot be empty" % cls.__qualname__)
            for p in params:
                if not _is_typevar_like(p):
                    raise TypeError(
                        "Parameters to %s[...] must all be type variables or parameter "
                        "specification variables." % cls.__name__
                    )
            if len(set(params)) != len(params):
                raise TypeError("Parameters to %s[...] must all be unique" % cls.__name__)
            return _GenericAlias(cls, params)
        expected = cls.__dict__.get("__parameters__", ())
        if not expected:
            raise TypeError("%s is not a generic class" % _type_repr(cls))
        if len(params) != len(expected):
            raise TypeError(
                "Too %s arguments for %s; actual %d, expected %d"
                % ("many" if len(params) > len(expected) else "few", cls,
                   len(params), len(expected))
            )
        return _GenericAlias(cls, params)

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        tvars = []
        orig = cls.__dict__.get("__orig_bases__", ())
        gvars = None
        for base in orig:
            if isinstance(base, _GenericAlias) and base.__origin__ in (Generic, Protocol):
                if gvars is not None:
                    raise TypeError("Cannot inherit from Generic[...] multiple times.")
                gvars = base.__parameters__
        for base in orig:
            for p in getattr(base, "__parameters__", ()) if not isinstance(base, type) else ():
                if p not in tvars:
                    tvars.append(p)
        if gvars is not None:
            missing = [t for t in tvars if t not in gvars]
            if missing:
                raise TypeError(
                    "Some type variables (%s) are not listed in Generic[%s]"
                    % (", ".join(str(t) for t in missing), ", ".join(str(g) for g in gvars))
                )
            tvars = list(gvars)
        cls.__parameters__ = tuple(tvars)


def _get_protocol_attrs(cls):
    attrs = set()
    for base in cls.__mro__[:-1]:
        if base.__name__ in ("Protocol", "Generic"):
            continue
        annotations = base.__dict__.get("__annotations__", {})
        for attr in list(base.__dict__.keys()) + list(annotations.keys()):
            if not attr.startswith("_abc_") and attr not in _SPECIAL_NAMES:
                attrs.add(attr)
    return attrs


_SPECIAL_NAMES = frozenset({
    "__abstractmethods__", "__annotations__", "__dict__", "__doc__", "__init__", "__module__",
    "__new__", "__slots__", "__subclasshook__", "__weakref__", "__class_getitem__",
    "__match_args__", "__static_attributes__", "__firstlineno__", "__qualname__",
    "__parameters__", "__orig_bases__", "__protocol_attrs__", "_is_protocol",
    "_is_runtime_protocol", "__non_callable_proto_members__", "__type_params__",
    "__init_subclass__",
})


class _ProtocolMeta(type):
    def __instancecheck__(cls, instance):
        if cls is Protocol:
            return type.__instancecheck__(cls, instance)
        if not getattr(cls, "_is_protocol", False):
            return type.__instancecheck__(cls, instance)
        if not getattr(cls, "_is_runtime_protocol", False):
            raise TypeError(
                "Instance and class checks can only be used with @runtime_checkable protocols"
            )
        if type.__instancecheck__(cls, instance):
            return True
        for attr in cls.__protocol_attrs__:
            try:
                val = getattr(instance, attr)
            except AttributeError:
                return False
            if val is None and attr not in cls.__non_callable_proto_members__:
                return False
        return True

    def __subclasscheck__(cls, other):
        if cls is Protocol or not getattr(cls, "_is_protocol", False):
            return type.__subclasscheck__(cls, other)
        if not getattr(cls, "_is_runtime_protocol", False):
            raise TypeError(
                "Instance and class checks can only be used with @runtime_checkable protocols"
            )
        if not isinstance(other, type):
            raise TypeError("issubclass() arg 1 must be a class")
        for attr in cls.__protocol_attrs__:
            if not any(attr in getattr(b, "__dict__", {}) for b in other.__mro__):
                return False
        return True


class Protocol(Generic, metaclass=_ProtocolMeta):
    """The base of protocol classes (structural subtyping)."""

    __slots__ = ()
    _is_protocol = True
    _is_runtime_protocol = False

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)
        if not cls.__dict__.get("_is_protocol", False):
            cls._is_protocol = any(b is Protocol for b in cls.__bases__)
        cls.__protocol_attrs__ = _get_protocol_attrs(cls)
        cls.__non_callable_proto_members__ = set(
            a for a in cls.__protocol_attrs__ if not callable(getattr(cls, a, None))
        )
        if cls._is_protocol and cls.__init__ is Protocol.__init__:
            cls.__init__ = _no_init_or_replace_init

    def __init__(self, *args, **kwargs):
        pass


def _no_init_or_replace_init(self, *args, **kwargs):
    cls = type(self)
    if cls._is_protocol:
        raise TypeError("Protocols cannot be instantiated")


def runtime_checkable(cls):
    """Marks a protocol class usable with isinstance() and issubclass()."""
    if not issubclass(cls, Generic) or not getattr(cls, "_is_protocol", False):
        raise TypeError(
            "@runtime_checkable can be only applied to protocol classes, got %r" % cls
        )
    cls._is_runtime_protocol = True
    return cls


def _alias(origin, nparams, *, inst=True, name=None):
    return _SpecialGenericAlias(origin, nparams, inst=inst, name=name)


def _abc(name):
    try:
        import collections.abc as cabc
    except ImportError:
        return None
    return getattr(cabc, name, None)


class _AbstractPlaceholder:
    """Stands for a ``collections.abc`` class while that module is missing."""


def _abc_alias(name, nparams, alias_name=None):
    origin = _abc(name)
    if origin is None:
        origin = type(name, (_AbstractPlaceholder,), {"__module__": "collections.abc"})
    return _alias(origin, nparams, inst=False, name=alias_name or name)


List = _alias(list, 1, inst=False, name="List")
Dict = _alias(dict, 2, inst=False, name="Dict")
Set = _alias(set, 1, inst=False, name="Set")
FrozenSet = _alias(frozenset, 1, inst=False, name="FrozenSet")
Tuple = _TupleAlias(tuple, -1, inst=False, name="Tuple")
Type = _alias(type, 1, inst=False, name="Type")
Text = str
Hashable = _abc_alias("Hashable", 0)
Awaitable = _abc_alias("Awaitable", 1)
Coroutine = _abc_alias("Coroutine", 3)
AsyncIterable = _abc_alias("AsyncIterable", 1)
AsyncIterator = _abc_alias("AsyncIterator", 1)
Iterable = _abc_alias("Iterable", 1)
Iterator = _abc_alias("Iterator", 1)
Reversible = _abc_alias("Reversible", 1)
Sized = _abc_alias("Sized", 0)
Container = _abc_alias("Container", 1)
Collection = _abc_alias("Collection", 1)
Callable = _CallableAlias(_abc("Callable") or type("Callable", (_AbstractPlaceholder,),
                                                   {"__module__": "collections.abc"}),
                          2, inst=False, name="Callable")
AbstractSet = _abc_alias("Set", 1, "AbstractSet")
MutableSet = _abc_alias("MutableSet", 1)
Mapping = _abc_alias("Mapping", 2)
MutableMapping = _abc_alias("MutableMapping", 2)
Sequence = _abc_alias("Sequence", 1)
MutableSequence = _abc_alias("MutableSequence", 1)
ByteString = _abc_alias("ByteString", 0)
MappingView = _abc_alias("MappingView", 1)
KeysView = _abc_alias("KeysView", 1)
ItemsView = _abc_alias("ItemsView", 2)
ValuesView = _abc_alias("ValuesView", 1)
Generator = _abc_alias("Generator", 3)
AsyncGenerator = _abc_alias("AsyncGenerator", 2)


def _collections_alias(name, nparams):
    try:
        import collections

        origin = getattr(collections, name)
    except (ImportError, AttributeError):
        origin = type(name, (_AbstractPlaceholder,), {"__module__": "collections"})
    return _alias(origin, nparams, inst=False, name=name)


Deque = _collections_alias("deque", 1)
Deque._name = "Deque"
DefaultDict = _collections_alias("defaultdict", 2)
DefaultDict._name = "DefaultDict"
OrderedDict = _collections_alias("OrderedDict", 2)
Counter = _collections_alias("Counter", 1)
ChainMap = _collections_alias("ChainMap", 2)


class SupportsInt(Protocol):
    __slots__ = ()

    def __int__(self):
        pass


class SupportsFloat(Protocol):
    __slots__ = ()

    def __float__(self):
        pass


class SupportsIndex(Protocol):
    __slots__ = ()

    def __index__(self):
        pass


class SupportsAbs(Protocol):
    __slots__ = ()

    def __abs__(self):
        pass


class SupportsRound(Protocol):
    __slots__ = ()

    def __round__(self, ndigits=0):
        pass


for _p in (SupportsInt, SupportsFloat, SupportsIndex, SupportsAbs, SupportsRound):
    _p._is_runtime_protocol = True
del _p


def cast(typ, val):
    """Returns ``val`` unchanged (a hint for type checkers)."""
    return val


def assert_type(val, typ, /):
    """Returns ``val`` unchanged."""
    return val


def reveal_type(obj, /):
    """Prints the run-time type of ``obj`` to stderr and returns it."""
    print("Runtime type is %r" % (type(obj).__name__,), file=sys.stderr)
    return obj


def assert_never(arg, /):
    """Raises AssertionError: the code is unreachable."""
    value = repr(arg)
    if len(value) > 100:
        value = value[:100] + "..."
    raise AssertionError("Expected code to be unreachable, but got: %s" % value)


def _overload_dummy(*args, **kwds):
    raise NotImplementedError(
        "You should not call an overloaded function. "
        "A series of @typing.overload-decorated functions "
        "outside a stub module should always be followed "
        "by an implementation that is not @typing.overload-decorated."
    )


_overload_registry = {}


def overload(func):
    """Marks a function signature for type checkers; the decorated name is a dummy."""
    key = (getattr(func, "__module__", None), getattr(func, "__qualname__", None))
    _overload_registry.setdefault(key, []).append(func)
    return _overload_dummy


def get_overloads(func):
    """The ``@overload`` signatures registered for ``func``."""
    key = (getattr(func, "__module__", None), getattr(func, "__qualname__", None))
    return list(_overload_registry.get(key, []))


def clear_overloads():
    _overload_registry.clear()


def final(f):
    """Marks a method or class final (sets ``__final__``)."""
    try:
        f.__final__ = True
    except (AttributeError, TypeError):
        pass
    return f


def override(method, /):
    """Marks a method as overriding one of a base class (sets ``__override__``)."""
    try:
        method.__override__ = True
    except (AttributeError, TypeError):
        pass
    return method


def no_type_check(arg):
    """Marks a function or class as not type-checked."""
    try:
        arg.__no_type_check__ = True
    except TypeError:
        pass
    return arg


class NewType:
    """``UserId = NewType('UserId', int)``: a callable returning its argument, repr
    ``module.UserId``."""

    def __init__(self, name, tp):
        self.__qualname__ = name
        if "." in name:
            name = name.rpartition(".")[-1]
        self.__name__ = name
        self.__supertype__ = tp
        try:
            self.__module__ = sys._getframe(1).f_globals.get("__name__", "__main__")
        except (AttributeError, ValueError):
            self.__module__ = "__main__"

    def __mro_entries__(self, bases):
        superclass_name = self.__name__

        class Dummy:
            def __init_subclass__(cls):
                subclass_name = cls.__name__
                raise TypeError(
                    f"Cannot subclass an instance of NewType. Perhaps you were looking for: "
                    f"`{subclass_name} = NewType({subclass_name!r}, {superclass_name})`"
                )

        return (Dummy,)

    def __repr__(self):
        return "%s.%s" % (self.__module__, self.__qualname__)

    def __call__(self, x):
        return x

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


def get_origin(tp):
    """The unsubscripted form of a generic alias (``list`` for ``List[int]``), else None."""
    if isinstance(tp, _AnnotatedAlias):
        return Annotated
    if isinstance(tp, (_GenericAlias, GenericAlias)):
        if isinstance(tp, _SpecialGenericAlias) and not isinstance(tp, _GenericAlias):
            return tp.__origin__
        if isinstance(tp.__origin__, _SpecialForm) or tp.__origin__ is Generic:
            return tp.__origin__
        return tp.__origin__
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    """The arguments of a generic alias (``(int, str)`` for ``Dict[int, str]``)."""
    if isinstance(tp, _AnnotatedAlias):
        return (tp.__origin__,) + tp.__metadata__
    if isinstance(tp, _SpecialGenericAlias):
        return ()
    if isinstance(tp, (_GenericAlias, GenericAlias)):
        res = tp.__args__
        if isinstance(tp, _CallableGenericAlias) and res[0] is not Ellipsis:
            res = (list(res[0]), res[-1])
        return res
    return ()


def _eval_type(t, globalns, localns):
    if isinstance(t, str):
        t = ForwardRef(t)
    if isinstance(t, ForwardRef):
        return _eval_type(t._evaluate(globalns, localns), globalns, localns)
    if isinstance(t, _GenericAlias) and not isinstance(t, _SpecialGenericAlias):
        args = tuple(_eval_type(a, globalns, localns) for a in t.__args__)
        if args != t.__args__:
            return t.copy_with(args)
    return t


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    """The annotations of a class (along its MRO), module or function, with strings
    evaluated and ``None`` as ``NoneType``."""
    hints = {}
    if isinstance(obj, type):
        for base in reversed(obj.__mro__):
            try:
                ann = base.__dict__.get("__annotations__", {})
            except AttributeError:
                # a builtin class: no annotations
                continue
            if globalns is None:
                # an embedder's `sys` may have no `modules`: then names resolve in the class
                mod = getattr(sys, "modules", {}).get(base.__module__)
                base_globals = getattr(mod, "__dict__", {})
            else:
                base_globals = globalns
            base_locals = dict(vars(base)) if localns is None else localns
            if localns is None and globalns is None:
                base_globals, base_locals = base_locals, base_globals
            for name, value in ann.items():
                if value is None:
                    value = type(None)
                hints[name] = _strip(_eval_type(value, base_globals, base_locals),
                                     include_extras)
        return hints
    ann = getattr(obj, "__annotations__", None)
    if ann is None:
        return {}
    if globalns is None:
        globalns = getattr(obj, "__globals__", None) or getattr(obj, "__dict__", {})
    for name, value in ann.items():
        if value is None:
            value = type(None)
        hints[name] = _strip(_eval_type(value, globalns, localns), include_extras)
    return hints


def _strip(t, include_extras):
    if not include_extras and isinstance(t, _AnnotatedAlias):
        return t.__origin__
    return t


class NamedTupleMeta(type):
    def __new__(cls, typename, bases, ns):
        if ns.get("_root", False):
            return super().__new__(cls, typename, bases, ns)
        types_ = ns.get("__annotations__", {})
        field_names = list(types_)
        defaults = []
        default_names = []
        for name in field_names:
            if name in ns:
                default_names.append(name)
                defaults.append(ns[name])
            elif default_names:
                raise TypeError(
                    "Non-default namedtuple field %s cannot follow default field%s %s"
                    % (name, "s" if len(default_names) > 1 else "", ", ".join(default_names))
                )
        nm_tpl = _make_nmtuple(typename, field_names, types_, defaults, ns.get("__module__"))
        for key, val in ns.items():
            if key in _prohibited:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            if key not in _special and key not in field_names:
                setattr(nm_tpl, key, val)
        return nm_tpl


_prohibited = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields",
                         "_field_defaults", "_make", "_replace", "_asdict", "_source"})
_special = frozenset({"__module__", "__name__", "__annotations__", "__qualname__",
                      "__firstlineno__", "__static_attributes__", "__orig_bases__",
                      "__classcell__"})


def _make_nmtuple(name, field_names, types_, defaults, module):
    fields = tuple(field_names)
    nfields = len(fields)
    field_defaults = dict(zip(fields[nfields - len(defaults):], defaults))
    arg_list = ", ".join(fields)
    params = []
    for i, f in enumerate(fields):
        if f in field_defaults:
            params.append("%s=__defaults__[%r]" % (f, f))
        else:
            params.append(f)
    src = "def __new__(_cls, %s):\n    return _tuple_new(_cls, (%s%s))\n" % (
        ", ".join(params), arg_list, "," if nfields == 1 else "")
    ns = {"_tuple_new": tuple.__new__, "__defaults__": field_defaults}
    exec(src, ns)
    __new__ = ns["__new__"]
    __new__.__qualname__ = name + ".__new__"

    def __repr__(self):
        return self.__class__.__name__ + "(" + ", ".join(
            "%s=%r" % (f, v) for f, v in zip(self._fields, self)) + ")"

    def _asdict(self):
        return dict(zip(self._fields, self))

    def _replace(self, /, **kwds):
        result = self._make([kwds.pop(f, v) for f, v in zip(self._fields, self)])
        if kwds:
            raise TypeError("Got unexpected field names: %r" % list(kwds))
        return result

    @classmethod
    def _make(cls, iterable):
        result = tuple.__new__(cls, tuple(iterable))
        if len(result) != nfields:
            raise TypeError("Expected %d arguments, got %d" % (nfields, len(result)))
        return result

    def __getnewargs__(self):
        return tuple(self)

    body = {
        "__doc__": "%s(%s)" % (name, arg_list),
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": field_defaults,
        "__new__": __new__,
        "_make": _make,
        "_replace": _replace,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "__getnewargs__": __getnewargs__,
        "__match_args__": fields,
        "__annotations__": dict(types_),
        "__module__": module or "__main__",
    }
    for index, f in enumerate(fields):
        body[f] = _tuple_getter(index, "Alias for field number %d" % index)
    return type(name, (tuple,), body)


def _tuple_getter(index, doc):
    return property(lambda self: self[index], doc=doc)


class NamedTuple(metaclass=NamedTupleMeta):
    """Typed version of namedtuple: ``class P(NamedTuple): x: int``."""

    _root = True

    def __new__(cls, typename, fields=None, /, **kwargs):
        if fields is None:
            fields = list(kwargs.items())
        names = [n for n, _ in fields]
        return _make_nmtuple(typename, names, dict(fields), [], "__main__")


class _TypedDictMeta(type):
    def __new__(cls, name, bases, ns, total=True):
        annotations = {}
        for base in bases:
            if base is dict or base is _TypedDict:
                continue
            annotations.update(base.__dict__.get("__annotations__", {}))
        own = ns.get("__annotations__", {})
        annotations.update(own)
        required = set()
        optional = set()
        for base in bases:
            required |= getattr(base, "__required_keys__", set())
            optional |= getattr(base, "__optional_keys__", set())
        for key, tp in own.items():
            origin = getattr(tp, "__origin__", None)
            if origin is Required:
                is_required = True
            elif origin is NotRequired:
                is_required = False
            else:
                is_required = total
            if is_required:
                required.add(key)
                optional.discard(key)
            else:
                optional.add(key)
                required.discard(key)
        ns = dict(ns)
        ns["__annotations__"] = annotations
        tp_dict = type.__new__(_TypedDictMeta, name, (dict,), ns)
        tp_dict.__required_keys__ = frozenset(required)
        tp_dict.__optional_keys__ = frozenset(optional)
        tp_dict.__total__ = total
        return tp_dict

    def __call__(cls, *args, **kwargs):
        return dict(*args, **kwargs)

    def __subclasscheck__(cls, other):
        raise TypeError("TypedDict does not support instance and class checks")

    __instancecheck__ = __subclasscheck__


class _TypedDict(metaclass=_TypedDictMeta):
    pass


def TypedDict(typename, fields=None, /, *, total=True):
    """A dict type with a fixed set of typed keys (instances are plain dicts)."""
    if fields is None:
        fields = {}
    ns = {"__annotations__": dict(fields), "__module__": "__main__"}
    return _TypedDictMeta(typename, (), ns, total=total)


TypedDict.__mro_entries__ = lambda bases: (_TypedDict,)


def is_typeddict(tp):
    """Whether ``tp`` is a TypedDict class."""
    return isinstance(tp, _TypedDictMeta)


class _IOBase:
    pass


IO = _alias(_IOBase, 1, inst=False, name="IO")
TextIO = IO[str]
BinaryIO = IO[bytes]
