//! Scenario-file tests: each file is rendered (blocks, lines, commands, or the file errors)
//! into an insta snapshot.

use super::{Command, SourceKind, parse_scenario_file};

fn render(text: &str, kind: SourceKind) -> String {
    let file = match parse_scenario_file(text, kind) {
        Ok(file) => file,
        Err(errors) => {
            let n = text.lines().count().max(1);
            for e in &errors.errors {
                assert!((1..=n).contains(&(e.line as usize)), "{e}");
            }
            return format!("file errors:\n{errors}");
        }
    };
    if file.blocks.is_empty() {
        return "no blocks".into();
    }
    let mut out = String::new();
    for block in &file.blocks {
        out.push_str(&format!("block at line {}", block.line));
        if let Some(h) = &block.heading {
            out.push_str(&format!(" under {h:?}"));
        }
        out.push('\n');
        for line in &block.lines {
            out.push_str(&format!("  {:>2} {}\n", line.line, line.echo()));
            let what = match &line.command {
                Command::Exec { interp, source } => format!("Exec in {interp}: {source:?}"),
                other => format!("{other:?}"),
            };
            out.push_str(&format!("     {what}\n"));
        }
    }
    out
}

macro_rules! check {
    ($text:expr, $kind:ident, @$snap:literal) => {
        insta::assert_snapshot!(render($text, SourceKind::$kind), @$snap)
    };
}

