//! The disassembler: a code object and its nested ones as text, in this format:
//!
//! ```text
//! code <module> (qualname <module>) m.py:1
//!   flags: 0x00000000 args 0 posonly 0 kwonly 0 stack 2
//!   slots: x [local arg], y [cell]
//!   names: print
//!   line  index  operation            arg  meaning
//!      1      0  LOAD_CONST             0  (1)
//!          >> 1  RETURN_VALUE
//!   exception table:
//!     2..5 -> 7 depth 1 lasti
//! ```
//!
//! A line number is printed where it changes; `>>` marks a jump target; the meaning column
//! resolves the operand (constant, name, slot, jump target, operator). Nested code objects
//! follow their parent, each after a blank line, in constant-pool order, depth first.

use std::fmt::Write;

use crate::bytecode::{BinOp, CmpOp, Op};
use crate::code::{Code, Constant, LocalKind};
use crate::{CompileError, Mode, compile};

/// Compiles `source` and disassembles the result.
pub fn dis_source(source: &str, filename: &str, mode: Mode) -> Result<String, CompileError> {
    Ok(dis(&*compile(source, filename, mode)?))
}

/// Disassembles `code` and its nested code objects.
pub fn dis(code: &Code) -> String {
    let mut out = String::new();
    dis_into(code, &mut out);
    out
}

