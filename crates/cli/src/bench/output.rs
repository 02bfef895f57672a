//! The `--table` and `--json` forms of the figures.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use super::Figure;

fn met_text(f: &Figure) -> &'static str {
    match f.met() {
        Some(true) => "met",
        Some(false) => "missed",
        None => "-",
    }
}

/// A human table: the figure, the value here, CPython's figure, the target, met or missed.
pub(crate) fn table(figures: &[Figure], size: &str) -> String {
    let rows: Vec<[String; 5]> = figures
        .iter()
        .map(|f| {
            [
                f.spec.name.to_owned(),
                format!("{} {}", f.value_text(), f.spec.unit),
                f.spec.cpython.to_owned(),
                f.spec.target.to_owned(),
                met_text(f).to_owned(),
            ]
        })
        .collect();
    let head = ["figure", "here", "CPython 3.13.5", "target", "met?"];
    let mut out = render(head, &rows);
    let met = figures.iter().filter(|f| f.met() == Some(true)).count();
    let judged = figures.iter().filter(|f| f.met().is_some()).count();
    let _ = writeln!(out, "\n{met} of {judged} targets met ({size} run).");
    out
}

/// The five columns `head` over `rows`: names and targets left-aligned, values
/// right-aligned, a rule under the head.
pub(crate) fn render(head: [&str; 5], rows: &[[String; 5]]) -> String {
    let mut widths = head.map(str::len);
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let _ = writeln!(
            out,
            "{:<w0$}  {:>w1$}  {:>w2$}  {:<w3$}  {}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        );
    };
    line(head);
    let rule = widths.map(|w| "-".repeat(w));
    line([&rule[0], &rule[1], &rule[2], &rule[3], "------"]);
    for r in rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4]]);
    }
    out
}

/// One JSON object: `size`, and `figures` keyed by name with value, unit, CPython's figure,
/// the target, `met` (null when only reported) and how it was measured.
pub(crate) fn json(figures: &[Figure], size: &str) -> Value {
    let mut map = Map::new();
    for f in figures {
        map.insert(
            f.spec.name.to_owned(),
            json!({
                "value": f.value,
                "unit": f.spec.unit,
                "cpython": f.spec.cpython,
                "target": f.spec.target,
                "met": f.met(),
                "note": f.note,
            }),
        );
    }
    json!({ "size": size, "figures": Value::Object(map) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(name: &str, v: f64) -> Figure {
        Figure::new(name, v, "n").unwrap()
    }

    #[test]
    fn the_table_lines_up_and_judges() {
        let t = table(
            &[
                fig("exec.trivial", 0.5),
                fig("scaling.threads.x2", 0.98),
                fig("scaling.isolated.x2", 1.2),
            ],
            "quick",
        );
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("figure "), "{t}");
        assert!(
            lines[2].starts_with("exec.trivial ") && lines[2].ends_with("met"),
            "{t}"
        );
        assert!(lines[3].ends_with('-'), "{t}");
        assert!(lines[4].ends_with("missed"), "{t}");
        assert!(t.ends_with("1 of 2 targets met (quick run).\n"), "{t}");
    }

    #[test]
    fn json_is_keyed_by_name() {
        let v = json(&[fig("exec.trivial", 0.5)], "smoke");
        assert_eq!(v["size"], "smoke");
        assert_eq!(v["figures"]["exec.trivial"]["unit"], "us");
        assert_eq!(v["figures"]["exec.trivial"]["met"], true);
    }
}
