"""Data classes (this project's version of CPython's ``dataclasses``): the ``dataclass``
decorator generates ``__init__``, ``__repr__``, ``__eq__``, ordering, hashing, frozen
attribute guards and ``__slots__`` from a class's annotated fields."""

import copy as _copy_module

__all__ = [
    "dataclass",
    "field",
    "Field",
    "FrozenInstanceError",
    "InitVar",
    "KW_ONLY",
    "MISSING",
    "fields",
    "asdict",
    "astuple",
    "make_dataclass",
    "replace",
    "is_dataclass",
]


class FrozenInstanceError(AttributeError):
    """Raised when assigning to a field of a frozen dataclass instance."""


class _HAS_DEFAULT_FACTORY_CLASS:
    def __repr__(self):
        return "<factory>"


_HAS_DEFAULT_FACTORY = _HAS_DEFAULT_FACTORY_CLASS()


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class _FIELD_BASE:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_FIELD = _FIELD_BASE("_FIELD")
_FIELD_CLASSVAR = _FIELD_BASE("_FIELD_CLASSVAR")
_FIELD_INITVAR = _FIELD_BASE("_FIELD_INITVAR")

_FIELDS = "__dataclass_fields__"
_PARAMS = "__dataclass_params__"
_POST_INIT_NAME = "__post_init__"


class InitVar:
    """An init-only pseudo-field: passed to ``__init__`` and ``__post_init__``, not stored."""

    __slots__ = ("type",)

    def __init__(self, type):
        self.type = type

    def __repr__(self):
        if isinstance(self.type, type):
            type_name = self.type.__name__
        else:
            type_name = repr(self.type)
        return "dataclasses.InitVar[%s]" % type_name

    def __class_getitem__(cls, type):
        return InitVar(type)


class Field:
    """One field of a dataclass (what ``field()`` returns and ``fields()`` lists)."""

    __slots__ = (
        "name",
        "type",
        "default",
        "default_factory",
        "repr",
        "hash",
        "init",
        "compare",
        "metadata",
        "kw_only",
        "doc",
        "_field_type",
    )

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only,
                 doc=None):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self.doc = doc
        self._field_type = None

    def __repr__(self):
        return (
            "Field("
            f"name={self.name!r},"
            f"type={self.type!r},"
            f"default={self.default!r},"
            f"default_factory={self.default_factory!r},"
            f"init={self.init!r},"
            f"repr={self.repr!r},"
            f"hash={self.hash!r},"
            f"compare={self.compare!r},"
            f"metadata={self.metadata!r},"
            f"kw_only={self.kw_only!r},"
            f"doc={self.doc!r},"
            f"_field_type={self._field_type}"
            ")"
        )

    def __set_name__(self, owner, name):
        func = getattr(type(self.default), "__set_name__", None)
        if func:
            func(self.default, owner, name)


class _DataclassParams:
    __slots__ = ("init", "repr", "eq", "order", "unsafe_hash", "frozen", "match_args",
                 "kw_only", "slots", "weakref_slot")

    def __init__(self, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots,
                 weakref_slot):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen
        self.match_args = match_args
        self.kw_only = kw_only
        self.slots = slots
        self.weakref_slot = weakref_slot

    def __repr__(self):
        return (
            "_DataclassParams("
            f"init={self.init!r},repr={self.repr!r},eq={self.eq!r},order={self.order!r},"
            f"unsafe_hash={self.unsafe_hash!r},frozen={self.frozen!r},"
            f"match_args={self.match_args!r},kw_only={self.kw_only!r},"
            f"slots={self.slots!r},weakref_slot={self.weakref_slot!r})"
        )


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True, hash=None,
          compare=True, metadata=None, kw_only=MISSING, doc=None):
    """Describes one field: its default or default factory and what it takes part in."""
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only, doc)


