"""Enumerations (this project's version of CPython's ``enum``): ``Enum``, ``IntEnum``,
``StrEnum``, ``Flag``, ``IntFlag``, ``auto``, ``unique``."""

from types import DynamicClassAttribute, MappingProxyType, FunctionType

__all__ = [
    "EnumType",
    "EnumMeta",
    "Enum",
    "IntEnum",
    "StrEnum",
    "Flag",
    "IntFlag",
    "ReprEnum",
    "auto",
    "unique",
    "property",
    "verify",
    "member",
    "nonmember",
    "global_enum",
    "FlagBoundary",
    "STRICT",
    "CONFORM",
    "EJECT",
    "KEEP",
]

_auto_null = object()


class auto:
    """Instances are replaced by an appropriate value in Enum class suites."""

    def __init__(self, value=_auto_null):
        self.value = value

    def __repr__(self):
        return "auto(%r)" % (self.value,)


class member:
    """Forces an item to become an Enum member."""

    def __init__(self, value):
        self.value = value


class nonmember:
    """Protects an item from becoming an Enum member."""

    def __init__(self, value):
        self.value = value


property = DynamicClassAttribute


def _is_descriptor(obj):
    return isinstance(
        obj, (FunctionType, classmethod, staticmethod, DynamicClassAttribute)
    ) or type(obj).__name__ == "property" or any(
        "__get__" in vars(k) or "__set__" in vars(k) or "__delete__" in vars(k)
        for k in type(obj).__mro__[:-1]
        if k.__module__ != "builtins"
    )


def _defines(klass, name):
    try:
        return name in vars(klass)
    except TypeError:
        # a builtin type: every one has (or inherits from object) repr, str and format
        return True


def _is_dunder(name):
    return len(name) > 4 and name[:2] == name[-2:] == "__" and name[2] != "_" and name[-3] != "_"


def _is_sunder(name):
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


def _is_private(cls_name, name):
    pattern = "_%s__" % (cls_name.lstrip("_"),)
    return len(name) > len(pattern) and name.startswith(pattern) and not name.endswith("__")


def _is_single_bit(num):
    if num == 0:
        return False
    num &= num - 1
    return num == 0


def _bit_count(num):
    return bin(num).count("1")


class FlagBoundary:
    """How a Flag treats values with bits no member has."""

    def __init__(self, name):
        self._name_ = name

    def __repr__(self):
        return "<FlagBoundary.%s: %r>" % (self._name_, self._name_.lower())


STRICT = FlagBoundary("STRICT")
CONFORM = FlagBoundary("CONFORM")
EJECT = FlagBoundary("EJECT")
KEEP = FlagBoundary("KEEP")


class _EnumDict(dict):
    """The class namespace of an enum: refuses to define a member name twice, or a member
    and another attribute under one name."""

    def __init__(self, cls_name):
        super().__init__()
        self._cls_name = cls_name
        self._member_names = set()

    def __setitem__(self, key, value):
        if key in self._member_names:
            raise TypeError("%r already defined as %r" % (key, self[key]))
        is_member = not (
            _is_dunder(key)
            or _is_sunder(key)
            or _is_private(self._cls_name, key)
            or _is_descriptor(value)
            or isinstance(value, (nonmember, type))
        )
        if is_member:
            if key in self:
                raise TypeError("%r already defined as %r" % (key, self[key]))
            self._member_names.add(key)
        super().__setitem__(key, value)


