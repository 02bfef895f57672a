//! What the python group prints: `name: value unit` lines as figures come in, then a table
//! (`--table`) or one JSON object (`--json`) with every figure and every program's row.

use std::io::Write as _;

use serde_json::{Map, Value, json};

/// One figure's value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    /// A measured number, its unit and the decimals printed.
    Num(f64, &'static str, usize),
    /// Why there is no number (a failed program, a missing CPython).
    Text(String),
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Num(v, unit, d) => format!("{v:.d$} {unit}"),
            Val::Text(t) => t.clone(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Val::Num(v, unit, _) => json!({ "value": v, "unit": unit }),
            Val::Text(t) => json!({ "value": t, "unit": null }),
        }
    }
}

/// One row of the table: a figure here and in CPython, the target and whether it is met.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) figure: String,
    pub(crate) here: String,
    pub(crate) cpython: String,
    pub(crate) target: &'static str,
    pub(crate) met: Option<bool>,
}

/// The figures so far; lines go to stdout as they are added unless JSON was asked for.
pub(crate) struct Report {
    json: bool,
    figures: Map<String, Value>,
    rows: Vec<Row>,
    /// Extra top-level JSON fields (the CPython used, the programs).
    pub(crate) extra: Map<String, Value>,
}

impl Report {
    pub(crate) fn new(json: bool) -> Report {
        Report {
            json,
            figures: Map::new(),
            rows: Vec::new(),
            extra: Map::new(),
        }
    }

    /// Adds figure `name` (printed at once as `name: value unit`), with how it was measured.
    pub(crate) fn figure(
        &mut self,
        name: &str,
        val: Val,
        note: &str,
        bar: &indicatif::ProgressBar,
    ) {
        if !self.json {
            bar.suspend(|| {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{name}: {}", val.text());
                let _ = out.flush();
            });
        }
        let mut v = val.json();
        v["note"] = Value::from(note);
        self.figures.insert(name.to_owned(), v);
    }

    /// Adds a table row.
    pub(crate) fn row(&mut self, row: Row) {
        self.rows.push(row);
    }

    /// The JSON object: `group`, the extra fields, and `figures` keyed by name.
    pub(crate) fn to_json(&self) -> Value {
        let mut top = Map::new();
        top.insert("group".into(), "python".into());
        for (k, v) in &self.extra {
            top.insert(k.clone(), v.clone());
        }
        top.insert("figures".into(), Value::Object(self.figures.clone()));
        Value::Object(top)
    }

    /// The table of the rows.
    pub(crate) fn table(&self) -> String {
        let head = ["figure", "here", "CPython", "target", "met?"];
        let cells: Vec<[String; 5]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.figure.clone(),
                    r.here.clone(),
                    r.cpython.clone(),
                    r.target.to_owned(),
                    match r.met {
                        Some(true) => "met".into(),
                        Some(false) => "missed".into(),
                        None => "-".into(),
                    },
                ]
            })
            .collect();
        crate::bench::output::render(head, &cells)
    }
}

/// The geometric mean of `ratios` (`None` when empty).
pub(crate) fn geomean(ratios: &[f64]) -> Option<f64> {
    if ratios.is_empty() {
        return None;
    }
    let logs: f64 = ratios.iter().map(|r| r.ln()).sum();
    Some((logs / ratios.len() as f64).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geomean_of_ratios() {
        assert_eq!(geomean(&[]), None);
        let g = geomean(&[2.0, 0.5, 4.0]).unwrap();
        assert!((g - 4f64.cbrt()).abs() < 1e-12, "{g}");
    }

    #[test]
    fn the_table_lines_up() {
        let mut r = Report::new(true);
        r.row(Row {
            figure: "python.corpus.fib".into(),
            here: "10.0 ms".into(),
            cpython: "5.0 ms".into(),
            target: "<= 2.0x",
            met: Some(false),
        });
        let t = r.table();
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("figure "), "{t}");
        assert!(lines[2].starts_with("python.corpus.fib ") && lines[2].ends_with("missed"));
        assert_eq!(
            lines[0].find("here"),
            lines[2].find("10.0 ms").map(|i| i + 3)
        );
    }
}
