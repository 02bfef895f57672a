//! The crate layering (ARCHITECTURE.md "Layering") as one table, checked against `cargo metadata`.
//!
//! Normal and build dependencies must be listed in the crate's row. Dev-dependencies (a crate's
//! own tests, benches and examples) may also use any crate on a lower level, except
//! `subinterp-runtime`: only `cli` and `tests` may know the runtime.

use serde_json::Value;

use crate::tidy::{Kind, Violation};

/// One workspace package: its level (lower levels never name higher ones) and the workspace
/// crates it may depend on.
struct Layer {
    name: &'static str,
    level: u8,
    deps: &'static [&'static str],
}

const CONFIG: &str = "subinterp-config";
const COMPILE: &str = "subinterp-compile";
const ID: &str = "subinterp-id";
const OBMALLOC: &str = "subinterp-obmalloc";
const GIL: &str = "subinterp-gil";
const OBJECT: &str = "subinterp-object";
const IMPORT: &str = "subinterp-import";
const VM: &str = "subinterp-vm";
const STDLIB: &str = "subinterp-stdlib";
const XI: &str = "subinterp-xi";
const SCRIPT: &str = "subinterp-script";
const TESTMODULES: &str = "subinterp-testmodules";
const RUNTIME: &str = "subinterp-runtime";
const CLI: &str = "subinterp-cli";
const TESTS: &str = "subinterp-tests";

/// The layering. `testmodules` may use `config` and `gil` besides `object` and `import`: test
/// modules declare interpreter support and touch thread states, both lower layers; and `vm`,
/// whose `BuiltinFn` their functions are; it still never knows the runtime. `id` (the one interpreter id type) sits under both `gil` and
/// `object`, which must not know each other. `xtask` stands apart and uses no workspace crate.
const LAYERS: &[Layer] = &[
    Layer {
        name: ID,
        level: 0,
        deps: &[],
    },
    Layer {
        name: CONFIG,
        level: 0,
        deps: &[],
    },
    Layer {
        name: COMPILE,
        level: 0,
        deps: &[],
    },
    Layer {
        name: OBMALLOC,
        level: 0,
        deps: &[],
    },
    Layer {
        name: GIL,
        level: 0,
        deps: &[ID],
    },
    Layer {
        name: OBJECT,
        level: 1,
        deps: &[ID, OBMALLOC],
    },
    Layer {
        name: VM,
        level: 2,
        deps: &[OBJECT, COMPILE, GIL],
    },
    Layer {
        name: IMPORT,
        level: 3,
        // The vm: native functions (`_imp`'s, a module definition's) are the loop's
        // `BuiltinFn`, bound through its `Args`.
        deps: &[OBJECT, GIL, CONFIG, COMPILE, VM],
    },
    Layer {
        name: XI,
        level: 3,
        deps: &[OBJECT],
    },
    Layer {
        name: SCRIPT,
        level: 0,
        deps: &[],
    },
    Layer {
        name: STDLIB,
        level: 4,
        deps: &[OBJECT, VM, IMPORT],
    },
    Layer {
        name: TESTMODULES,
        level: 4,
        deps: &[OBJECT, IMPORT, CONFIG, GIL, VM],
    },
    Layer {
        name: RUNTIME,
        level: 5,
        deps: &[
            CONFIG, OBMALLOC, GIL, OBJECT, IMPORT, XI, COMPILE, VM, STDLIB,
        ],
    },
    Layer {
        name: CLI,
        level: 6,
        // Besides the facade: the scenario parser (script), and the lower layers' shared
        // workloads and statistics the `bench` figures measure (obmalloc, gil, xi).
        deps: &[
            RUNTIME,
            TESTMODULES,
            CONFIG,
            SCRIPT,
            OBMALLOC,
            GIL,
            XI,
            COMPILE,
        ],
    },
    Layer {
        name: TESTS,
        level: 7,
        deps: &[
            CONFIG,
            COMPILE,
            VM,
            OBMALLOC,
            GIL,
            OBJECT,
            IMPORT,
            XI,
            SCRIPT,
            TESTMODULES,
            RUNTIME,
            CLI,
        ],
    },
    Layer {
        name: "xtask",
        level: 0,
        deps: &[],
    },
];

