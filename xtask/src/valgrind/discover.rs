//! Which packages to check, and which test executables `cargo test --no-run` built for them
//! (read from cargo's JSON message stream, so no path or hash is guessed).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The packages checked when none is named: the allocator, objects, the GIL, then the runtime
/// facade and the cross-crate tests. Those not in the workspace are skipped.
pub(crate) const DEFAULT_PACKAGES: [&str; 5] = [
    "subinterp-obmalloc",
    "subinterp-object",
    "subinterp-gil",
    "subinterp-runtime",
    "subinterp-tests",
];

/// A workspace package: its name and the directory of its manifest (where cargo runs its tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Member {
    pub(crate) name: String,
    pub(crate) dir: PathBuf,
}

/// Workspace members by package id, from `cargo metadata --no-deps`.
pub(crate) fn members(metadata: &Value) -> HashMap<String, Member> {
    let ids = metadata["workspace_members"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| ids.contains(&p["id"]))
        .filter_map(|p| {
            let member = Member {
                name: p["name"].as_str()?.to_owned(),
                dir: Path::new(p["manifest_path"].as_str()?)
                    .parent()?
                    .to_path_buf(),
            };
            Some((p["id"].as_str()?.to_owned(), member))
        })
        .collect()
}

/// The packages to check: `requested` (a name or its short form without `subinterp-`), or the
/// members among [`DEFAULT_PACKAGES`] when nothing is requested. Unknown names are an error.
pub(crate) fn select(requested: &[String], members: &[&str]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    if requested.is_empty() {
        out.extend(
            DEFAULT_PACKAGES
                .iter()
                .filter(|p| members.contains(p))
                .map(|p| (*p).to_owned()),
        );
        if out.is_empty() {
            return Err(format!(
                "none of the default packages ({}) is in the workspace",
                DEFAULT_PACKAGES.join(", ")
            ));
        }
        return Ok(out);
    }
    for name in requested {
        let long = format!("subinterp-{name}");
        let found = [name.as_str(), long.as_str()]
            .into_iter()
            .find(|n| members.contains(n));
        let Some(found) = found else {
            let mut known = members.to_vec();
            known.sort_unstable();
            return Err(format!(
                "unknown package `{name}`; workspace packages: {}",
                known.join(", ")
            ));
        };
        if !out.iter().any(|p| p == found) {
            out.push(found.to_owned());
        }
    }
    Ok(out)
}

/// One test executable: a libtest binary of a lib, bin or integration test target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TestExe {
    pub(crate) package: String,
    /// The target's kind: `lib`, `bin`, `test`, ...
    pub(crate) kind: String,
    pub(crate) target: String,
    pub(crate) path: PathBuf,
    /// The package directory: cargo runs test binaries there, and so do we.
    pub(crate) dir: PathBuf,
}

impl TestExe {
    /// `subinterp-gil lib` or `subinterp-gil test stress`: what a reader needs to find it.
    pub(crate) fn label(&self) -> String {
        match self.kind.as_str() {
            "lib" => format!("{} lib", self.package),
            kind => format!("{} {kind} {}", self.package, self.target),
        }
    }

    /// A file-name-safe stem for its logs: `subinterp-gil.test.stress`.
    pub(crate) fn stem(&self) -> String {
        format!("{}.{}.{}", self.package, self.kind, self.target)
    }
}