fn dis_into(code: &Code, out: &mut String) {
    let _ = writeln!(
        out,
        "code {} (qualname {}) {}:{}",
        code.name, code.qualname, code.filename, code.first_line
    );
    let _ = writeln!(
        out,
        "  flags: 0x{:08x} args {} posonly {} kwonly {} stack {}",
        code.flags.0, code.arg_count, code.posonly_count, code.kwonly_count, code.max_stack
    );
    if !code.localsplus_names.is_empty() {
        let slots: Vec<String> = code
            .localsplus_names
            .iter()
            .zip(code.localsplus_kinds.iter())
            .map(|(n, k)| format!("{n} [{}]", kind_text(*k)))
            .collect();
        let _ = writeln!(out, "  slots: {}", slots.join(", "));
    }
    if !code.names.is_empty() {
        let names: Vec<&str> = code.names.iter().map(|n| &**n).collect();
        let _ = writeln!(out, "  names: {}", names.join(", "));
    }
    let targets: std::collections::HashSet<u32> = code
        .instructions
        .iter()
        .filter(|i| i.op.is_jump())
        .map(|i| i.arg)
        .chain(code.exception_table.iter().map(|e| e.handler))
        .collect();
    let _ = writeln!(out, "  line  index  operation            arg  meaning");
    let mut last_line = None;
    for (i, instr) in code.instructions.iter().enumerate() {
        let i = i as u32;
        let line = code.line_of(i);
        let line_text = if line != last_line {
            last_line = line;
            line.map_or_else(|| "--".to_string(), |l| l.to_string())
        } else {
            String::new()
        };
        let mark = if targets.contains(&i) { ">>" } else { "  " };
        let meaning = meaning(code, instr.op, instr.arg);
        let arg = if has_arg(instr.op) {
            instr.arg.to_string()
        } else {
            String::new()
        };
        let row = format!(
            "  {line_text:>4}  {mark}{i:>4}  {:<20} {arg:>4}  {meaning}",
            instr.op.name()
        );
        let _ = writeln!(out, "{}", row.trim_end());
    }
    if !code.exception_table.is_empty() {
        let _ = writeln!(out, "  exception table:");
        for e in code.exception_table.iter() {
            let _ = writeln!(
                out,
                "    {}..{} -> {} depth {}{}",
                e.start,
                e.end,
                e.handler,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
    for child in code.children() {
        out.push('\n');
        dis_into(child, out);
    }
}

fn kind_text(k: LocalKind) -> String {
    let mut parts = Vec::new();
    if k.has(LocalKind::LOCAL) {
        parts.push("local");
    }
    if k.has(LocalKind::ARG) {
        parts.push("arg");
    }
    if k.has(LocalKind::CELL) {
        parts.push("cell");
    }
    if k.has(LocalKind::FREE) {
        parts.push("free");
    }
    parts.join(" ")
}

fn has_arg(op: Op) -> bool {
    !matches!(
        op,
        Op::Nop
            | Op::PopTop
            | Op::PushNull
            | Op::ReturnValue
            | Op::UnaryNegative
            | Op::UnaryPositive
            | Op::UnaryInvert
            | Op::UnaryNot
            | Op::BinarySubscr
            | Op::StoreSubscr
            | Op::DeleteSubscr
            | Op::ListToTuple
            | Op::GetIter
            | Op::LoadBuildClass
            | Op::ImportStar
            | Op::PushExcInfo
            | Op::PopExcept
            | Op::CheckExcMatch
            | Op::CheckEgMatch
            | Op::PrepReraiseStar
            | Op::WithExceptStart
            | Op::BeforeWith
            | Op::BeforeAsyncWith
            | Op::LoadAssertionError
            | Op::SetupAnnotations
            | Op::PrintExpr
            | Op::YieldValue
            | Op::EndSend
            | Op::GetYieldFromIter
            | Op::GetAIter
            | Op::GetANext
            | Op::EndAsyncFor
            | Op::CleanupThrow
            | Op::MatchMapping
            | Op::MatchSequence
            | Op::MatchKeys
            | Op::GetLen
            | Op::CopyDictWithoutKeys
            | Op::SetFunctionTypeParams
            | Op::SubscriptGeneric
            | Op::TypeAlias
    )
}

fn meaning(code: &Code, op: Op, arg: u32) -> String {
    let slot = || {
        code.localsplus_names
            .get(arg as usize)
            .map_or_else(|| "?".to_string(), |n| format!("({n})"))
    };
    let name = || {
        code.names
            .get(arg as usize)
            .map_or_else(|| "?".to_string(), |n| format!("({n})"))
    };
    match op {
        Op::LoadConst => code
            .consts
            .get(arg as usize)
            .map_or_else(|| "?".into(), |c| format!("({})", const_repr(c))),
        Op::LoadFast
        | Op::StoreFast
        | Op::DeleteFast
        | Op::LoadDeref
        | Op::StoreDeref
        | Op::DeleteDeref
        | Op::LoadClosure
        | Op::MakeCell
        | Op::LoadClassDeref => slot(),
        Op::LoadName
        | Op::StoreName
        | Op::DeleteName
        | Op::LoadGlobal
        | Op::StoreGlobal
        | Op::DeleteGlobal
        | Op::LoadAttr
        | Op::LoadMethod
        | Op::StoreAttr
        | Op::DeleteAttr
        | Op::ImportName
        | Op::ImportFrom => name(),
        Op::BinaryOp => BinOp::from_arg(arg).map_or_else(String::new, |(b, inplace)| {
            format!("({}{})", b.symbol(), if inplace { "=" } else { "" })
        }),
        Op::CompareOp => {
            CmpOp::from_arg(arg).map_or_else(String::new, |c| format!("({})", c.symbol()))
        }
        Op::IsOp => (if arg == 1 { "(is not)" } else { "(is)" }).into(),
        Op::ContainsOp => (if arg == 1 { "(not in)" } else { "(in)" }).into(),
        Op::FormatValue => {
            let conv = ["", "!s", "!r", "!a"][(arg & 3) as usize];
            let spec = if arg & 4 != 0 { " with spec" } else { "" };
            if conv.is_empty() && spec.is_empty() {
                String::new()
            } else {
                format!("({}{spec})", conv.trim_start())
            }
        }
        Op::UnpackEx => format!("({} before, {} after)", arg & 0xff, arg >> 8),
        Op::MakeFunction => {
            let mut parts = Vec::new();
            for (bit, text) in [
                (1, "defaults"),
                (2, "kwdefaults"),
                (4, "annotations"),
                (8, "closure"),
            ] {
                if arg & bit != 0 {
                    parts.push(text);
                }
            }
            if parts.is_empty() {
                String::new()
            } else {
                format!("({})", parts.join(", "))
            }
        }
        op if op.is_jump() => format!("(to {arg})"),
        _ => String::new(),
    }
}

/// A Python-like repr of a constant.
pub(crate) fn const_repr(c: &Constant) -> String {
    match c {
        Constant::None => "None".into(),
        Constant::Bool(true) => "True".into(),
        Constant::Bool(false) => "False".into(),
        Constant::Int(i) => i.to_string(),
        Constant::BigInt(b) => b.to_string(),
        Constant::Float(f) => float_repr(*f),
        Constant::Complex { re, im } => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", float_repr(*im))
            } else {
                format!(
                    "({}{}{}j)",
                    float_repr(*re),
                    if *im < 0.0 || im.is_sign_negative() {
                        ""
                    } else {
                        "+"
                    },
                    float_repr(*im)
                )
            }
        }
        Constant::Str(s) => str_repr(s),
        Constant::Bytes(b) => {
            let mut out = String::from("b'");
            for &byte in b.iter() {
                match byte {
                    b'\'' => out.push_str("\\'"),
                    b'\\' => out.push_str("\\\\"),
                    b'\n' => out.push_str("\\n"),
                    b'\t' => out.push_str("\\t"),
                    b'\r' => out.push_str("\\r"),
                    0x20..=0x7e => out.push(byte as char),
                    _ => {
                        let _ = write!(out, "\\x{byte:02x}");
                    }
                }
            }
            out.push('\'');
            out
        }
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Constant::FrozenSet(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            format!("frozenset({{{}}})", parts.join(", "))
        }
        Constant::Code(code) => format!("<code object {} line {}>", code.name, code.first_line),
    }
}

fn float_repr(f: f64) -> String {
    if f.is_nan() {
        "nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { "inf".into() } else { "-inf".into() }
    } else if f == f.trunc() && f.abs() < 1e16 {
        format!("{f:.1}")
    } else {
        format!("{f}")
    }
}

fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}