def _fields_in_init_order(fields):
    return (
        tuple(f for f in fields if f.init and not f.kw_only),
        tuple(f for f in fields if f.init and f.kw_only),
    )


def _tuple_str(obj_name, fields):
    if not fields:
        return "()"
    return "(%s,)" % ",".join("%s.%s" % (obj_name, f.name) for f in fields)


def _create_fn(name, args, body, *, globals=None, locals=None, return_type=MISSING):
    """Compiles ``def name(args): body`` with ``locals`` visible to it."""
    if locals is None:
        locals = {}
    args = ",".join(args)
    body = "\n".join("  " + b for b in body)
    local_vars = ", ".join(locals.keys())
    txt = " def %s(%s):\n%s" % (name, args, body)
    txt = "def __create_fn__(%s):\n%s\n return %s" % (local_vars, txt, name)
    ns = {}
    exec(txt, globals if globals is not None else {}, ns)
    return ns["__create_fn__"](**locals)


def _field_assign(frozen, name, value, self_name):
    if frozen:
        return "__dataclass_builtins_object__.__setattr__(%s,%r,%s)" % (self_name, name, value)
    return "%s.%s=%s" % (self_name, name, value)


def _field_init(f, frozen, globals, self_name, slots):
    default_name = "__dataclass_dflt_%s__" % f.name
    if f.default_factory is not MISSING:
        if f.init:
            globals[default_name] = f.default_factory
            value = "%s() if %s is __dataclass_HAS_DEFAULT_FACTORY__ else %s" % (
                default_name, f.name, f.name)
        else:
            globals[default_name] = f.default_factory
            value = "%s()" % default_name
    else:
        if f.init:
            if f.default is MISSING:
                value = f.name
            else:
                globals[default_name] = f.default
                value = f.name
        else:
            if slots and f.default is not MISSING:
                globals[default_name] = f.default
                value = default_name
            else:
                return None
    if f._field_type is _FIELD_INITVAR:
        return None
    return _field_assign(frozen, f.name, value, self_name)


def _init_param(f):
    if f.default is MISSING and f.default_factory is MISSING:
        default = ""
    elif f.default is not MISSING:
        default = "=__dataclass_dflt_%s__" % f.name
    else:
        default = "=__dataclass_HAS_DEFAULT_FACTORY__"
    return "%s%s" % (f.name, default)


def _init_fn(fields, std_fields, kw_only_fields, frozen, has_post_init, self_name, globals,
             slots):
    seen_default = None
    for f in std_fields:
        if f.init:
            if not (f.default is MISSING and f.default_factory is MISSING):
                seen_default = f
            elif seen_default:
                raise TypeError(
                    "non-default argument %r follows default argument %r"
                    % (f.name, seen_default.name)
                )
    locals = {
        "__dataclass_HAS_DEFAULT_FACTORY__": _HAS_DEFAULT_FACTORY,
        "__dataclass_builtins_object__": object,
    }
    for f in fields:
        if f.default is not MISSING:
            locals["__dataclass_dflt_%s__" % f.name] = f.default
    body_lines = []
    fglobals = {}
    for f in fields:
        line = _field_init(f, frozen, fglobals, self_name, slots)
        if line:
            body_lines.append(line)
    locals.update(fglobals)
    if has_post_init:
        params_str = ",".join(f.name for f in fields if f._field_type is _FIELD_INITVAR)
        body_lines.append("%s.%s(%s)" % (self_name, _POST_INIT_NAME, params_str))
    if not body_lines:
        body_lines = ["pass"]
    _init_params = [_init_param(f) for f in std_fields]
    if kw_only_fields:
        _init_params += ["*"]
        _init_params += [_init_param(f) for f in kw_only_fields]
    return _create_fn("__init__", [self_name] + _init_params, body_lines, locals=locals,
                      globals=globals)


_repr_running = set()