class EnumType(type):
    """Metaclass for Enum."""

    @classmethod
    def __prepare__(metacls, cls, bases, **kwds):
        return _EnumDict(cls)

    def __new__(metacls, cls, bases, classdict, *, boundary=None, _simple=False, **kwds):
        member_type, first_enum = metacls._get_mixins_(cls, bases)
        ignore = classdict.get("_ignore_", [])
        if isinstance(ignore, str):
            ignore = ignore.replace(",", " ").split()
        names = []
        body = {}
        for key, value in list(classdict.items()):
            if key in ignore or key == "_ignore_":
                continue
            if isinstance(value, nonmember):
                body[key] = value.value
                continue
            if isinstance(value, member):
                names.append((key, value.value))
                continue
            if _is_dunder(key) or _is_private(cls, key) or _is_descriptor(value):
                body[key] = value
                continue
            if _is_sunder(key):
                if key not in (
                    "_order_",
                    "_generate_next_value_",
                    "_missing_",
                    "_numeric_repr_",
                    "_add_alias_",
                    "_add_value_alias_",
                    "_iter_member_",
                    "_iter_member_by_value_",
                    "_iter_member_by_def_",
                ) and not key.startswith("_repr_"):
                    raise ValueError(
                        "_sunder_ names, such as %r, are reserved for future Enum use" % key
                    )
                body[key] = value
                continue
            if isinstance(value, type):
                body[key] = value
                continue
            names.append((key, value))
        if names and first_enum is not None and first_enum._member_names_:
            raise TypeError(
                "<enum %r> cannot extend <enum %r>" % (cls, first_enum.__name__)
            )
        body["_member_names_"] = []
        body["_member_map_"] = {}
        body["_value2member_map_"] = {}
        body["_unhashable_values_"] = []
        body["_member_type_"] = member_type
        if "_order_" in body:
            del body["_order_"]
        custom_new = body.get("__new__")
        if custom_new is not None and isinstance(custom_new, staticmethod):
            custom_new = custom_new.__func__
        if custom_new is None:
            for base in bases:
                n = getattr(base, "__new_member__", None)
                if n is not None:
                    custom_new = n
                    break
        if first_enum is None:
            # `Enum` itself: its `__new__` looks members up, it makes none.
            custom_new = None
        body["__new_member__"] = custom_new
        if first_enum is not None:
            body["__new__"] = Enum.__new__
            # The Enum's repr/str/format win over the data type's (`int` precedes `Enum` in an
            # IntEnum's MRO); ReprEnum keeps the data type's str and format.
            repr_enum = ReprEnum in bases
            for name in ("__repr__", "__str__", "__format__"):
                if name in body:
                    continue
                owner = None
                for chain in bases:
                    for k in chain.__mro__:
                        if _defines(k, name):
                            owner = k
                            break
                    if owner is not None:
                        break
                if owner is None or not isinstance(owner, EnumType):
                    if repr_enum and name == "__format__":
                        body[name] = _data_format
                    elif repr_enum and name == "__str__":
                        body[name] = _data_str
                    else:
                        body[name] = getattr(first_enum, name)
        enum_class = super().__new__(metacls, cls, bases, body, **kwds)
        if boundary is None:
            boundary = getattr(enum_class, "_boundary_", None)
        if Flag is not None and issubclass(enum_class, Flag) and boundary is None:
            boundary = STRICT
        enum_class._boundary_ = boundary
        enum_class._flag_mask_ = 0
        enum_class._singles_mask_ = 0
        enum_class._all_bits_ = 0
        generate = getattr(enum_class, "_generate_next_value_")
        last_values = []
        for name, value in names:
            if isinstance(value, auto):
                if value.value is _auto_null:
                    value.value = generate(name, 1, len(enum_class._member_names_), last_values[:])
                value = value.value
            elif isinstance(value, tuple):
                value = tuple(v.value if isinstance(v, auto) else v for v in value)
            last_values.append(value)
            metacls._add_member_(enum_class, name, value, member_type, custom_new)
        if Flag is not None and issubclass(enum_class, Flag):
            bits = 0
            for m in enum_class._member_map_.values():
                bits |= m._value_
            enum_class._flag_mask_ = bits
            enum_class._all_bits_ = 2 ** bits.bit_length() - 1
            single = 0
            for name in enum_class._member_names_:
                single |= enum_class._member_map_[name]._value_
            enum_class._singles_mask_ = single
        return enum_class

    @staticmethod
    def _add_member_(enum_class, name, value, member_type, custom_new):
        if isinstance(value, tuple):
            args = value
        else:
            args = (value,)
        if member_type is tuple:
            args = (args,)
        if custom_new is not None:
            m = custom_new(enum_class, *args)
        elif member_type is object:
            m = object.__new__(enum_class)
        else:
            m = member_type.__new__(enum_class, *args)
        if not hasattr(m, "_value_"):
            if member_type is object:
                m._value_ = value
            else:
                try:
                    m._value_ = member_type(*args)
                except Exception:
                    m._value_ = value
        value = m._value_
        m._name_ = name
        m.__objclass__ = enum_class
        m._sort_order_ = len(enum_class._member_names_)
        init = getattr(enum_class, "__init__", None)
        if init is not None and init is not object.__init__ and init is not Enum.__init__:
            m.__init__(*args)
        canonical = None
        try:
            canonical = enum_class._value2member_map_.get(value)
        except TypeError:
            for other in enum_class._member_map_.values():
                if other._value_ == value:
                    canonical = other
                    break
        if canonical is not None:
            enum_class._member_map_[name] = canonical
            type.__setattr__(enum_class, name, canonical)
            return
        # A flag's multi-bit and zero members are named values, not iterated (CPython 3.11+).
        is_flag = Flag is not None and issubclass(enum_class, Flag)
        if not is_flag or _is_single_bit(value):
            enum_class._member_names_.append(name)
        enum_class._member_map_[name] = m
        try:
            enum_class._value2member_map_.setdefault(value, m)
        except TypeError:
            enum_class._unhashable_values_.append(value)
        type.__setattr__(enum_class, name, m)

    @classmethod
    def _get_mixins_(metacls, class_name, bases):
        if not bases:
            return object, None
        last = bases[-1]
        if not isinstance(last, EnumType):
            raise TypeError(
                "new enumerations should be created as "
                "`EnumName([mixin_type, ...] [data_type,] enum_type)`"
            )
        member_type = object
        for chain in bases:
            for base in chain.__mro__:
                if base is object or isinstance(base, EnumType):
                    continue
                if base in (int, str, float, bytes, tuple) or "__new__" in vars(base):
                    member_type = base
                    break
            if member_type is not object:
                break
        if member_type is object:
            member_type = getattr(last, "_member_type_", object)
        return member_type, last

    def __call__(cls, value, names=None, *values, module=None, qualname=None, type=None,
                 start=1, boundary=None):
        if names is None:
            return cls.__new__(cls, value)
        return cls._create_(value, names, module=module, qualname=qualname, type=type,
                            start=start, boundary=boundary)

    def _create_(cls, class_name, names, *, module=None, qualname=None, type=None, start=1,
                 boundary=None):
        bases = (cls,) if type is None else (type, cls)
        if isinstance(names, str):
            names = names.replace(",", " ").split()
        items = {}
        if isinstance(names, (tuple, list)) and names and isinstance(names[0], str):
            last_values = []
            for count, name in enumerate(names):
                value = cls._generate_next_value_(name, start, count, last_values[:])
                last_values.append(value)
                items[name] = value
        elif isinstance(names, dict):
            items.update(names)
        else:
            for name, value in names:
                items[name] = value
        ns = {"__module__": module or "__main__", "__qualname__": qualname or class_name}
        ns.update(items)
        if boundary is None:
            return EnumType(class_name, bases, ns)
        return EnumType(class_name, bases, ns, boundary=boundary)

    def __contains__(cls, value):
        if isinstance(value, cls):
            return True
        try:
            return value in cls._value2member_map_
        except TypeError:
            return value in cls._unhashable_values_

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __bool__(cls):
        return True

    @DynamicClassAttribute
    def __members__(cls):
        return MappingProxyType(cls._member_map_)

    def __repr__(cls):
        if Flag is not None and issubclass(cls, Flag):
            return "<flag %r>" % (cls.__name__,)
        return "<enum %r>" % (cls.__name__,)

    def __setattr__(cls, name, value):
        member_map = cls.__dict__.get("_member_map_", {})
        if name in member_map:
            raise AttributeError("cannot reassign member %r" % (name,))
        super().__setattr__(name, value)

    def __delattr__(cls, attr):
        if attr in cls._member_map_:
            raise AttributeError("%r cannot delete member %r." % (cls.__name__, attr))
        super().__delattr__(attr)


