//! f-strings: literal pieces joined, replacement fields formatted with `FORMAT_VALUE`
//! (conversion and nested format spec), `=` debug text, and one `BUILD_STRING`.

use ruff_python_ast::{self as ast, InterpolatedStringElement};
use ruff_text_size::Ranged;

use super::{Compiler, R};
use crate::bytecode::Op;
use crate::code::Constant;

impl<'a, 's> Compiler<'a, 's> {
    pub(super) fn fstring(&mut self, f: &'a ast::ExprFString) -> R {
        let mut pieces = 0u32;
        let mut pending = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => pending.push_str(&s.value),
                ast::FStringPart::FString(fs) => {
                    self.fstring_elements(&fs.elements, &mut pending, &mut pieces)?;
                }
            }
        }
        if !pending.is_empty() || pieces == 0 {
            self.load_const(Constant::Str(pending.as_str().into()));
            pieces += 1;
        }
        if pieces > 1 {
            self.emit(Op::BuildString, pieces);
        }
        Ok(())
    }

    pub(super) fn fstring_elements(
        &mut self,
        elements: &'a ast::InterpolatedStringElements,
        pending: &mut String,
        pieces: &mut u32,
    ) -> R {
        for el in elements.iter() {
            match el {
                InterpolatedStringElement::Literal(l) => pending.push_str(&l.value),
                InterpolatedStringElement::Interpolation(i) => {
                    if let Some(debug) = &i.debug_text {
                        pending.push_str(debug.leading());
                        let r = i.expression.range();
                        pending
                            .push_str(&self.source.text[r.start().to_usize()..r.end().to_usize()]);
                        pending.push_str(debug.trailing());
                    }
                    if !pending.is_empty() {
                        self.load_const(Constant::Str(pending.as_str().into()));
                        *pieces += 1;
                        pending.clear();
                    }
                    self.expr(&i.expression)?;
                    let mut flags = match i.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    if i.debug_text.is_some() && flags == 0 && i.format_spec.is_none() {
                        flags = 2;
                    }
                    if let Some(spec) = &i.format_spec {
                        let mut inner_pending = String::new();
                        let mut inner = 0u32;
                        self.fstring_elements(&spec.elements, &mut inner_pending, &mut inner)?;
                        if !inner_pending.is_empty() || inner == 0 {
                            self.load_const(Constant::Str(inner_pending.as_str().into()));
                            inner += 1;
                        }
                        if inner > 1 {
                            self.emit(Op::BuildString, inner);
                        }
                        flags |= 4;
                    }
                    self.emit(Op::FormatValue, flags);
                    *pieces += 1;
                }
            }
        }
        Ok(())
    }
}
