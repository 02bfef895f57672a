//! The instruction set: one `#[repr(u8)]` operation and one `u32` operand per instruction, in a
//! flat array. Jump operands are instruction indices. The table in the crate docs lists every
//! operation with its operand, stack effect and meaning; [`stack_effect`] is its executable form.

/// One instruction: an operation and its operand (`0` when the operation takes none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Instr {
    /// The operation.
    pub op: Op,
    /// The operand: an index into one of the code object's tables, a count, flags, or a jump
    /// target (an index into the instruction array).
    pub arg: u32,
}

impl Instr {
    /// An instruction.
    pub const fn new(op: Op, arg: u32) -> Instr {
        Instr { op, arg }
    }
}

macro_rules! ops {
    ($( $(#[$doc:meta])* $name:ident = $text:literal, )*) => {
        /// The operations. See the crate docs for the table of operands and stack effects.
        #[repr(u8)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Op {
            $( $(#[$doc])* $name, )*
        }

        impl Op {
            /// Every operation, in numbering order.
            pub const ALL: &'static [Op] = &[$(Op::$name,)*];

            /// The upper-case name `dis` prints.
            pub fn name(self) -> &'static str {
                match self {
                    $(Op::$name => $text,)*
                }
            }
        }
    };
}

ops! {
    /// Does nothing.
    Nop = "NOP",
    /// Pops the top of the stack.
    PopTop = "POP_TOP",
    /// Pushes the null marker used by the call protocol.
    PushNull = "PUSH_NULL",
    /// Pushes a copy of the `arg`-th item (1 is the top).
    Copy = "COPY",
    /// Swaps the top with the `arg`-th item (2 is the one below the top).
    Swap = "SWAP",
    /// Pushes `consts[arg]`.
    LoadConst = "LOAD_CONST",
    /// Returns the top of the stack to the caller.
    ReturnValue = "RETURN_VALUE",
    /// Pushes fast local `arg`; `UnboundLocalError` if unset.
    LoadFast = "LOAD_FAST",
    /// Pops into fast local `arg`.
    StoreFast = "STORE_FAST",
    /// Unsets fast local `arg`; `UnboundLocalError` if unset.
    DeleteFast = "DELETE_FAST",
    /// Pushes the content of the cell in slot `arg`.
    LoadDeref = "LOAD_DEREF",
    /// Pops into the cell in slot `arg`.
    StoreDeref = "STORE_DEREF",
    /// Empties the cell in slot `arg`.
    DeleteDeref = "DELETE_DEREF",
    /// Pushes the cell object in slot `arg` itself (to build a closure).
    LoadClosure = "LOAD_CLOSURE",
    /// Replaces slot `arg` by a new cell holding its value (or an empty cell).
    MakeCell = "MAKE_CELL",
    /// Copies the function's `arg` closure cells into the last `arg` slots.
    CopyFreeVars = "COPY_FREE_VARS",
    /// Class bodies: looks `localsplus_names[arg]` up in the namespace, else in its cell.
    LoadClassDeref = "LOAD_CLASSDEREF",
    /// Pushes `names[arg]` from locals, then globals, then builtins.
    LoadName = "LOAD_NAME",
    /// Pops into the locals mapping under `names[arg]`.
    StoreName = "STORE_NAME",
    /// Deletes `names[arg]` from the locals mapping.
    DeleteName = "DELETE_NAME",
    /// Pushes `names[arg]` from globals, then builtins.
    LoadGlobal = "LOAD_GLOBAL",
    /// Pops into globals under `names[arg]`.
    StoreGlobal = "STORE_GLOBAL",
    /// Deletes `names[arg]` from globals.
    DeleteGlobal = "DELETE_GLOBAL",
    /// Replaces the top with its attribute `names[arg]`.
    LoadAttr = "LOAD_ATTR",
    /// `obj -- meth, obj` for a method found on the type, else `obj -- attr, NULL`.
    LoadMethod = "LOAD_METHOD",
    /// `value, obj --`: sets attribute `names[arg]`.
    StoreAttr = "STORE_ATTR",
    /// `obj --`: deletes attribute `names[arg]`.
    DeleteAttr = "DELETE_ATTR",
    /// `callable, self_or_null, args[arg] -- result`.
    Call = "CALL",
    /// `callable, self_or_null, args[arg], kwnames -- result`: the last `len(kwnames)` args are
    /// passed by keyword.
    CallKw = "CALL_KW",
    /// `callable, self_or_null, args_tuple, kwargs_dict? -- result`; `arg & 1` says a dict is there.
    CallEx = "CALL_FUNCTION_EX",
    /// `lhs, rhs -- result` for the operator `arg` (see [`BinOp`]).
    BinaryOp = "BINARY_OP",
    /// `value -- -value`.
    UnaryNegative = "UNARY_NEGATIVE",
    /// `value -- +value`.
    UnaryPositive = "UNARY_POSITIVE",
    /// `value -- ~value`.
    UnaryInvert = "UNARY_INVERT",
    /// `value -- not value`.
    UnaryNot = "UNARY_NOT",
    /// `lhs, rhs -- result` for the comparison `arg` (see [`CmpOp`]).
    CompareOp = "COMPARE_OP",
    /// `lhs, rhs -- bool`: `is`, or `is not` when `arg` is 1.
    IsOp = "IS_OP",
    /// `lhs, rhs -- bool`: `in`, or `not in` when `arg` is 1.
    ContainsOp = "CONTAINS_OP",
    /// `container, key -- container[key]`.
    BinarySubscr = "BINARY_SUBSCR",
    /// `value, container, key --`: `container[key] = value`.
    StoreSubscr = "STORE_SUBSCR",
    /// `container, key --`: `del container[key]`.
    DeleteSubscr = "DELETE_SUBSCR",
    /// `start, stop[, step] -- slice`; `arg` is 2 or 3.
    BuildSlice = "BUILD_SLICE",
    /// `items[arg] -- tuple`.
    BuildTuple = "BUILD_TUPLE",
    /// `items[arg] -- list`.
    BuildList = "BUILD_LIST",
    /// `items[arg] -- set`.
    BuildSet = "BUILD_SET",
    /// `(key, value)[arg] -- dict`.
    BuildMap = "BUILD_MAP",
    /// `pieces[arg] -- str`: concatenates strings (f-strings).
    BuildString = "BUILD_STRING",
    /// `value --`: appends to the list `arg` items down (after the pop).
    ListAppend = "LIST_APPEND",
    /// `value --`: adds to the set `arg` items down.
    SetAdd = "SET_ADD",
    /// `key, value --`: stores into the dict `arg` items down.
    MapAdd = "MAP_ADD",
    /// `iterable --`: extends the list `arg` items down.
    ListExtend = "LIST_EXTEND",
    /// `iterable --`: updates the set `arg` items down.
    SetUpdate = "SET_UPDATE",
    /// `mapping --`: updates the dict `arg` items down.
    DictUpdate = "DICT_UPDATE",
    /// `mapping --`: like `DICT_UPDATE`, but a repeated key is a `TypeError` (`**kwargs`).
    DictMerge = "DICT_MERGE",
    /// `list -- tuple`.
    ListToTuple = "LIST_TO_TUPLE",
    /// `value[, spec] -- str`: `format(conv(value), spec)`. `arg & 3`: 0 none, 1 `!s`, 2 `!r`,
    /// 3 `!a`; `arg & 4`: a spec is on the stack.
    FormatValue = "FORMAT_VALUE",
    /// `seq -- items[arg]` (last item on top); a `ValueError` if the length differs.
    UnpackSequence = "UNPACK_SEQUENCE",
    /// `seq -- before items, list, after items`: `arg & 0xff` before the star, `arg >> 8` after.
    UnpackEx = "UNPACK_EX",
    /// Jumps to instruction `arg`.
    Jump = "JUMP",
    /// `value --`: jumps to `arg` if `value` is false.
    PopJumpIfFalse = "POP_JUMP_IF_FALSE",
    /// `value --`: jumps to `arg` if `value` is true.
    PopJumpIfTrue = "POP_JUMP_IF_TRUE",
    /// `value --`: jumps to `arg` if `value` is `None`.
    PopJumpIfNone = "POP_JUMP_IF_NONE",
    /// `value --`: jumps to `arg` if `value` is not `None`.
    PopJumpIfNotNone = "POP_JUMP_IF_NOT_NONE",
    /// Keeps `value` and jumps to `arg` if false, else pops it (`and`).
    JumpIfFalseOrPop = "JUMP_IF_FALSE_OR_POP",
    /// Keeps `value` and jumps to `arg` if true, else pops it (`or`).
    JumpIfTrueOrPop = "JUMP_IF_TRUE_OR_POP",
    /// `iterable -- iterator`.
    GetIter = "GET_ITER",
    /// `iter -- iter, next`; when exhausted pops `iter` and jumps to `arg`.
    ForIter = "FOR_ITER",
    /// `defaults?, kwdefaults?, annotations?, closure?, code -- function`; `arg` flags: 1
    /// defaults tuple, 2 keyword-defaults dict, 4 annotations tuple (name, value, ...), 8
    /// closure tuple of cells.
    MakeFunction = "MAKE_FUNCTION",
    /// Pushes `builtins.__build_class__`.
    LoadBuildClass = "LOAD_BUILD_CLASS",
    /// `level, fromlist -- module`: `__import__(names[arg], ...)`.
    ImportName = "IMPORT_NAME",
    /// `module -- module, attr`: `names[arg]` from the module (or its submodule).
    ImportFrom = "IMPORT_FROM",
    /// `module --`: binds the module's public names in the locals mapping.
    ImportStar = "IMPORT_STAR",
    /// `exc?, cause? --`: `raise` with `arg` operands (0 re-raises the handled exception).
    RaiseVarargs = "RAISE_VARARGS",
    /// `values[arg], exc --`: re-raises `exc`; when `arg` is not 0, the deepest of the `arg`
    /// values below it is the `lasti` to restore for the traceback.
    Reraise = "RERAISE",
    /// `exc -- prev_exc, exc`: makes `exc` the handled exception, saving the previous one.
    PushExcInfo = "PUSH_EXC_INFO",
    /// `prev_exc --`: restores the handled exception.
    PopExcept = "POP_EXCEPT",
    /// `exc, type -- exc, bool`: `isinstance(exc, type)` with `except` clause checks.
    CheckExcMatch = "CHECK_EXC_MATCH",
    /// `exc_group, type -- rest, match`: splits an exception group (`except*`); `match` is
    /// `None` when nothing matched.
    CheckEgMatch = "CHECK_EG_MATCH",
    /// `orig, raised_list -- exc_or_none`: what an `except*` statement re-raises: the
    /// unhandled rest and the exceptions its clauses raised, as one group (CPython's
    /// `_PyExc_PrepReraiseStar`), or `None`.
    PrepReraiseStar = "PREP_RERAISE_STAR",
    /// `exit, lasti, prev_exc, exc -- exit, lasti, prev_exc, exc, result`: calls
    /// `exit(type(exc), exc, exc.__traceback__)`.
    WithExceptStart = "WITH_EXCEPT_START",
    /// `manager -- exit, value`: calls `__enter__`, pushing the bound `__exit__` below its result.
    BeforeWith = "BEFORE_WITH",
    /// `manager -- aexit, awaitable`: as `BEFORE_WITH` for `__aenter__`/`__aexit__`.
    BeforeAsyncWith = "BEFORE_ASYNC_WITH",
    /// Pushes `AssertionError`.
    LoadAssertionError = "LOAD_ASSERTION_ERROR",
    /// Creates `__annotations__` in the locals mapping if missing.
    SetupAnnotations = "SETUP_ANNOTATIONS",
    /// `value --`: `sys.displayhook(value)` (mode `single`).
    PrintExpr = "PRINT_EXPR",
    /// `value -- sent`: suspends the generator, yielding `value`.
    YieldValue = "YIELD_VALUE",
    /// `receiver, value -- receiver, result`: sends `value` into `receiver`; when it returns,
    /// `result` is its return value and control jumps to `arg`.
    Send = "SEND",
    /// `receiver, value -- value`.
    EndSend = "END_SEND",
    /// `iterable -- iterator` for `yield from` (a coroutine passes unchanged).
    GetYieldFromIter = "GET_YIELD_FROM_ITER",
    /// `value -- awaitable`: `arg` 0 plain `await`, 1 after `__aenter__`, 2 after `__aexit__`.
    GetAwaitable = "GET_AWAITABLE",
    /// `aiterable -- aiterator`.
    GetAIter = "GET_AITER",
    /// `aiter -- aiter, awaitable`: `__anext__`.
    GetANext = "GET_ANEXT",
    /// `aiter, exc --`: ends an `async for` on `StopAsyncIteration`, else re-raises.
    EndAsyncFor = "END_ASYNC_FOR",
    /// `sub_iter, last_sent, exc -- none, value`: a `StopIteration` thrown into a `yield from`
    /// gives its value; anything else is re-raised.
    CleanupThrow = "CLEANUP_THROW",
    /// `subject, cls, names -- attrs_or_none`: class pattern with `arg` positional sub-patterns.
    MatchClass = "MATCH_CLASS",
    /// `subject -- subject, bool`: is it a mapping for `match`.
    MatchMapping = "MATCH_MAPPING",
    /// `subject -- subject, bool`: is it a sequence for `match`.
    MatchSequence = "MATCH_SEQUENCE",
    /// `subject, keys -- subject, keys, values_or_none`.
    MatchKeys = "MATCH_KEYS",
    /// `obj -- obj, len(obj)`.
    GetLen = "GET_LEN",
    /// `subject, keys -- rest`: a dict copy of the mapping without `keys` (`**rest`).
    CopyDictWithoutKeys = "COPY_DICT_WITHOUT_KEYS",
    /// `name[, bound_fn][, default_fn] -- param`: a PEP 695 type parameter. `arg & 3`: 0
    /// `TypeVar`, 1 `ParamSpec`, 2 `TypeVarTuple`; `arg & 4`: a function computing the bound
    /// (constraints when `arg & 8`) is on the stack; `arg & 16`: a function computing the
    /// default is. Both are called lazily, as CPython's `evaluate_bound`/`evaluate_default`.
    TypeParam = "TYPE_PARAM",
    /// `func, type_params -- func`: sets `func.__type_params__`.
    SetFunctionTypeParams = "SET_FUNCTION_TYPE_PARAMS",
    /// `type_params -- base`: `typing.Generic[*type_params]`, the implicit base of a generic class.
    SubscriptGeneric = "SUBSCRIPT_GENERIC",
    /// `name, type_params_or_none, value_fn -- alias`: a `typing.TypeAliasType` whose value is
    /// computed by `value_fn` when first asked for.
    TypeAlias = "TYPE_ALIAS",
}

/// Binary operators (operand of `BINARY_OP`): CPython's `NB_*` numbering, in-place forms
/// `+ 13`.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `&`
    And,
    /// `//`
    FloorDivide,
    /// `<<`
    Lshift,
    /// `@`
    MatrixMultiply,
    /// `*`
    Multiply,
    /// `%`
    Remainder,
    /// `|`
    Or,
    /// `**`
    Power,
    /// `>>`
    Rshift,
    /// `-`
    Subtract,
    /// `/`
    TrueDivide,
    /// `^`
    Xor,
}

/// Operand offset of the in-place (`+=`) form of a [`BinOp`].
pub const INPLACE: u32 = 13;

impl BinOp {
    const ALL: [BinOp; 13] = [
        BinOp::Add,
        BinOp::And,
        BinOp::FloorDivide,
        BinOp::Lshift,
        BinOp::MatrixMultiply,
        BinOp::Multiply,
        BinOp::Remainder,
        BinOp::Or,
        BinOp::Power,
        BinOp::Rshift,
        BinOp::Subtract,
        BinOp::TrueDivide,
        BinOp::Xor,
    ];

    /// The operator's spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::And => "&",
            BinOp::FloorDivide => "//",
            BinOp::Lshift => "<<",
            BinOp::MatrixMultiply => "@",
            BinOp::Multiply => "*",
            BinOp::Remainder => "%",
            BinOp::Or => "|",
            BinOp::Power => "**",
            BinOp::Rshift => ">>",
            BinOp::Subtract => "-",
            BinOp::TrueDivide => "/",
            BinOp::Xor => "^",
        }
    }

    /// Decodes a `BINARY_OP` operand: the operator and whether it is the in-place form.
    pub fn from_arg(arg: u32) -> Option<(BinOp, bool)> {
        let inplace = arg >= INPLACE;
        let i = if inplace { arg - INPLACE } else { arg };
        BinOp::ALL.get(i as usize).map(|&op| (op, inplace))
    }
}