def _recursive_repr(fn):
    def wrapper(self):
        key = (id(self), _thread_id())
        if key in _repr_running:
            return "..."
        _repr_running.add(key)
        try:
            result = fn(self)
        finally:
            _repr_running.discard(key)
        return result

    wrapper.__name__ = fn.__name__
    wrapper.__qualname__ = fn.__qualname__
    wrapper.__wrapped__ = fn
    return wrapper


def _thread_id():
    try:
        import _thread

        return _thread.get_ident()
    except (ImportError, AttributeError):
        return 0


def _repr_fn(fields, globals):
    fn = _create_fn(
        "__repr__",
        ("self",),
        [
            "return f'{self.__class__.__qualname__}("
            + ", ".join(["%s={self.%s!r}" % (f.name, f.name) for f in fields])
            + ")'"
        ],
        globals=globals,
    )
    return _recursive_repr(fn)


def _frozen_get_del_attr(cls, fields, globals):
    locals = {"cls": cls, "FrozenInstanceError": FrozenInstanceError}
    condition = "type(self) is cls"
    if fields:
        condition += " or name in {%s}" % ", ".join(repr(f.name) for f in fields)
    return (
        _create_fn(
            "__setattr__",
            ("self", "name", "value"),
            (
                "if %s:" % condition,
                " raise FrozenInstanceError(f'cannot assign to field {name!r}')",
                "super(cls, self).__setattr__(name, value)",
            ),
            locals=locals,
            globals=globals,
        ),
        _create_fn(
            "__delattr__",
            ("self", "name"),
            (
                "if %s:" % condition,
                " raise FrozenInstanceError(f'cannot delete field {name!r}')",
                "super(cls, self).__delattr__(name)",
            ),
            locals=locals,
            globals=globals,
        ),
    )


def _cmp_fn(name, op, self_tuple, other_tuple, globals):
    return _create_fn(
        name,
        ("self", "other"),
        [
            "if other.__class__ is self.__class__:",
            " return %s%s%s" % (self_tuple, op, other_tuple),
            "return NotImplemented",
        ],
        globals=globals,
    )


def _hash_fn(fields, globals):
    self_tuple = _tuple_str("self", fields)
    return _create_fn("__hash__", ("self",), ["return hash(%s)" % self_tuple], globals=globals)


def _is_classvar(a_type):
    if isinstance(a_type, str):
        return a_type.startswith(("ClassVar", "typing.ClassVar"))
    classvar = _classvar()
    if classvar is None:
        return False
    return a_type is classvar or getattr(a_type, "__origin__", None) is classvar


def _classvar():
    try:
        import typing
    except ImportError:
        return None
    return typing.ClassVar


def _is_initvar(a_type):
    if isinstance(a_type, str):
        return a_type.startswith(("InitVar", "dataclasses.InitVar"))
    return a_type is InitVar or type(a_type) is InitVar


def _is_kw_only(a_type):
    return a_type is KW_ONLY or (
        isinstance(a_type, str) and a_type in ("KW_ONLY", "dataclasses.KW_ONLY")
    )


def _is_mutable_default(value):
    if isinstance(value, (list, dict, set)):
        return True
    try:
        return type(value).__hash__ is None
    except AttributeError:
        return False