EnumMeta = EnumType
Flag = None
ReprEnum = None


def _data_str(self):
    return str(self._member_type_(self._value_)) if self._member_type_ is not str else self._value_


def _data_format(self, format_spec):
    return format(self._member_type_(self._value_), format_spec)


class Enum(metaclass=EnumType):
    """Create a collection of name/value pairs."""

    def __new__(cls, value):
        if type(value) is cls:
            return value
        try:
            return cls._value2member_map_[value]
        except KeyError:
            pass
        except TypeError:
            for m in cls._member_map_.values():
                if m._value_ == value:
                    return m
        result = cls._missing_(value)
        if isinstance(result, cls):
            return result
        if result is None:
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        raise TypeError(
            "error in %s._missing_: returned %r instead of None or a valid member"
            % (cls.__name__, result)
        )

    def __init__(self, *args, **kwds):
        pass

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not last_values:
            return start
        last = last_values[-1]
        try:
            return last + 1
        except TypeError:
            raise TypeError("unable to sort non-numeric values") from None

    @classmethod
    def _missing_(cls, value):
        return None

    def __repr__(self):
        v_repr = self.__class__._value_repr_ or repr
        return "<%s.%s: %s>" % (self.__class__.__name__, self._name_, v_repr(self._value_))

    def __str__(self):
        return "%s.%s" % (self.__class__.__name__, self._name_)

    def __format__(self, format_spec):
        return format(str(self), format_spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return self.__class__, (self._value_,)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __dir__(self):
        return ["__class__", "__doc__", "__eq__", "__hash__", "__module__", "name", "value"]

    @DynamicClassAttribute
    def name(self):
        """The name of the Enum member."""
        return self._name_

    @DynamicClassAttribute
    def value(self):
        """The value of the Enum member."""
        return self._value_


Enum._value_repr_ = None


class ReprEnum(Enum):
    """Only changes the repr(), leaving str() and format() to the mixed-in type."""


class IntEnum(int, ReprEnum):
    """Enum where members are also (and must be) ints."""

    __str__ = _data_str
    __format__ = _data_format


class StrEnum(str, ReprEnum):
    """Enum where members are also (and must be) strings."""

    def __new__(cls, *values):
        if len(values) > 3:
            raise TypeError("too many arguments for str(): %r" % (values,))
        if len(values) == 1 and not isinstance(values[0], str):
            raise TypeError("%r is not a string" % (values[0],))
        value = str(*values)
        m = str.__new__(cls, value)
        m._value_ = value
        return m

    __str__ = _data_str
    __format__ = _data_format

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()


class Flag(Enum):
    """Support for bit flags."""

    _numeric_repr_ = repr

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start if start is not None else 1
        last_value = max(last_values)
        try:
            high_bit = last_value.bit_length() - 1
        except Exception:
            raise TypeError("invalid flag value %r" % last_value) from None
        return 2 ** (high_bit + 1)

    @classmethod
    def _iter_member_(cls, value):
        for name in cls._member_names_:
            m = cls._member_map_[name]
            if m._value_ and m._value_ & value == m._value_:
                yield m

    @classmethod
    def _missing_(cls, value):
        if not isinstance(value, int):
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))
        flag_mask = cls._flag_mask_
        singles_mask = cls._singles_mask_
        all_bits = cls._all_bits_
        neg_value = None
        if value < 0:
            neg_value = value
            value = all_bits + 1 + value
        if value & ~flag_mask:
            boundary = cls._boundary_
            if boundary is STRICT:
                max_bits = max(value.bit_length(), flag_mask.bit_length())
                raise ValueError(
                    "%r invalid value %r\n    given %s\n  allowed %s"
                    % (cls, value, _bin(value, max_bits), _bin(flag_mask, max_bits))
                )
            if boundary is CONFORM:
                value = value & flag_mask
            elif boundary is EJECT:
                return value
        if cls._member_type_ is object:
            pseudo = object.__new__(cls)
        else:
            pseudo = cls._member_type_.__new__(cls, value)
        if not hasattr(pseudo, "_value_"):
            pseudo._value_ = value
        if value & flag_mask:
            members = list(cls._iter_member_(value & flag_mask))
            names = [m._name_ for m in members]
            extra = value & ~flag_mask
            if extra:
                names.append(str(extra))
            pseudo._name_ = "|".join(names)
        else:
            pseudo._name_ = None
        pseudo = cls._value2member_map_.setdefault(value, pseudo)
        if neg_value is not None:
            cls._value2member_map_.setdefault(neg_value, pseudo)
        return pseudo

    def __contains__(self, other):
        if not isinstance(other, self.__class__):
            raise TypeError(
                "unsupported operand type(s) for 'in': %r and %r"
                % (type(other).__qualname__, self.__class__.__qualname__)
            )
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return self._iter_member_(self._value_)

    def __len__(self):
        return _bit_count(self._value_)

    def __repr__(self):
        cls_name = self.__class__.__name__
        v_repr = self.__class__._value_repr_ or repr
        if self._name_ is None:
            return "<%s: %s>" % (cls_name, v_repr(self._value_))
        return "<%s.%s: %s>" % (cls_name, self._name_, v_repr(self._value_))

    def __str__(self):
        cls_name = self.__class__.__name__
        if self._name_ is None:
            return "%s(%r)" % (cls_name, self._value_)
        return "%s.%s" % (cls_name, self._name_)

    def __bool__(self):
        return bool(self._value_)

    def _get_value(self, flag):
        if isinstance(flag, self.__class__):
            return flag._value_
        if self._member_type_ is not object and isinstance(flag, self._member_type_):
            return flag
        return NotImplemented

    def __or__(self, other):
        other_value = self._get_value(other)
        if other_value is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ | other_value)

    def __and__(self, other):
        other_value = self._get_value(other)
        if other_value is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ & other_value)

    def __xor__(self, other):
        other_value = self._get_value(other)
        if other_value is NotImplemented:
            return NotImplemented
        return self.__class__(self._value_ ^ other_value)

    def __invert__(self):
        if self._member_type_ is not object and self._boundary_ is KEEP:
            return self.__class__(~self._value_)
        return self.__class__(self._flag_mask_ ^ self._value_ & self._flag_mask_)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__


