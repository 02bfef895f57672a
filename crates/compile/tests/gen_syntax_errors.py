"""Generates tests/data/syntax_errors.json: CPython 3.13's SyntaxError (class, message, line,
offset) for common mistakes, so the Rust test (tests/syntax_errors.rs) needs no CPython.

Run: /root/.pyenv/versions/3.13.0/bin/python3 crates/compile/tests/gen_syntax_errors.py
"""
import json
import os
import sys

assert sys.version_info[:2] == (3, 13), "generate with CPython 3.13"

CASES = {
    "unterminated_string": "x = 'abc\n",
    "unterminated_string_line2": "a = 1\nb = \"abc\n",
    "unterminated_triple": "x = '''abc\ndef\n",
    "unexpected_indent": "x = 1\n    y = 2\n",
    "unindent_mismatch": "if x:\n        a = 1\n    b = 2\n",
    "expected_block_if": "if x:\npass\n",
    "expected_block_def": "def f():\nreturn 1\n",
    "expected_block_for": "for i in x:\nprint(i)\n",
    "expected_block_while": "while x:\nbreak\n",
    "expected_block_class": "class C:\nx = 1\n",
    "expected_block_with": "with a:\npass\n",
    "expected_block_try": "try:\nx = 1\nexcept:\n    pass\n",
    "expected_block_elif": "if a:\n    pass\nelif b:\npass\n",
    "expected_block_else": "if a:\n    pass\nelse:\npass\n",
    "invalid_syntax": "x = = 1\n",
    "invalid_syntax_keyword": "class = 1\n",
    "never_closed_paren": "x = (1, 2\n",
    "never_closed_bracket": "x = [1, 2\ny = 3\n",
    "never_closed_brace": "d = {1: 2\n",
    "unmatched_paren": "x = 1)\n",
    "unmatched_bracket": "x = 1]\n",
    "mismatched_close": "x = (1, 2]\n",
    "mismatched_close_brace": "x = [1, 2}\n",
    "expected_colon_if": "if x\n    pass\n",
    "expected_colon_def": "def f()\n    pass\n",
    "expected_colon_while": "while x\n    pass\n",
    "expected_colon_class": "class C\n    pass\n",
    "forgot_comma": "x = [1 2]\n",
    "forgot_comma_call": "f(a b)\n",
    "assign_literal": "1 = x\n",
    "assign_call": "f() = 1\n",
    "assign_call_in_if": "if f() = 1:\n    pass\n",
    "augassign_target": "f() += 1\n",
    "augassign_tuple": "a, b += 1\n",
    "positional_after_keyword": "f(a=1, 2)\n",
    "keyword_repeated": "f(a=1, a=2)\n",
    "return_outside": "return 1\n",
    "break_outside": "break\n",
    "continue_outside": "continue\n",
    "yield_outside": "yield 1\n",
    "await_outside": "await x\n",
    "await_outside_async": "def f():\n    await x\n",
    "nonlocal_module": "nonlocal x\n",
    "param_global": "def f(x):\n    global x\n",
    "no_binding_nonlocal": "def f():\n    nonlocal x\n",
    "duplicate_argument": "def f(a, a):\n    pass\n",
    "default_after": "def f(a=1, b):\n    pass\n",
    "assign_none": "None = 1\n",
    "assign_true": "True = 1\n",
    "delete_literal": "del 1\n",
    "delete_call": "del f()\n",
    "star_alone": "*a = 1\n",
    "star_two": "*a, *b = c\n",
    "lambda_default_order": "lambda a=1, b: 0\n",
    "missing_expression": "x = \n",
    "trailing_operator": "x = 1 +\n",
    "unclosed_fstring": "f'{x'\n",
    "walrus_at_statement": "x := 1\n",
    "invalid_decimal": "x = 1abc\n",
    "leading_zero": "x = 012\n",
    "print_statement": "print 'hello'\n",
    "else_without_if": "else:\n    pass\n",
    "import_star_function": "def f():\n    from os import *\n",
    "async_outside": "async with x:\n    pass\n",
    "future_late": "x = 1\nfrom __future__ import annotations\n",
    "future_unknown": "from __future__ import nope\n",
    "too_many_parens": "(" * 201 + ")" * 201 + "\n",
    "too_deep_indent": "".join(" " * i + "if x:\n" for i in range(101)) + " " * 101 + "pass\n",
    "tab_error": "if x:\n\ta = 1\n        b = 2\n",
    "return_in_class": "class C:\n    return 1\n",
    "default_except_not_last": "try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
    "multiple_starred": "a, *b, *c = d\n",
    "except_star_break": "for x in y:\n    try:\n        pass\n    except* E:\n        break\n",
    "except_star_return": "def f():\n    try:\n        pass\n    except* E:\n        return 1\n",
    "nul_byte": "x = 1\0\n",
}


def main():
    result = {}
    for name, src in CASES.items():
        try:
            compile(src, "t.py", "exec")
        except SyntaxError as e:
            result[name] = {
                "source": src,
                "class": type(e).__name__,
                "message": e.msg,
                "lineno": e.lineno,
                "offset": e.offset,
            }
        else:
            raise SystemExit(f"{name}: compiles")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "data", "syntax_errors.json"), "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")


main()