def _get_field(cls, a_name, a_type, default_kw_only):
    default = cls.__dict__.get(a_name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = a_name
    f.type = a_type
    f._field_type = _FIELD
    if _is_classvar(a_type):
        f._field_type = _FIELD_CLASSVAR
    elif _is_initvar(a_type):
        f._field_type = _FIELD_INITVAR
    if f._field_type in (_FIELD_CLASSVAR, _FIELD_INITVAR):
        if f.default_factory is not MISSING:
            raise TypeError("field %s cannot have a default factory" % f.name)
    if f._field_type in (_FIELD, _FIELD_INITVAR):
        if f.kw_only is MISSING:
            f.kw_only = default_kw_only
    else:
        if f.kw_only is not MISSING:
            raise TypeError("field %s is a ClassVar but specifies kw_only" % f.name)
    if f._field_type is _FIELD and _is_mutable_default(f.default):
        raise ValueError(
            "mutable default %s for field %s is not allowed: use default_factory"
            % (type(f.default), f.name)
        )
    return f


def _set_new_attribute(cls, name, value):
    if name in cls.__dict__:
        return True
    try:
        value.__qualname__ = "%s.%s" % (cls.__qualname__, value.__name__)
    except (AttributeError, TypeError):
        pass
    setattr(cls, name, value)
    return False


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only,
                   slots, weakref_slot):
    fields = {}
    globals = {}
    setattr(cls, _PARAMS, _DataclassParams(init, repr, eq, order, unsafe_hash, frozen,
                                           match_args, kw_only, slots, weakref_slot))
    any_frozen_base = False
    all_frozen_bases = None
    has_dataclass_bases = False
    for b in cls.__mro__[-1:0:-1]:
        base_fields = getattr(b, _FIELDS, None)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            if all_frozen_bases is None:
                all_frozen_bases = True
            current_frozen = getattr(b, _PARAMS).frozen
            all_frozen_bases = all_frozen_bases and current_frozen
            any_frozen_base = any_frozen_base or current_frozen
    cls_annotations = cls.__dict__.get("__annotations__", {})
    cls_fields = []
    KW_ONLY_seen = False
    for name, type_ in cls_annotations.items():
        if _is_kw_only(type_):
            if KW_ONLY_seen:
                raise TypeError("%r is KW_ONLY, but KW_ONLY has already been specified" % name)
            KW_ONLY_seen = True
            kw_only = True
        else:
            cls_fields.append(_get_field(cls, name, type_, kw_only))
    for f in cls_fields:
        fields[f.name] = f
        if isinstance(getattr(cls, f.name, None), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and name not in cls_annotations:
            raise TypeError("%r is a field but has no type annotation" % name)
    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError("cannot inherit non-frozen dataclass from a frozen one")
        if all_frozen_bases is False and frozen:
            raise TypeError("cannot inherit frozen dataclass from a non-frozen one")
    setattr(cls, _FIELDS, fields)
    class_hash = cls.__dict__.get("__hash__", MISSING)
    has_explicit_hash = not (
        class_hash is MISSING or (class_hash is None and "__eq__" in cls.__dict__)
    )
    if order and not eq:
        raise ValueError("eq must be true if order is true")
    all_init_fields = [f for f in fields.values() if f._field_type in (_FIELD, _FIELD_INITVAR)]
    std_init_fields, kw_only_init_fields = _fields_in_init_order(all_init_fields)
    if init:
        has_post_init = hasattr(cls, _POST_INIT_NAME)
        _set_new_attribute(
            cls,
            "__init__",
            _init_fn(all_init_fields, std_init_fields, kw_only_init_fields, frozen,
                     has_post_init, "__dataclass_self__" if "self" in fields else "self",
                     globals, slots),
        )
    field_list = [f for f in fields.values() if f._field_type is _FIELD]
    if repr:
        flds = [f for f in field_list if f.repr]
        _set_new_attribute(cls, "__repr__", _repr_fn(flds, globals))
    if eq:
        cmp_fields = [f for f in field_list if f.compare]
        self_tuple = _tuple_str("self", cmp_fields)
        other_tuple = _tuple_str("other", cmp_fields)
        _set_new_attribute(cls, "__eq__", _cmp_fn("__eq__", "==", self_tuple, other_tuple,
                                                 globals))
    if order:
        flds = [f for f in field_list if f.compare]
        self_tuple = _tuple_str("self", flds)
        other_tuple = _tuple_str("other", flds)
        for name, op in [("__lt__", "<"), ("__le__", "<="), ("__gt__", ">"), ("__ge__", ">=")]:
            if _set_new_attribute(cls, name, _cmp_fn(name, op, self_tuple, other_tuple,
                                                     globals)):
                raise TypeError(
                    "Cannot overwrite attribute %s in class %s. Consider using "
                    "functools.total_ordering" % (name, cls.__name__)
                )
    if frozen:
        for fn in _frozen_get_del_attr(cls, field_list, globals):
            if _set_new_attribute(cls, fn.__name__, fn):
                raise TypeError(
                    "Cannot overwrite attribute %s in class %s" % (fn.__name__, cls.__name__)
                )
    hash_action = _hash_action(unsafe_hash, eq, frozen, has_explicit_hash)
    if hash_action == "add":
        flds = [f for f in field_list if (f.compare if f.hash is None else f.hash)]
        cls.__hash__ = _hash_fn(flds, globals)
    elif hash_action == "set_none":
        cls.__hash__ = None
    elif hash_action == "exception":
        raise TypeError("Cannot overwrite attribute __hash__ in class %s" % cls.__name__)
    if not getattr(cls, "__doc__"):
        # CPython's text: the name and `inspect.signature(cls)` without `-> None`.
        params = [_doc_param(f) for f in std_init_fields]
        if kw_only_init_fields:
            params += ["*"] + [_doc_param(f) for f in kw_only_init_fields]
        cls.__doc__ = "%s(%s)" % (cls.__name__, ", ".join(params) if init else "")
    if match_args:
        _set_new_attribute(cls, "__match_args__", tuple(f.name for f in std_init_fields))
    if slots:
        cls = _add_slots(cls, frozen, weakref_slot)
    return cls


def _doc_param(f):
    text = "%s: %s" % (f.name, _format_annotation(f.type))
    if f.default_factory is not MISSING:
        return text + " = <factory>"
    if f.default is not MISSING:
        return "%s = %r" % (text, f.default)
    return text


def _format_annotation(a):
    """An annotation as ``inspect.formatannotation`` writes it."""
    if getattr(a, "__module__", None) == "typing":
        return repr(a).replace("typing.", "")
    if isinstance(a, type) and type(a).__name__ != "GenericAlias":
        if a.__module__ == "builtins":
            return a.__qualname__
        return "%s.%s" % (a.__module__, a.__qualname__)
    return repr(a)


def _hash_action(unsafe_hash, eq, frozen, has_explicit_hash):
    if not unsafe_hash:
        if not eq:
            return ""
        if frozen:
            return "" if has_explicit_hash else "add"
        return "" if has_explicit_hash else "set_none"
    if has_explicit_hash:
        return "exception"
    return "add"


def _add_slots(cls, is_frozen, weakref_slot):
    cls_dict = dict(cls.__dict__)
    field_names = tuple(f.name for f in fields(cls))
    inherited = set()
    for base in cls.__mro__[1:-1]:
        for s in base.__dict__.get("__slots__", ()):
            inherited.add(s)
    cls_dict["__slots__"] = tuple(n for n in field_names if n not in inherited) + (
        ("__weakref__",) if weakref_slot else ()
    )
    for name in field_names:
        cls_dict.pop(name, None)
    cls_dict.pop("__dict__", None)
    cls_dict.pop("__weakref__", None)
    qualname = getattr(cls, "__qualname__", None)
    new_cls = type(cls)(cls.__name__, cls.__bases__, cls_dict)
    if qualname is not None:
        new_cls.__qualname__ = qualname
    for name in ("__setattr__", "__delattr__", "__init__", "__eq__", "__repr__", "__hash__"):
        fn = new_cls.__dict__.get(name)
        if fn is not None and getattr(fn, "__closure__", None):
            for cell in fn.__closure__:
                try:
                    if cell.cell_contents is cls:
                        cell.cell_contents = new_cls
                except (ValueError, AttributeError):
                    pass
    return new_cls


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False, weakref_slot=False):
    """Adds generated special methods to a class, from its annotated fields."""

    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args,
                              kw_only, slots, weakref_slot)

    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    """The fields (``Field`` objects) of a dataclass or instance, in order."""
    try:
        fields = getattr(class_or_instance, _FIELDS)
    except AttributeError:
        raise TypeError("must be called with a dataclass type or instance") from None
    return tuple(f for f in fields.values() if f._field_type is _FIELD)