fn layer(name: &str) -> Option<&'static Layer> {
    LAYERS.iter().find(|l| l.name == name)
}

/// Checks every workspace package's dependencies on other workspace packages.
/// `metadata` is the output of `cargo metadata --format-version 1 --no-deps`.
pub(crate) fn check(metadata: &Value) -> Result<Vec<Violation>, String> {
    let members = metadata["workspace_members"]
        .as_array()
        .ok_or("cargo metadata: no `workspace_members`")?;
    let packages: Vec<&Value> = metadata["packages"]
        .as_array()
        .ok_or("cargo metadata: no `packages`")?
        .iter()
        .filter(|p| members.contains(&p["id"]))
        .collect();
    let names: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    let mut out = Vec::new();
    for pkg in &packages {
        let name = pkg["name"]
            .as_str()
            .ok_or("cargo metadata: package without a name")?;
        let Some(me) = layer(name) else {
            out.push(Violation::new(
                Kind::Dag,
                format!("package `{name}`"),
                "is not in the layering table; add its row to LAYERS in xtask/src/dag.rs \
                 (and to docs/ARCHITECTURE.md)",
            ));
            continue;
        };
        for dep in pkg["dependencies"].as_array().into_iter().flatten() {
            let Some(dep_name) = dep["name"].as_str().filter(|d| names.contains(d)) else {
                continue;
            };
            let kind = dep["kind"].as_str().unwrap_or("normal");
            let allowed = me.deps.contains(&dep_name)
                || (kind == "dev"
                    && dep_name != RUNTIME
                    && layer(dep_name).is_some_and(|d| d.level < me.level));
            if !allowed {
                let section = match kind {
                    "dev" => "[dev-dependencies]",
                    "build" => "[build-dependencies]",
                    _ => "[dependencies]",
                };
                let may = if me.deps.is_empty() {
                    "no workspace crate".into()
                } else {
                    me.deps.join(", ")
                };
                out.push(Violation::new(
                    Kind::Dag,
                    format!("package `{name}`"),
                    format!(
                        "depends on `{dep_name}` in {section}, which the layering forbids; \
                         `{name}` may depend on: {may} (xtask/src/dag.rs)"
                    ),
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// Fake metadata: `(package, [(dep, kind)])`, where kind is `normal`, `dev` or `build`.
    fn metadata(pkgs: &[(&str, &[(&str, &str)])]) -> Value {
        let packages: Vec<Value> = pkgs
            .iter()
            .map(|(name, deps)| {
                let deps: Vec<Value> = deps
                    .iter()
                    .map(|(d, kind)| {
                        let kind = if *kind == "normal" {
                            Value::Null
                        } else {
                            json!(kind)
                        };
                        json!({ "name": d, "kind": kind, "req": "*" })
                    })
                    .collect();
                json!({ "name": name, "id": format!("{name} 0.1.0"), "dependencies": deps })
            })
            .collect();
        let members: Vec<Value> = pkgs
            .iter()
            .map(|(n, _)| json!(format!("{n} 0.1.0")))
            .collect();
        json!({ "packages": packages, "workspace_members": members })
    }

    /// The whole layering as drawn, plus third-party deps, which are ignored.
    fn sound() -> Vec<(&'static str, &'static [(&'static str, &'static str)])> {
        vec![
            (CONFIG, &[("thiserror", "normal"), ("insta", "dev")]),
            (OBMALLOC, &[("loom", "normal")]),
            (ID, &[]),
            (GIL, &[(ID, "normal")]),
            (
                OBJECT,
                &[(ID, "normal"), (OBMALLOC, "normal"), (CONFIG, "dev")],
            ),
            (
                IMPORT,
                &[
                    (OBJECT, "normal"),
                    (GIL, "normal"),
                    (CONFIG, "normal"),
                    (OBMALLOC, "dev"),
                ],
            ),
            (XI, &[(OBJECT, "normal"), (GIL, "dev")]),
            (SCRIPT, &[("thiserror", "normal")]),
            (TESTMODULES, &[(OBJECT, "normal"), (IMPORT, "normal")]),
            (
                RUNTIME,
                &[(IMPORT, "normal"), (XI, "normal"), (TESTMODULES, "dev")],
            ),
            (
                CLI,
                &[
                    (RUNTIME, "normal"),
                    (TESTMODULES, "normal"),
                    (CONFIG, "normal"),
                ],
            ),
            (TESTS, &[(RUNTIME, "normal"), (CLI, "dev")]),
            ("xtask", &[("serde_json", "normal")]),
        ]
    }

    /// Runs the check with one package's deps replaced (or the package added), and renders the
    /// violations.
    fn violations(pkg: &str, deps: &[(&'static str, &'static str)]) -> Vec<String> {
        let mut pkgs = sound();
        let deps: &'static [(&str, &str)] = deps.to_vec().leak();
        match pkgs.iter_mut().find(|(n, _)| *n == pkg) {
            Some(slot) => slot.1 = deps,
            None => pkgs.push((pkg.to_owned().leak(), deps)),
        }
        check(&metadata(&pkgs))
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_drawn_layering_passes() {
        assert_eq!(check(&metadata(&sound())).unwrap(), []);
    }

    #[test]
    fn a_base_crate_naming_another_fails() {
        assert_eq!(
            violations(ID, &[(GIL, "normal")]),
            [
                "package `subinterp-id`: depends on `subinterp-gil` in [dependencies], which the \
              layering forbids; `subinterp-id` may depend on: no workspace crate (xtask/src/dag.rs)"
            ]
        );
        assert_eq!(
            violations(GIL, &[(ID, "normal"), (OBJECT, "normal")]),
            [
                "package `subinterp-gil`: depends on `subinterp-object` in [dependencies], which the \
              layering forbids; `subinterp-gil` may depend on: subinterp-id (xtask/src/dag.rs)"
            ]
        );
        assert_eq!(
            violations(OBMALLOC, &[(CONFIG, "build")]),
            [
                "package `subinterp-obmalloc`: depends on `subinterp-config` in [build-dependencies], \
              which the layering forbids; `subinterp-obmalloc` may depend on: no workspace crate \
              (xtask/src/dag.rs)"
            ]
        );
    }

    #[test]
    fn only_cli_and_tests_know_the_runtime() {
        assert_eq!(
            violations(TESTMODULES, &[(RUNTIME, "dev")]),
            [
                "package `subinterp-testmodules`: depends on `subinterp-runtime` in \
              [dev-dependencies], which the layering forbids; `subinterp-testmodules` may depend \
              on: subinterp-object, subinterp-import, subinterp-config, subinterp-gil, \
              subinterp-vm (xtask/src/dag.rs)"
            ]
        );
        assert_eq!(
            violations(XI, &[(OBJECT, "normal"), (RUNTIME, "normal")]),
            [
                "package `subinterp-xi`: depends on `subinterp-runtime` in [dependencies], which the \
              layering forbids; `subinterp-xi` may depend on: subinterp-object (xtask/src/dag.rs)"
            ]
        );
    }

    #[test]
    fn lower_crates_only_through_the_table_except_in_tests() {
        // Transitive-only edges are refused as normal dependencies...
        assert_eq!(
            violations(IMPORT, &[(OBJECT, "normal"), (OBMALLOC, "normal")]).len(),
            1
        );
        // ...and dev-dependencies may not reach up or sideways.
        assert_eq!(violations(OBJECT, &[(IMPORT, "dev")]).len(), 1);
        assert_eq!(violations(GIL, &[(OBMALLOC, "dev")]).len(), 1);
        assert_eq!(violations("xtask", &[(CONFIG, "dev")]).len(), 1);
    }

    #[test]
    fn unknown_packages_must_be_added_to_the_table() {
        assert_eq!(
            violations("subinterp-new", &[]),
            [
                "package `subinterp-new`: is not in the layering table; add its row to LAYERS in \
              xtask/src/dag.rs (and to docs/ARCHITECTURE.md)"
            ]
        );
    }

    #[test]
    fn malformed_metadata_is_an_error() {
        assert!(check(&json!({})).is_err());
    }
}
