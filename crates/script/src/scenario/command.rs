//! One scenario line: a runtime command or `INTERP> STATEMENTS`.

use super::ScenarioErrorKind as E;

const RUNTIME: &str = "runtime finalize | runtime init [frozen_modules=on|off]";
const INTERP: &str = "interp new NAME [PRESET] [FIELD=VALUE ...] | interp end NAME | \
                      interp list | interp config NAME";
const INTERP_NEW: &str = "interp new NAME [PRESET] [FIELD=VALUE ...]";
const INTERP_END: &str = "interp end NAME";
const INTERP_LIST: &str = "interp list";
const INTERP_CONFIG: &str = "interp config NAME";
const QUEUE_NEW: &str = "queue new NAME [maxsize=N] [unbound=marker|error|remove]";
const SHARE: &str = "share NAME with INTERP [as VAR]";

/// What a scenario line says.
#[derive(Clone, PartialEq, Debug)]
pub enum Command {
    /// `runtime finalize`: ends every sub-interpreter, then the runtime.
    RuntimeFinalize,
    /// `runtime init [frozen_modules=on|off]`: initializes again after a finalize.
    RuntimeInit {
        /// `Some(true)` for `on`, `Some(false)` for `off`, `None` when not given.
        frozen_modules: Option<bool>,
    },
    /// `interp new NAME [PRESET] [FIELD=VALUE ...]`.
    InterpNew {
        /// The scenario's name for the interpreter.
        name: String,
        /// The words after the name, unparsed: a first word without `=` names the preset,
        /// every other word is a `FIELD=VALUE` pair. The config crate's
        /// `InterpreterConfig::from_args` reads them, with CPython's errors.
        config: Vec<String>,
    },
    /// `interp end NAME`.
    InterpEnd {
        /// The interpreter.
        name: String,
    },
    /// `interp list`.
    InterpList,
    /// `interp config NAME`.
    InterpConfig {
        /// The interpreter.
        name: String,
    },
    /// `queue new NAME [maxsize=N] [unbound=marker|error|remove]`.
    QueueNew {
        /// The scenario's name for the queue.
        name: String,
        /// `maxsize=N`, if given (any integer; what a value means is the queue's business).
        maxsize: Option<i64>,
        /// `unbound=...`, if given.
        unbound: Option<Unbound>,
    },
    /// `share NAME with INTERP [as VAR]`: binds the value into INTERP's `__main__`.
    Share {
        /// What to share (a queue's name).
        name: String,
        /// The interpreter to bind it in.
        interp: String,
        /// The variable to bind (`NAME` when not given).
        var: Option<String>,
    },
    /// `INTERP> STATEMENTS`, with its `... ` continuation lines: Python run in an
    /// interpreter as one interactive statement (the runner compiles it; a syntax error is
    /// the transcript's, not the file's).
    Exec {
        /// The interpreter (`main` is the main interpreter).
        interp: String,
        /// The statement's text, continuation lines joined with line breaks.
        source: String,
    },
}

/// What a queue does with items whose interpreter was destroyed (`unbound=`), as CPython's
/// `UNBOUND`, `UNBOUND_ERROR` and `UNBOUND_REMOVE`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Unbound {
    /// `marker`: the item is replaced by the `UNBOUND` marker.
    Marker,
    /// `error`: getting the item raises.
    Error,
    /// `remove`: the item is removed.
    Remove,
}

