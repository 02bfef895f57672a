# A compile error raised by exec/eval/compile is a SyntaxError whose attributes and str() are
# CPython's: SyntaxError(msg, (filename, lineno, offset, text, end_lineno, end_offset)).
def show(src, filename="<string>", mode="exec"):
    try:
        compile(src, filename, mode)
    except SyntaxError as e:
        print(type(e).__name__, "|", e, "|", e.msg)
        print("  ", e.filename, e.lineno, e.offset, repr(e.text))
        print("  ", e.args[0], e.args[1][:4])


show("a b")
show("x = 1\ny = (1,", "prog.py")
show("if True:\nx = 1", "/some/dir/mod.py")
show("x = = 2", "eq.py")

try:
    exec("for")
except SyntaxError as e:
    print("exec:", e.lineno, e.offset, repr(e.text), e.filename)
try:
    eval("(")
except SyntaxError as e:
    print("eval:", e.msg, e.lineno)

# Made by hand, the attributes come from the arguments as CPython's __init__ stores them.
e = SyntaxError("m", ("f.py", 3, 2, "t\n", 3, 4))
print(e, e.args, e.msg, e.filename, e.lineno, e.offset, repr(e.text), e.end_lineno, e.end_offset)
e = SyntaxError("only a message")
print(e, e.msg, e.filename, e.lineno, e.offset, e.text, e.print_file_and_line)
e = SyntaxError()
print(repr(str(e)), e.msg, e.lineno)
e = IndentationError("bad", ("g.py", 7, 1, "  x\n", 7, 2))
print(e, e.lineno, isinstance(e, SyntaxError))
# Other exceptions do not grow these attributes.
print(hasattr(ValueError("x"), "lineno"), hasattr(KeyError(), "msg"))