def _bin(num, max_bits=None):
    ceiling = 2 ** (num).bit_length()
    if num >= 0:
        s = bin(num + ceiling).replace("1", "0", 1)
    else:
        s = bin(~num ^ (ceiling - 1) + ceiling)
    sign = s[:3]
    digits = s[3:]
    if max_bits is not None:
        if len(digits) < max_bits:
            digits = (sign[-1] * max_bits + digits)[-max_bits:]
    return "%s %s" % (sign, digits)


class IntFlag(int, ReprEnum, Flag, boundary=KEEP):
    """Support for integer-based Flags."""

    __str__ = _data_str
    __format__ = _data_format

    # `int` precedes `Flag` in the MRO: its operators would answer plain ints.
    __contains__ = Flag.__contains__
    __or__ = Flag.__or__
    __and__ = Flag.__and__
    __xor__ = Flag.__xor__
    __ror__ = Flag.__ror__
    __rand__ = Flag.__rand__
    __rxor__ = Flag.__rxor__
    __invert__ = Flag.__invert__
    __iter__ = Flag.__iter__
    __len__ = Flag.__len__
    __bool__ = Flag.__bool__


def unique(enumeration):
    """Class decorator: raises ValueError when any value has more than one name."""
    duplicates = []
    for name, m in enumeration.__members__.items():
        if name != m._name_:
            duplicates.append((name, m._name_))
    if duplicates:
        alias_details = ", ".join("%s -> %s" % (alias, name) for alias, name in duplicates)
        raise ValueError("duplicate values found in %r: %s" % (enumeration, alias_details))
    return enumeration


def verify(*checks):
    """Class decorator (checks are not enforced beyond ``unique``)."""

    def decorator(enumeration):
        return enumeration

    return decorator


def global_enum(cls):
    """Puts the members into their module's namespace."""
    import sys

    sys.modules[cls.__module__].__dict__.update(cls.__members__)
    return cls