def _is_dataclass_instance(obj):
    return hasattr(type(obj), _FIELDS)


def is_dataclass(obj):
    """Whether ``obj`` is a dataclass or an instance of one."""
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, _FIELDS)


def asdict(obj, *, dict_factory=dict):
    """The fields of a dataclass instance as a dict, recursing into dataclasses and
    containers."""
    if not _is_dataclass_instance(obj):
        raise TypeError("asdict() should be called on dataclass instances")

    def as_fields(o):
        return dict_factory([(f.name, _convert(getattr(o, f.name), as_fields))
                             for f in fields(o)])

    return _convert(obj, as_fields)


def astuple(obj, *, tuple_factory=tuple):
    """The fields of a dataclass instance as a tuple, recursing into dataclasses and
    containers."""
    if not _is_dataclass_instance(obj):
        raise TypeError("astuple() should be called on dataclass instances")

    def as_fields(o):
        return tuple_factory([_convert(getattr(o, f.name), as_fields) for f in fields(o)])

    return _convert(obj, as_fields)


def _convert(obj, as_fields):
    """``obj`` with every dataclass instance inside it (through lists, tuples, named
    tuples and dicts) replaced by ``as_fields(instance)``; other values deep-copied."""
    if type(obj) in (int, float, str, bool, type(None), bytes):
        return obj
    if _is_dataclass_instance(obj):
        return as_fields(obj)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*[_convert(v, as_fields) for v in obj])
    if isinstance(obj, (list, tuple)):
        return type(obj)(_convert(v, as_fields) for v in obj)
    if isinstance(obj, dict):
        return type(obj)(
            (_convert(k, as_fields), _convert(v, as_fields)) for k, v in obj.items()
        )
    return _copy_module.deepcopy(obj)


