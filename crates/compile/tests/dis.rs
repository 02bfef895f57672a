//! Snapshots of `dis` over the programs in `tests/programs/`, one per construct family, and
//! checks of the instruction shapes of key constructs.

use subinterp_compile::{Code, Mode, Op, compile, dis, dis_source};

#[test]
fn programs() {
    insta::glob!("programs/*.py", |path| {
        let src = std::fs::read_to_string(path).expect("readable");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("program");
        let code = compile(&src, name, Mode::Exec).expect("compiles");
        insta::assert_snapshot!(dis(&code));
    });
}

fn ops(code: &Code) -> Vec<Op> {
    code.instructions.iter().map(|i| i.op).collect()
}

fn child<'a>(code: &'a Code, name: &str) -> &'a Code {
    code.children()
        .find(|c| &*c.name == name)
        .unwrap_or_else(|| panic!("no child {name}"))
}

#[test]
fn method_calls_use_load_method() {
    let code = compile("obj.m(1)\n", "t.py", Mode::Exec).unwrap();
    assert_eq!(
        ops(&code)[..4],
        [Op::LoadName, Op::LoadMethod, Op::LoadConst, Op::Call]
    );
}

#[test]
fn function_locals_are_fast_and_closures_are_cells() {
    let code = compile(
        "def f(a):\n    b = a\n    def g():\n        return b\n    return g\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let f = child(&code, "f");
    assert_eq!(f.instructions[0].op, Op::MakeCell);
    assert!(ops(f).contains(&Op::LoadFast));
    assert!(ops(f).contains(&Op::StoreDeref));
    assert!(ops(f).contains(&Op::LoadClosure));
    let g = child(f, "g");
    assert_eq!(g.instructions[0].op, Op::CopyFreeVars);
    assert_eq!(g.freevars().map(|n| &**n).collect::<Vec<_>>(), ["b"]);
    assert!(ops(g).contains(&Op::LoadDeref));
}

#[test]
fn try_except_has_an_exception_table_and_no_block_ops() {
    let code = compile(
        "try:\n    f()\nexcept E as e:\n    g(e)\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    assert!(!code.exception_table.is_empty());
    let body = code.handler_for(0).or_else(|| code.handler_for(1)).unwrap();
    assert_eq!(code.instructions[body.handler as usize].op, Op::PushExcInfo);
    assert!(ops(&code).contains(&Op::CheckExcMatch));
}

#[test]
fn generator_flags_and_yield() {
    let code = compile(
        "def g():\n    yield 1\nasync def c():\n    await x\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let g = child(&code, "g");
    assert!(g.flags.has(subinterp_compile::CodeFlags::GENERATOR));
    assert!(ops(g).contains(&Op::YieldValue));
    let c = child(&code, "c");
    assert!(c.flags.has(subinterp_compile::CodeFlags::COROUTINE));
    assert!(ops(c).contains(&Op::GetAwaitable));
    assert!(ops(c).contains(&Op::Send));
}

#[test]
fn class_bodies_with_super_get_a_class_cell() {
    let code = compile(
        "class C:\n    def m(self):\n        return super().m()\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let c = child(&code, "C");
    assert_eq!(
        c.cellvars().map(|n| &**n).collect::<Vec<_>>(),
        ["__class__"]
    );
    assert!(c.names.iter().any(|n| &**n == "__classcell__"));
    let m = child(c, "m");
    assert_eq!(
        m.freevars().map(|n| &**n).collect::<Vec<_>>(),
        ["__class__"]
    );
    assert_eq!(ops(&code)[0], Op::LoadBuildClass);
}

#[test]
fn eval_and_single_modes() {
    let code = compile("1 + x", "t.py", Mode::Eval).unwrap();
    assert_eq!(*ops(&code).last().unwrap(), Op::ReturnValue);
    let code = compile("x\n", "t.py", Mode::Single).unwrap();
    assert!(ops(&code).contains(&Op::PrintExpr));
    // One line of simple statements is one interactive statement, as in CPython.
    let code = compile("x = 1; x; None\n", "t.py", Mode::Single).unwrap();
    assert_eq!(
        ops(&code).iter().filter(|op| **op == Op::PrintExpr).count(),
        2
    );
    let e = compile("x = 1; y = 2\nz\n", "t.py", Mode::Single).unwrap_err();
    assert_eq!(
        e.message(),
        "multiple statements found while compiling a single statement"
    );
}

#[test]
fn line_table_and_stack_depth() {
    let code = compile("a = 1\n\nb = (1, 2)\nc = [x, y, z]\n", "t.py", Mode::Exec).unwrap();
    assert_eq!(code.line_of(0), Some(1));
    let last = code.instructions.len() as u32 - 1;
    assert_eq!(code.line_of(last), Some(4));
    assert_eq!(code.max_stack, 3);
}

#[test]
fn dis_of_a_string() {
    let text = dis_source("x = 1\n", "t.py", Mode::Exec).unwrap();
    assert!(text.contains("LOAD_CONST"));
    assert!(text.contains("STORE_NAME"));
}

#[test]
fn instructions_carry_the_line_of_their_expression() {
    let code = compile(
        "x = f(\n    a,\n    b.c)\ny = (1 +\n     g())\n",
        "t.py",
        Mode::Exec,
    )
    .unwrap();
    let line = |op: Op, nth: usize| {
        let i = code
            .instructions
            .iter()
            .enumerate()
            .filter(|(_, ins)| ins.op == op)
            .nth(nth)
            .map(|(i, _)| i as u32)
            .unwrap();
        code.line_of(i).unwrap()
    };
    assert_eq!(line(Op::LoadAttr, 0), 3);
    assert_eq!(
        line(Op::Call, 0),
        1,
        "a call is reported on the line where it starts"
    );
    assert_eq!(line(Op::StoreName, 0), 1);
    assert_eq!(line(Op::Call, 1), 5);
    assert_eq!(line(Op::BinaryOp, 0), 4);
}