/// Comparison operators (operand of `COMPARE_OP`).
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Decodes a `COMPARE_OP` operand.
    pub fn from_arg(arg: u32) -> Option<CmpOp> {
        [
            CmpOp::Lt,
            CmpOp::Le,
            CmpOp::Eq,
            CmpOp::Ne,
            CmpOp::Gt,
            CmpOp::Ge,
        ]
        .get(arg as usize)
        .copied()
    }

    /// The operator's spelling.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

impl Op {
    /// Whether the operand is a jump target.
    pub fn is_jump(self) -> bool {
        matches!(
            self,
            Op::Jump
                | Op::PopJumpIfFalse
                | Op::PopJumpIfTrue
                | Op::PopJumpIfNone
                | Op::PopJumpIfNotNone
                | Op::JumpIfFalseOrPop
                | Op::JumpIfTrueOrPop
                | Op::ForIter
                | Op::Send
        )
    }

    /// Whether control never falls through to the next instruction.
    pub fn is_terminator(self) -> bool {
        matches!(
            self,
            Op::Jump | Op::ReturnValue | Op::RaiseVarargs | Op::Reraise
        )
    }
}

/// The stack effect of `op` with operand `arg`: on the fall-through path, or (`jump`) on the
/// path that jumps.
pub fn stack_effect(op: Op, arg: u32, jump: bool) -> i32 {
    let n = arg as i32;
    match op {
        Op::Nop | Op::Jump => 0,
        Op::PopTop => -1,
        Op::PushNull | Op::Copy => 1,
        Op::Swap => 0,
        Op::LoadConst => 1,
        Op::ReturnValue => -1,
        Op::LoadFast | Op::LoadDeref | Op::LoadClosure | Op::LoadClassDeref => 1,
        Op::StoreFast | Op::StoreDeref => -1,
        Op::DeleteFast | Op::DeleteDeref | Op::MakeCell | Op::CopyFreeVars => 0,
        Op::LoadName | Op::LoadGlobal => 1,
        Op::StoreName | Op::StoreGlobal => -1,
        Op::DeleteName | Op::DeleteGlobal => 0,
        Op::LoadAttr => 0,
        Op::LoadMethod => 1,
        Op::StoreAttr => -2,
        Op::DeleteAttr => -1,
        Op::Call => -1 - n,
        Op::CallKw => -2 - n,
        Op::CallEx => -2 - (n & 1),
        Op::BinaryOp | Op::CompareOp | Op::IsOp | Op::ContainsOp | Op::BinarySubscr => -1,
        Op::UnaryNegative | Op::UnaryPositive | Op::UnaryInvert | Op::UnaryNot => 0,
        Op::StoreSubscr => -3,
        Op::DeleteSubscr => -2,
        Op::BuildSlice => 1 - n,
        Op::BuildTuple | Op::BuildList | Op::BuildSet | Op::BuildString => 1 - n,
        Op::BuildMap => 1 - 2 * n,
        Op::ListAppend | Op::SetAdd | Op::ListExtend | Op::SetUpdate => -1,
        Op::DictUpdate | Op::DictMerge => -1,
        Op::MapAdd => -2,
        Op::ListToTuple => 0,
        Op::FormatValue => {
            if arg & 4 != 0 {
                -1
            } else {
                0
            }
        }
        Op::UnpackSequence => n - 1,
        Op::UnpackEx => (n & 0xff) + (n >> 8),
        Op::PopJumpIfFalse | Op::PopJumpIfTrue | Op::PopJumpIfNone | Op::PopJumpIfNotNone => -1,
        Op::JumpIfFalseOrPop | Op::JumpIfTrueOrPop => {
            if jump {
                0
            } else {
                -1
            }
        }
        Op::GetIter => 0,
        Op::ForIter => {
            if jump {
                -1
            } else {
                1
            }
        }
        Op::MakeFunction => -((arg & 0xf).count_ones() as i32),
        Op::LoadBuildClass => 1,
        Op::ImportName => -1,
        Op::ImportFrom => 1,
        Op::ImportStar => -1,
        Op::RaiseVarargs => -n,
        Op::Reraise => -1,
        Op::PushExcInfo => 1,
        Op::PopExcept => -1,
        Op::CheckExcMatch | Op::CheckEgMatch => 0,
        Op::PrepReraiseStar => -1,
        Op::WithExceptStart => 1,
        Op::BeforeWith | Op::BeforeAsyncWith => 1,
        Op::LoadAssertionError => 1,
        Op::SetupAnnotations => 0,
        Op::PrintExpr => -1,
        Op::YieldValue => 0,
        Op::Send => 0,
        Op::EndSend => -1,
        Op::GetYieldFromIter | Op::GetAwaitable | Op::GetAIter => 0,
        Op::GetANext => 1,
        Op::EndAsyncFor => -2,
        Op::CleanupThrow => -1,
        Op::MatchClass => -2,
        Op::MatchMapping | Op::MatchSequence | Op::GetLen | Op::MatchKeys => 1,
        Op::CopyDictWithoutKeys => -1,
        Op::TypeParam => -i32::from(arg & 4 != 0) - i32::from(arg & 16 != 0),
        Op::SetFunctionTypeParams => -1,
        Op::SubscriptGeneric => 0,
        Op::TypeAlias => -2,
    }
}