#[test]
fn design_example() {
    check!("\
interp new sub isolated
main> import _testsinglephase
main> _testsinglephase.initialized_count()
sub> import _testsinglephase
interp new old legacy
old> import _testsinglephase
old> _testsinglephase.initialized_count()
old> _testsinglephase.int_const
", Scn, @r#"
    block at line 1
       1 $ interp new sub isolated
         InterpNew { name: "sub", config: ["isolated"] }
       2 main> import _testsinglephase
         Exec in main: "import _testsinglephase"
       3 main> _testsinglephase.initialized_count()
         Exec in main: "_testsinglephase.initialized_count()"
       4 sub> import _testsinglephase
         Exec in sub: "import _testsinglephase"
       5 $ interp new old legacy
         InterpNew { name: "old", config: ["legacy"] }
       6 old> import _testsinglephase
         Exec in old: "import _testsinglephase"
       7 old> _testsinglephase.initialized_count()
         Exec in old: "_testsinglephase.initialized_count()"
       8 old> _testsinglephase.int_const
         Exec in old: "_testsinglephase.int_const"
    "#);
}

#[test]
fn every_command() {
    check!("\
# comments and blank lines are skipped

runtime finalize
runtime init
runtime init frozen_modules=off
interp new a
interp new b legacy gil=own check_multi_interp_extensions=false
interp new c allow_fork=true
interp end a
interp list
interp config b
queue new q
queue new r maxsize=3 unbound=remove
queue new s unbound=marker maxsize=-1
share q with b
share r with c as queue
  main>x=1;y=2   # statements keep their Python comment
main>
", Scn, @r#"
    block at line 1
       3 $ runtime finalize
         RuntimeFinalize
       4 $ runtime init
         RuntimeInit { frozen_modules: None }
       5 $ runtime init frozen_modules=off
         RuntimeInit { frozen_modules: Some(false) }
       6 $ interp new a
         InterpNew { name: "a", config: [] }
       7 $ interp new b legacy gil=own check_multi_interp_extensions=false
         InterpNew { name: "b", config: ["legacy", "gil=own", "check_multi_interp_extensions=false"] }
       8 $ interp new c allow_fork=true
         InterpNew { name: "c", config: ["allow_fork=true"] }
       9 $ interp end a
         InterpEnd { name: "a" }
      10 $ interp list
         InterpList
      11 $ interp config b
         InterpConfig { name: "b" }
      12 $ queue new q
         QueueNew { name: "q", maxsize: None, unbound: None }
      13 $ queue new r maxsize=3 unbound=remove
         QueueNew { name: "r", maxsize: Some(3), unbound: Some(Remove) }
      14 $ queue new s unbound=marker maxsize=-1
         QueueNew { name: "s", maxsize: Some(-1), unbound: Some(Marker) }
      15 $ share q with b
         Share { name: "q", interp: "b", var: None }
      16 $ share r with c as queue
         Share { name: "r", interp: "c", var: Some("queue") }
      17 main>x=1;y=2   # statements keep their Python comment
         Exec in main: "x=1;y=2   # statements keep their Python comment"
      18 main>
         Exec in main: ""
    "#);
}

#[test]
fn statement_errors_stay_in_the_transcript() {
    check!("main> x = 'abc\nmain> f() = 1\nmain> print 'x'\nmain> ok = 1", Scn, @r#"
    block at line 1
       1 main> x = 'abc
         Exec in main: "x = 'abc"
       2 main> f() = 1
         Exec in main: "f() = 1"
       3 main> print 'x'
         Exec in main: "print 'x'"
       4 main> ok = 1
         Exec in main: "ok = 1"
    "#);
}

#[test]
fn file_errors() {
    check!("\
frobnicate
runtime
runtime stop
runtime init frozen_modules=maybe
runtime init frozen=on
runtime init on
runtime init frozen_modules=on frozen_modules=off
interp
interp new
interp new 1x
interp end
interp end a b
interp list all
interp config
interp delete a
queue
queue new q maxsize=big
queue new q unbound=drop
queue new q size=3
queue new q maxsize=1 maxsize=2
queue new q-1
share q
share q to sub
share q with sub as
share q with sub as None
share q with 2sub
main > x = 1
> x = 1
", Scn, @"
    file errors:
    line 1: unknown command 'frobnicate' (expected runtime, interp, queue, share, or INTERP> STATEMENTS)
    line 2: usage: runtime finalize | runtime init [frozen_modules=on|off]
    line 3: usage: runtime finalize | runtime init [frozen_modules=on|off]
    line 4: invalid value 'maybe' for frozen_modules (expected on or off)
    line 5: unknown option 'frozen' (expected frozen_modules)
    line 6: usage: runtime finalize | runtime init [frozen_modules=on|off]
    line 7: option 'frozen_modules' given twice
    line 8: usage: interp new NAME [PRESET] [FIELD=VALUE ...] | interp end NAME | interp list | interp config NAME
    line 9: usage: interp new NAME [PRESET] [FIELD=VALUE ...]
    line 10: invalid interpreter name '1x' (expected an identifier)
    line 11: usage: interp end NAME
    line 12: usage: interp end NAME
    line 13: usage: interp list
    line 14: usage: interp config NAME
    line 15: usage: interp new NAME [PRESET] [FIELD=VALUE ...] | interp end NAME | interp list | interp config NAME
    line 16: usage: queue new NAME [maxsize=N] [unbound=marker|error|remove]
    line 17: invalid value 'big' for maxsize (expected an integer)
    line 18: invalid value 'drop' for unbound (expected marker, error or remove)
    line 19: unknown option 'size' (expected maxsize, unbound)
    line 20: option 'maxsize' given twice
    line 21: invalid queue name 'q-1' (expected an identifier)
    line 22: usage: share NAME with INTERP [as VAR]
    line 23: usage: share NAME with INTERP [as VAR]
    line 24: usage: share NAME with INTERP [as VAR]
    line 25: invalid variable name 'None' (a keyword)
    line 26: invalid interpreter name '2sub' (expected an identifier)
    line 27: unknown command 'main' (expected runtime, interp, queue, share, or INTERP> STATEMENTS)
    line 28: unknown command '>' (expected runtime, interp, queue, share, or INTERP> STATEMENTS)
    ");
}

#[test]
fn markdown_blocks() {
    check!("\
# Doc title

Prose with `inline code` and a ```scenario``` mention.

## Single-phase init

```scenario
interp new sub isolated
sub> import _testsinglephase
```

Transcript:

```
$ interp new sub isolated
sub = interpreter 1
```

````markdown
```scenario
interp new hidden
```
````

### Tildes, indented fence

   ~~~scenario extra words
   main> 1
   ~~~~

```python
import os
```
", Markdown, @r#"
    block at line 7 under "Single-phase init"
       8 $ interp new sub isolated
         InterpNew { name: "sub", config: ["isolated"] }
       9 sub> import _testsinglephase
         Exec in sub: "import _testsinglephase"
    block at line 27 under "Tildes, indented fence"
      28 main> 1
         Exec in main: "1"
    "#);
}

#[test]
fn markdown_without_blocks() {
    check!("# Nothing to run\n\n```text\nscenario\n```\n", Markdown, @"no blocks");
}

#[test]
fn unclosed_markdown_block() {
    check!("intro\n\n```scenario\nmain> 1\n\nmore prose\n", Markdown, @"
    file errors:
    line 3: ```scenario block is never closed
    ");
    check!("```scenario\nbad command\n", Markdown, @"
    file errors:
    line 1: ```scenario block is never closed
    ");
}

#[test]
fn crlf_and_kinds() {
    check!("main> 1\r\n\r\ninterp list\r\n", Scn, @r#"
    block at line 1
       1 main> 1
         Exec in main: "1"
       3 $ interp list
         InterpList
    "#);
    use std::path::Path;
    assert_eq!(
        SourceKind::from_path(Path::new("a/b.scn")),
        Some(SourceKind::Scn)
    );
    assert_eq!(
        SourceKind::from_path(Path::new("docs/x.md")),
        Some(SourceKind::Markdown)
    );
    assert_eq!(SourceKind::from_path(Path::new("x.txt")), None);
    assert_eq!(SourceKind::from_path(Path::new("scn")), None);
}

#[test]
fn continuation_lines_extend_the_statement_line() {
    check!("main> def f(n):\n...     return n * 2\n...\n# between\nmain> f(21)\n", Scn, @r#"
    block at line 1
       1 main> def f(n):
    ...     return n * 2
    ...
         Exec in main: "def f(n):\n    return n * 2\n"
       5 main> f(21)
         Exec in main: "f(21)"
    "#);
    check!("... x = 1\ninterp list\n...     y\nmain> ok", Scn, @r#"
    file errors:
    line 1: continuation line '...' after no INTERP> statement line
    line 3: continuation line '...' after no INTERP> statement line
    "#);
}
