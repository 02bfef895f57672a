"""Generates tests/data/symtable.json: CPython 3.13's symbol-table decisions for a set of
scoping cases, so the Rust test (tests/symtable.rs) needs no CPython.

Run: /root/.pyenv/versions/3.13.0/bin/python3 crates/compile/tests/gen_symtable.py
"""
import json
import os
import symtable
import sys

assert sys.version_info[:2] == (3, 13), "generate with CPython 3.13"

SCOPES = {1: "local", 2: "global_explicit", 3: "global_implicit", 4: "free", 5: "cell"}

CASES = {
    "module_names": "x = 1\nprint(x, y)\n",
    "function_locals": "def f(a, b=1, *args, c, **kw):\n    d = a + b\n    return d, e\n",
    "global_decl": "def f():\n    global g\n    g = 1\n    return h\n",
    "closure": "def f():\n    x = 1\n    def g():\n        return x\n    return g\n",
    "nonlocal": "def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n    return g\n",
    "deep_free": "def f():\n    x = 1\n    def g():\n        def h():\n            return x\n        return h\n    return g\n",
    "class_no_closure": "def f():\n    x = 1\n    class C:\n        x = 2\n        def m(self):\n            return x\n    return C\n",
    "class_free_load": "def f():\n    y = 1\n    class C:\n        z = y\n    return C\n",
    "super_cell": "class C:\n    def m(self):\n        return super().m()\n",
    "dunder_class": "class C:\n    def m(self):\n        return __class__\n",
    "lambda_free": "def f(n):\n    return lambda x: x + n\n",
    "lambda_defaults": "def f(n):\n    return lambda x=n: x\n",
    "genexp_scope": "def f(xs, k):\n    return sum(x * k for x in xs)\n",
    "listcomp_inlined": "def f(xs, k):\n    return [x * k for x in xs]\n",
    "dictcomp_class": "class C:\n    ks = [1]\n    d = {k: 0 for k in ks}\n",
    "genexp_module": "ys = list(x for x in range(3))\n",
    "walrus_module_comp": "[y := i for i in range(3)]\n",
    "global_in_class": "class C:\n    global g\n    g = 1\n",
    "import_binding": "def f():\n    import os.path\n    from sys import argv as a\n    return os, a\n",
    "except_name": "def f():\n    try:\n        pass\n    except E as e:\n        return e\n",
    "match_capture": "def f(p):\n    match p:\n        case [a, *rest]:\n            return a, rest\n        case {'k': v, **kw}:\n            return v, kw\n        case C(x=xx) | D(xx):\n            return xx\n",
    "annotations_function": "def f(x: int) -> str:\n    y: list = []\n    z: int\n    return y\n",
    "annotations_module": "a: int = 1\nb: str\n",
    "with_target": "def f():\n    with open(p) as (a, b):\n        return a, b\n",
    "for_target": "def f(xs):\n    for i, (j, k) in xs:\n        pass\n    return i\n",
    "del_name": "def f():\n    x = 1\n    del x\n",
    "nested_class_method_free": "def outer():\n    v = 1\n    class A:\n        def m(self):\n            return v\n    return A\n",
    "free_through_class": "def f():\n    a = 1\n    class C:\n        def g(self):\n            return a\n        a = 2\n    return C\n",
    "nonlocal_through_levels": "def f():\n    x = 0\n    def g():\n        def h():\n            nonlocal x\n            x += 1\n        return h\n    return g\n",
    "global_shadow_nested": "x = 0\ndef f():\n    global x\n    def g():\n        return x\n    return g\n",
    "async_def": "async def f(a):\n    async with a as b:\n        await b\n    async for c in a:\n        pass\n    return c\n",
    "decorators": "@dec\ndef f():\n    pass\n@dec2(arg)\nclass C:\n    pass\n",
    "star_targets": "def f(it):\n    a, *b, c = it\n    return b\n",
    "augassign_global": "n = 0\ndef f():\n    global n\n    n += 1\n",
    "walrus_in_function_comp": "def f(xs):\n    if any((hit := x) > 0 for x in xs):\n        return hit\n",
    "lambda_in_class": "class C:\n    x = 1\n    f = lambda: x\n",
    "class_comprehension_outer_iter": "class C:\n    xs = [1]\n    ys = list(y for y in xs)\n",
    "del_free_var": "def f():\n    x = 1\n    def g():\n        nonlocal x\n        del x\n    return g\n",
    "method_uses_class_name": "class C:\n    def m(self):\n        return C\n",
    "default_args_enclosing": "def outer(v):\n    def f(a=v, *, b=v):\n        return a\n    return f\n",
    "super_in_nested_function": "class C:\n    def m(self):\n        def inner():\n            return super()\n        return inner\n",
    "class_in_class_dunder": "class A:\n    class B:\n        def m(self):\n            return __class__\n",
    "global_then_nested_assign": "def f():\n    global x\n    def g():\n        x = 1\n        return x\n    return g\n",
    "class_free_and_local_same_name": "def f():\n    x = 1\n    class C:\n        y = x\n        x = 2\n    return C\n",
    "lambda_default_from_class": "class C:\n    k = 2\n    f = lambda v=k: v\n",
    "nested_genexp_free": "def f(rows, n):\n    return list(sum(c * n for c in r) for r in rows)\n",
    "try_finally_names": "def f():\n    try:\n        a = 1\n    finally:\n        b = 2\n    return a, b\n",
    "match_or_names": "def f(p):\n    match p:\n        case (1, q) | (q, 2):\n            return q\n",
    "import_as_dotted": "def f():\n    import a.b.c as d\n    return d\n",
    "async_comprehension": "async def f(a):\n    return [x async for x in a]\n",
    "yield_in_nested": "def f():\n    def g():\n        yield 1\n    return g\n",
    "generic_function": "def first[T](items: list[T], d=None) -> T:\n    return items[0]\n",
    "generic_class": "class Box[T: int, *Ts](Base):\n    def get(self) -> T:\n        return super().get()\n",
    "type_alias": "type Pair[A] = tuple[A, A]\ntype Plain = int\n",
    # Errors: CPython's texts and lines.
    "err_param_global": "def f(x):\n    global x\n",
    "err_param_nonlocal": "def f(x):\n    nonlocal x\n",
    "err_nonlocal_module": "nonlocal x\n",
    "err_no_binding": "def f():\n    nonlocal x\n",
    "err_no_binding_global": "x = 1\ndef f():\n    nonlocal x\n",
    "err_used_prior_global": "def f():\n    print(x)\n    global x\n",
    "err_assigned_before_global": "def f():\n    x = 1\n    global x\n",
    "err_used_prior_nonlocal": "def f():\n    x = 1\n    def g():\n        print(x)\n        nonlocal x\n",
    "err_annotated_global": "def f():\n    global x\n    x: int = 1\n",
    "err_yield_outside": "yield 1\n",
    "err_yield_class": "class C:\n    yield 1\n",
    "err_await_outside": "await x\n",
    "err_await_not_async": "def f():\n    await x\n",
    "err_yield_in_listcomp": "def f():\n    return [(yield x) for x in y]\n",
    "err_duplicate_argument": "def f(a, a):\n    pass\n",
    "err_import_star_function": "def f():\n    from os import *\n",
    "err_walrus_rebind_iter": "[i := 0 for i in range(3)]\n",
    "err_walrus_in_class_comp": "class C:\n    [y := 1 for x in range(3)]\n",
    "err_walrus_comp_iterable": "[x for x in (y := [1])]\n",
}


def walk(table, path, out):
    syms = {}
    for s in table.get_symbols():
        syms[s.get_name()] = SCOPES[s._Symbol__scope]
    out[path] = {"type": table.get_type().value if hasattr(table.get_type(), "value") else str(table.get_type()), "symbols": syms}
    seen = {}
    for child in table.get_children():
        name = child.get_name()
        n = seen.get(name, 0)
        seen[name] = n + 1
        walk(child, f"{path}/{name}" + (f"#{n}" if n else ""), out)


def main():
    result = {}
    for name, src in CASES.items():
        try:
            table = symtable.symtable(src, "t.py", "exec")
        except SyntaxError as e:
            result[name] = {"source": src, "error": e.msg, "lineno": e.lineno}
            continue
        # Some scope errors ('yield' outside function, ...) come from CPython's compiler, not
        # its symtable: record those as the case's expected error.
        try:
            compile(src, "t.py", "exec")
        except SyntaxError as e:
            result[name] = {"source": src, "error": e.msg, "lineno": e.lineno}
            continue
        scopes = {}
        walk(table, "top", scopes)
        result[name] = {"source": src, "scopes": scopes}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "data", "symtable.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


main()
