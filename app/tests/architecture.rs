//! The module graph of `app`, read from its source: the shared layers name no domain, the
//! kernel names nothing, and no two top-level modules depend on each other (directly or around a
//! loop). A change that breaks one of these fails here, naming the file and the import.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed expectation is the test failing

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The business domains. Everything else at the top level is shared groundwork they stand on.
const DOMAINS: &[&str] = &["accounts", "lessons", "notebooks", "cohorts", "forum", "governance", "search"];
/// Depends on nothing else in the crate.
const LEAVES: &[&str] = &["kernel", "errors", "i18n"];
/// The route table: the one module allowed to name every domain, and named by none.
const TOP: &str = "routes";

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/lessons/pages.rs` → `lessons`).
fn module_of(file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src()).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_owned())
}

/// Every top-level module a source text names through `crate::`, also inside `use crate::{a, b::c}`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let Some(group) = rest.strip_prefix('{') else {
                out.insert(ident(rest));
                continue;
            };
            // Only the group's own items name modules: `{http::{Ctx, Form}, i18n}` → http, i18n.
            let (mut depth, mut start) = (0usize, true);
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if start && !c.is_whitespace() => {
                        out.insert(ident(&group[k..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        }
    }
    out.retain(|name| !name.is_empty());
    out
}

/// module → (module it names → first file:line that names it).
fn graph() -> BTreeMap<String, BTreeMap<String, String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f)).collect();
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(file) else { continue };
        let text = std::fs::read_to_string(file).expect("read source");
        graph.entry(from.clone()).or_default();
        for (n, line) in text.lines().enumerate() {
            for to in named_modules(line) {
                if to != from && modules.contains(&to) {
                    let place = format!("{}:{}", file.strip_prefix(src()).unwrap_or(file).display(), n + 1);
                    graph.entry(from.clone()).or_default().entry(to).or_insert(place);
                }
            }
        }
    }
    graph
}

#[test]
fn the_reader_sees_every_form_of_import() {
    let names = named_modules(
        "use crate::{http::{Ctx, Form}, i18n::t};\nlet x = crate::kernel::clock::now(); // crate::ui",
    );
    assert_eq!(names, ["http", "i18n", "kernel"].iter().map(|s| s.to_string()).collect());
}

#[test]
fn the_graph_knows_every_domain() {
    let graph = graph();
    for d in DOMAINS.iter().chain(LEAVES).chain(&[TOP, "http", "ui"]) {
        assert!(graph.contains_key(*d), "no module {d} in src/: update this test's lists");
    }
}

#[test]
fn shared_layers_name_no_domain() {
    let mut wrong = Vec::new();
    for (from, deps) in graph() {
        if DOMAINS.contains(&from.as_str()) || from == TOP {
            continue;
        }
        for (to, place) in deps {
            if DOMAINS.contains(&to.as_str()) || to == TOP {
                wrong.push(format!("{from} → {to} ({place})"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "shared groundwork depends on a domain or on the route table:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_leaves_name_nothing() {
    let graph = graph();
    for leaf in LEAVES {
        let deps = &graph[*leaf];
        assert!(deps.is_empty(), "{leaf} must depend on nothing in the crate, but names {deps:?}");
    }
}

#[test]
fn no_modules_depend_on_each_other_in_a_loop() {
    let graph = graph();
    // Depth-first search for a back edge; report the loop with where each step is written.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for to in graph.get(node).map(|d| d.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
            if let Some(c) = visit(&to, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(cycle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            let steps: Vec<String> =
                cycle.windows(2).map(|w| format!("{} → {} ({})", w[0], w[1], graph[&w[0]][&w[1]])).collect();
            panic!("modules depend on each other in a loop:\n{}", steps.join("\n"));
        }
    }
}