/// The test executables of the `chosen` packages in cargo's `--message-format json` stream,
/// ordered by package (as chosen), then lib before bins before tests, then name.
///
/// Only `compiler-artifact` messages built with the test profile and carrying an `executable`
/// count: dependencies, build scripts and examples are built but are not test binaries.
pub(crate) fn executables(
    messages: &str,
    members: &HashMap<String, Member>,
    chosen: &[String],
) -> Result<Vec<TestExe>, String> {
    let mut out = Vec::new();
    for (i, line) in messages.lines().enumerate() {
        if !line.starts_with('{') {
            continue;
        }
        let msg: Value = serde_json::from_str(line)
            .map_err(|e| format!("cargo: bad JSON message on line {}: {e}", i + 1))?;
        if msg["reason"] != "compiler-artifact" || msg["profile"]["test"] != true {
            continue;
        }
        let Some(path) = msg["executable"].as_str() else {
            continue;
        };
        let Some(member) = msg["package_id"].as_str().and_then(|id| members.get(id)) else {
            continue;
        };
        if !chosen.contains(&member.name) {
            continue;
        }
        out.push(TestExe {
            package: member.name.clone(),
            kind: msg["target"]["kind"][0]
                .as_str()
                .unwrap_or("test")
                .to_owned(),
            target: msg["target"]["name"].as_str().unwrap_or("").to_owned(),
            path: PathBuf::from(path),
            dir: member.dir.clone(),
        });
    }
    let rank = |e: &TestExe| {
        let pkg = chosen.iter().position(|p| *p == e.package);
        let kind = ["lib", "bin", "test"]
            .iter()
            .position(|k| *k == e.kind)
            .unwrap_or(3);
        (pkg, kind, e.target.clone())
    };
    out.sort_by_key(rank);
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn selection() {
        let members = [
            "subinterp-gil",
            "subinterp-obmalloc",
            "subinterp-object",
            "subinterp-xi",
            "xtask",
        ];
        let check = |requested: &[&str], expect: Result<&[&str], &str>| {
            let got = select(&names(requested), &members);
            let expect = expect.map(names).map_err(str::to_owned);
            assert_eq!(got, expect, "{requested:?}");
        };
        // Defaults keep their order and skip what the workspace does not have yet.
        check(
            &[],
            Ok(&["subinterp-obmalloc", "subinterp-object", "subinterp-gil"]),
        );
        check(
            &["xi", "subinterp-gil", "gil"],
            Ok(&["subinterp-xi", "subinterp-gil"]),
        );
        check(&["xtask"], Ok(&["xtask"]));
        check(
            &["runtime"],
            Err(
                "unknown package `runtime`; workspace packages: subinterp-gil, \
                 subinterp-object, subinterp-obmalloc, subinterp-xi, xtask",
            ),
        );
        assert_eq!(
            select(&[], &["xtask"]),
            Err(
                "none of the default packages (subinterp-obmalloc, subinterp-object, \
                 subinterp-gil, subinterp-runtime, subinterp-tests) is in the workspace"
                    .to_owned()
            )
        );
    }

    #[test]
    fn members_from_metadata() {
        let metadata = json!({
            "workspace_members": ["id-a", "id-b"],
            "packages": [
                { "id": "id-a", "name": "a", "manifest_path": "/w/a/Cargo.toml" },
                { "id": "id-b", "name": "b", "manifest_path": "/w/crates/b/Cargo.toml" },
                { "id": "id-dep", "name": "dep", "manifest_path": "/r/dep/Cargo.toml" },
            ],
        });
        let mut got: Vec<(String, String, PathBuf)> = members(&metadata)
            .into_iter()
            .map(|(id, m)| (id, m.name, m.dir))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("id-a".into(), "a".into(), "/w/a".into()),
                ("id-b".into(), "b".into(), "/w/crates/b".into())
            ]
        );
    }

    /// A message stream as `cargo test --no-run --message-format json-render-diagnostics -p
    /// subinterp-gil -p subinterp-obmalloc` prints it (fields we do not read are trimmed).
    fn stream() -> String {
        let artifact = |pkg: &str, kind: &str, name: &str, test: bool, exe: Option<&str>| {
            json!({
                "reason": "compiler-artifact",
                "package_id": pkg,
                "target": { "kind": [kind], "crate_types": [kind], "name": name },
                "profile": { "opt_level": "0", "test": test },
                "executable": exe,
                "fresh": true,
            })
            .to_string()
        };
        [
            json!({ "reason": "build-script-executed", "package_id": "libc" }).to_string(),
            artifact("libc", "lib", "libc", false, None),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "test",
                "stress",
                true,
                Some("/t/debug/deps/stress-00e5"),
            ),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "lib",
                "subinterp_gil",
                false,
                None,
            ),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "lib",
                "subinterp_gil",
                true,
                Some("/t/debug/deps/subinterp_gil-7101"),
            ),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "test",
                "gil",
                true,
                Some("/t/debug/deps/gil-7d03"),
            ),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "example",
                "demo",
                false,
                Some("/t/debug/examples/demo-11"),
            ),
            artifact(
                "path+file:///w/crates/gil#subinterp-gil@0.1.0",
                "custom-build",
                "build-script-build",
                false,
                Some("/t/debug/build/x/build-script-build"),
            ),
            artifact(
                "path+file:///w/crates/obmalloc#subinterp-obmalloc@0.1.0",
                "lib",
                "subinterp_obmalloc",
                true,
                Some("/t/debug/deps/subinterp_obmalloc-4072"),
            ),
            artifact(
                "path+file:///w/crates/obmalloc#subinterp-obmalloc@0.1.0",
                "test",
                "memory",
                true,
                Some("/t/debug/deps/memory-9327"),
            ),
            json!({ "reason": "build-finished", "success": true }).to_string(),
        ]
        .join("\n")
    }

    fn stream_members() -> HashMap<String, Member> {
        ["gil", "obmalloc"]
            .into_iter()
            .map(|short| {
                let id = format!("path+file:///w/crates/{short}#subinterp-{short}@0.1.0");
                let member = Member {
                    name: format!("subinterp-{short}"),
                    dir: format!("/w/crates/{short}").into(),
                };
                (id, member)
            })
            .collect()
    }

    #[test]
    fn executables_from_the_message_stream() {
        let exes = executables(
            &stream(),
            &stream_members(),
            &names(&["subinterp-obmalloc", "subinterp-gil"]),
        )
        .unwrap();
        let got: Vec<(String, String, &str)> = exes
            .iter()
            .map(|e| (e.label(), e.stem(), e.path.to_str().unwrap()))
            .collect();
        let expect = [
            (
                "subinterp-obmalloc lib",
                "subinterp-obmalloc.lib.subinterp_obmalloc",
                "/t/debug/deps/subinterp_obmalloc-4072",
            ),
            (
                "subinterp-obmalloc test memory",
                "subinterp-obmalloc.test.memory",
                "/t/debug/deps/memory-9327",
            ),
            (
                "subinterp-gil lib",
                "subinterp-gil.lib.subinterp_gil",
                "/t/debug/deps/subinterp_gil-7101",
            ),
            (
                "subinterp-gil test gil",
                "subinterp-gil.test.gil",
                "/t/debug/deps/gil-7d03",
            ),
            (
                "subinterp-gil test stress",
                "subinterp-gil.test.stress",
                "/t/debug/deps/stress-00e5",
            ),
        ];
        let expect: Vec<(String, String, &str)> = expect
            .into_iter()
            .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn executables_only_of_chosen_packages() {
        let exes = executables(&stream(), &stream_members(), &names(&["subinterp-gil"])).unwrap();
        assert!(
            exes.iter()
                .all(|e| e.package == "subinterp-gil" && e.dir == Path::new("/w/crates/gil")),
            "{exes:?}"
        );
        assert_eq!(exes.len(), 3);
    }

    #[test]
    fn bad_json_is_an_error_and_other_lines_are_skipped() {
        let members = stream_members();
        let chosen = names(&["subinterp-gil"]);
        assert_eq!(
            executables("warning: not json\n\n", &members, &chosen),
            Ok(Vec::new())
        );
        let err = executables("{\"reason\": \n", &members, &chosen).unwrap_err();
        assert!(
            err.starts_with("cargo: bad JSON message on line 1: "),
            "{err}"
        );
    }
}