/// Parses one trimmed, non-blank, non-comment line.
pub(crate) fn parse_line(text: &str) -> Result<Command, E> {
    if let Some((interp, rest)) = exec_prefix(text) {
        let source = rest.trim_start();
        return Ok(Command::Exec {
            interp: interp.to_owned(),
            source: source.to_owned(),
        });
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["runtime", "finalize"] => Ok(Command::RuntimeFinalize),
        ["runtime", "init", opts @ ..] => {
            let mut frozen_modules = None;
            for (key, value) in options(opts, RUNTIME, "frozen_modules")? {
                let v = match value {
                    "on" => true,
                    "off" => false,
                    _ => return Err(invalid("frozen_modules", value, "on or off")),
                };
                set_once(&mut frozen_modules, key, v)?;
            }
            Ok(Command::RuntimeInit { frozen_modules })
        }
        ["runtime", ..] => Err(E::Usage(RUNTIME)),
        ["interp", "new", name, config @ ..] => Ok(Command::InterpNew {
            name: ident(name, "interpreter name")?,
            config: config.iter().map(|w| (*w).to_owned()).collect(),
        }),
        ["interp", "new", ..] => Err(E::Usage(INTERP_NEW)),
        ["interp", "end", name] => Ok(Command::InterpEnd {
            name: ident(name, "interpreter name")?,
        }),
        ["interp", "end", ..] => Err(E::Usage(INTERP_END)),
        ["interp", "list"] => Ok(Command::InterpList),
        ["interp", "list", ..] => Err(E::Usage(INTERP_LIST)),
        ["interp", "config", name] => Ok(Command::InterpConfig {
            name: ident(name, "interpreter name")?,
        }),
        ["interp", "config", ..] => Err(E::Usage(INTERP_CONFIG)),
        ["interp", ..] => Err(E::Usage(INTERP)),
        ["queue", "new", name, opts @ ..] => {
            let name = ident(name, "queue name")?;
            let (mut maxsize, mut unbound) = (None, None);
            for (key, value) in options(opts, QUEUE_NEW, "maxsize, unbound")? {
                match key {
                    "maxsize" => {
                        let n = value
                            .parse::<i64>()
                            .map_err(|_| invalid("maxsize", value, "an integer"))?;
                        set_once(&mut maxsize, key, n)?;
                    }
                    // `options` let only `maxsize` and `unbound` through.
                    _ => {
                        let u = match value {
                            "marker" => Unbound::Marker,
                            "error" => Unbound::Error,
                            "remove" => Unbound::Remove,
                            _ => return Err(invalid("unbound", value, "marker, error or remove")),
                        };
                        set_once(&mut unbound, key, u)?;
                    }
                }
            }
            Ok(Command::QueueNew {
                name,
                maxsize,
                unbound,
            })
        }
        ["queue", ..] => Err(E::Usage(QUEUE_NEW)),
        ["share", name, "with", interp] => Ok(Command::Share {
            name: ident(name, "queue name")?,
            interp: ident(interp, "interpreter name")?,
            var: None,
        }),
        ["share", name, "with", interp, "as", var] => Ok(Command::Share {
            name: ident(name, "queue name")?,
            interp: ident(interp, "interpreter name")?,
            var: Some(variable(var)?),
        }),
        ["share", ..] => Err(E::Usage(SHARE)),
        [first, ..] => Err(E::UnknownCommand((*first).to_owned())),
        [] => Err(E::UnknownCommand(String::new())),
    }
}

/// `NAME>` at the start of the line: the name and the rest after `>`.
fn exec_prefix(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c == '_' || unicode_ident::is_xid_continue(c)))?;
    let (name, rest) = text.split_at(end);
    let rest = rest.strip_prefix('>')?;
    is_identifier(name).then_some((name, rest))
}

/// `KEY=VALUE` words, each key one of `expected` (a comma-separated list).
fn options<'a>(
    words: &[&'a str],
    usage: &'static str,
    expected: &'static str,
) -> Result<Vec<(&'a str, &'a str)>, E> {
    words
        .iter()
        .map(|w| {
            let (key, value) = w.split_once('=').ok_or(E::Usage(usage))?;
            if !expected.split(", ").any(|k| k == key) {
                return Err(E::UnknownOption {
                    key: key.to_owned(),
                    expected,
                });
            }
            Ok((key, value))
        })
        .collect()
}

fn set_once<T>(slot: &mut Option<T>, key: &str, value: T) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::DuplicateOption(key.to_owned()));
    }
    *slot = Some(value);
    Ok(())
}

fn invalid(key: &'static str, value: &str, expected: &'static str) -> E {
    E::InvalidValue {
        key,
        value: value.to_owned(),
        expected,
    }
}

fn ident(word: &str, what: &'static str) -> Result<String, E> {
    if is_identifier(word) {
        Ok(word.to_owned())
    } else {
        Err(E::InvalidName {
            what,
            name: word.to_owned(),
        })
    }
}

/// A variable bound in `__main__` must be usable from statements: not a keyword.
fn variable(word: &str) -> Result<String, E> {
    let name = ident(word, "variable name")?;
    if KEYWORDS.contains(&word) {
        return Err(E::KeywordName(name));
    }
    Ok(name)
}

/// Python 3.13's hard keywords (`keyword.kwlist`).
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

fn is_identifier(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
        && chars.all(unicode_ident::is_xid_continue)
}