def replace(obj, /, **changes):
    """A new instance of ``obj``'s class with ``changes`` applied to its fields."""
    if not _is_dataclass_instance(obj):
        raise TypeError("replace() should be called on dataclass instances")
    for f in getattr(obj, _FIELDS).values():
        if f._field_type is _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise TypeError(
                    "field %s is declared with init=False, it cannot be specified with "
                    "replace()" % f.name
                )
            continue
        if f.name not in changes:
            if f._field_type is _FIELD_INITVAR and f.default is MISSING:
                raise TypeError(
                    "InitVar %r must be specified with replace()" % f.name
                )
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def make_dataclass(cls_name, fields, *, bases=(), namespace=None, init=True, repr=True,
                   eq=True, order=False, unsafe_hash=False, frozen=False, match_args=True,
                   kw_only=False, slots=False, weakref_slot=False, module=None):
    """A new dataclass named ``cls_name`` with ``fields`` (names, (name, type) or
    (name, type, Field))."""
    if namespace is None:
        namespace = {}
    annotations = {}
    defaults = {}
    for item in fields:
        if isinstance(item, str):
            name, tp = item, "typing.Any"
        elif len(item) == 2:
            name, tp = item
        else:
            name, tp, spec = item
            defaults[name] = spec
        annotations[name] = tp
    ns = dict(namespace)
    ns.update(defaults)
    ns["__annotations__"] = annotations
    ns["__module__"] = module if module is not None else "types"
    cls = type(cls_name, bases, ns)
    return dataclass(cls, init=init, repr=repr, eq=eq, order=order, unsafe_hash=unsafe_hash,
                     frozen=frozen, match_args=match_args, kw_only=kw_only, slots=slots,
                     weakref_slot=weakref_slot)
