//! The crate's structure holds, read from the source tree:
//! - the layers (the module map in `src/lib.rs`): every `crate::…` path in the code of a
//!   top-level module points only at the modules below it. A new import that points up or
//!   sideways (the 2D product reaching into the CNN, the SIMD layer knowing an optimizer) fails
//!   here, with the file and line;
//! - the files of `src/` form a chain: no import cycle between files, in any module (the file
//!   import graph is built here, see below). A cycle fails with its files and the lines of
//!   its imports.
//!
//! Both checkers are functions over a map of file texts, so the tests below also run them on
//! small planted trees to show they catch what they are for. Natively only: it reads the
//! source tree.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Which top-level modules each one may use. `web` may use everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("simd", &[]),
    ("libm", &[]),
    ("value", &[]),
    ("error", &["value"]),
    ("tfevents", &[]),
    ("optim", &["simd", "libm", "error"]),
    ("plane", &["simd", "libm", "optim", "error", "tfevents"]),
    ("cnn", &["simd", "libm", "optim", "error", "tfevents"]),
    ("keras_code", &["optim", "error", "value"]),
    ("training_log", &["tfevents"]),
];

/// The crate root's re-exports, by the module they come from.
const ROOT_REEXPORTS: &[(&str, &str)] = &[
    ("ConfigError", "error"),
    ("OptimizerConfig", "optim"),
    ("lr_schedule", "optim"),
    ("LearningRateSchedule", "optim"),
    ("parse_keras_code", "keras_code"),
    ("ParsedCode", "keras_code"),
    ("build_info", "lib"),
    ("BuildInfo", "lib"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`plane/grid.rs` → `plane`), from its path
/// relative to `src/`.
fn top_module(file: &str) -> &str {
    file.split('/').next().unwrap().trim_end_matches(".rs")
}

/// `(line number, target module)` of every `crate::<name>` in the file's code (comments
/// skipped, so doc links to other layers are fine).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = &rest[..at];
            rest = &rest[at + "crate::".len()..];
            // `$crate::` in a macro is this crate too; `other_crate::` is not.
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let module = ROOT_REEXPORTS
                .iter()
                .find(|(item, _)| *item == name)
                .map_or(name.clone(), |(_, m)| m.to_string());
            found.push((i + 1, module));
        }
    }
    found
}

/// Every `crate::…` path of a source tree (paths relative to `src/`) that points against the
/// layers of [`ALLOWED`], and every top-level module that has no layer; with the top-level
/// modules each one uses.
fn layer_violations(
    files: &BTreeMap<String, String>,
) -> (Vec<String>, BTreeMap<String, BTreeSet<String>>) {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (file, text) in files {
        let from = top_module(file);
        if from == "lib" {
            continue;
        }
        // Every top-level module is in the map, so a new one must be placed in a layer.
        if from != "web" && !allowed.contains_key(from) {
            wrong.push(format!("src/{file}: module {from} has no layer in ALLOWED"));
            continue;
        }
        for (line, to) in crate_paths(text) {
            if to == from {
                continue;
            }
            graph
                .entry(from.to_string())
                .or_default()
                .insert(to.clone());
            if from != "web" && !allowed[from].contains(&to.as_str()) {
                wrong.push(format!("src/{file}:{line}: {from} uses {to}"));
            }
        }
    }
    (wrong, graph)
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (wrong, graph) = layer_violations(&source_tree(&src));
    for (from, to) in &graph {
        eprintln!(
            "{from} -> {}",
            to.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_import() {
    let text = "use crate::plane::functions::Function; // crate::cnn in a comment\n\
                let x = $crate::simd::F32x4::splat(1.0);\n\
                let e = crate::ConfigError::new(\"a\", \"b\");\n\
                let y = other_crate::thing;";
    assert_eq!(
        crate_paths(text),
        vec![
            (1, "plane".to_string()),
            (2, "simd".to_string()),
            (3, "error".to_string())
        ]
    );
}

#[test]
fn inside_the_2d_product_the_functions_use_no_sibling() {
    // The test functions are the bottom of `plane`: the grid, the lanes, the trajectory and the
    // sweep are built on them, never the other way round.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plane/functions.rs");
    let text = fs::read_to_string(&path).unwrap();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for sibling in ["grid", "lanes", "formulas", "trajectory", "sweep", "render"] {
            assert!(
                !code.contains(&format!("plane::{sibling}"))
                    && !code.contains(&format!("super::{sibling}")),
                "src/plane/functions.rs:{}: uses {sibling}",
                i + 1
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The files of `src/` form a chain: no file imports, through any number of others, a file that
// imports it back. A module's own header (its `mod.rs`, `lib.rs`, or `a.rs` for `a/b.rs`) is
// the one exception: a file may use what its ancestors define.
//
// How a path becomes an edge between two files:
// - every `use` tree and every path starting with `crate::`, `$crate::`, `super::` or `self::`
//   is made absolute (`super` walks up from the module the path is written in, so `super::*`
//   inside a file's `mod tests` is the file itself); a `use` path may also start with a child
//   module's name (`pub use config::X;` in `optim/mod.rs`);
// - the absolute path lands in the deepest file along it (`crate::optim::lr::LrPolicy` →
//   `optim/lr.rs`); when the next name is one that file imports (a re-export, `pub use`, or a
//   private `use` its children can see), the path is followed to where that name comes from,
//   so `super::ResolvedConfig` in `optim/lr.rs` is an edge to `optim/config.rs`, not to
//   `optim/mod.rs` (re-exports would otherwise hide real cycles behind the module's header,
//   and invent false ones through it);
// - an edge from a file to itself or to one of its ancestors is dropped (see above).
// Comments, doc links and string literals are not code and make no edges; test modules inside a
// file are part of the file. Not followed: glob re-exports (a path through `pub use x::*` lands
// in the file holding the glob), macros called by name, `#[path]` attributes (none in `src/`).
// ---------------------------------------------------------------------------------------------

/// One import between two files of `src/`, by paths relative to `src/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Import {
    from: String,
    line: usize,
    to: String,
}

/// The Rust files under `dir`, by path relative to `dir` with `/` separators, with their text.
fn source_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    files
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(dir).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            (rel.join("/"), fs::read_to_string(file).unwrap())
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
}

/// The file's code as identifiers and punctuation, each with its line; comments, strings and
/// character literals are skipped (a `'{'` must not open a block).
fn tokens(text: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Skips a string body from `i` (just past the opening quote) to past the closing quote.
    let skip_string = |mut i: usize, line: &mut usize, hashes: Option<usize>| -> usize {
        while i < chars.len() {
            match (chars[i], hashes) {
                ('\n', _) => *line += 1,
                ('\\', None) => {
                    if at(i + 1) == '\n' {
                        *line += 1;
                    }
                    i += 1;
                }
                ('"', None) => return i + 1,
                ('"', Some(n)) if (1..=n).all(|k| at(i + k) == '#') => return i + 1 + n,
                _ => {}
            }
            i += 1;
        }
        i
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' {
            i = skip_string(i + 1, &mut line, None);
        } else if c == '\'' {
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                // A lifetime or a label: its name follows as an identifier.
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let prefix = matches!(word.as_str(), "r" | "b" | "br" | "c" | "cr");
            if prefix && word.ends_with('r') && (at(i) == '#' || at(i) == '"') {
                let mut hashes = 0;
                while at(i + hashes) == '#' {
                    hashes += 1;
                }
                if at(i + hashes) == '"' {
                    i = skip_string(i + hashes + 1, &mut line, Some(hashes));
                    continue;
                }
            } else if prefix && at(i) == '"' {
                i = skip_string(i + 1, &mut line, None);
                continue;
            } else if word == "b" && at(i) == '\'' {
                continue;
            }
            out.push((Tok::Ident(word), line));
        } else if c == ':' && at(i + 1) == ':' {
            out.push((Tok::PathSep, line));
            i += 2;
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

/// The module path of a file (`optim/lr.rs` → `optim::lr`, `optim/mod.rs` → `optim`, `lib.rs`
/// → the crate root).
fn module_of(file: &str) -> Vec<String> {
    let mut parts: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") || parts == ["lib"] {
        parts.pop();
    }
    parts
}

/// The file that holds a module, if the module has a file of its own.
fn file_of(files: &BTreeMap<String, String>, module: &[String]) -> Option<String> {
    if module.is_empty() {
        return files.contains_key("lib.rs").then(|| "lib.rs".to_string());
    }
    let base = module.join("/");
    [format!("{base}.rs"), format!("{base}/mod.rs")]
        .into_iter()
        .find(|f| files.contains_key(f))
}

/// One path found in a file: where, the absolute path, and for a `use` at the top of the file
/// the name it brings into the file's scope (none for a glob).
struct FoundPath {
    line: usize,
    path: Vec<String>,
    binds: Option<String>,
}

/// Makes a path absolute from the module it is written in; `None` for other crates and local
/// names.
fn absolute(
    files: &BTreeMap<String, String>,
    module: &[String],
    path: &[String],
    in_use: bool,
) -> Option<Vec<String>> {
    let first = path.first()?;
    match first.as_str() {
        "crate" => Some(path[1..].to_vec()),
        "self" => Some([module, &path[1..]].concat()),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            Some([&base[..], rest].concat())
        }
        _ if in_use && file_of(files, &[module, &path[..1]].concat()).is_some() => {
            Some([module, path].concat())
        }
        _ => None,
    }
}

/// Parses one `use` tree starting at `i` (after `use`); pushes each leaf as
/// `(line, path, bound name)`; returns the index after the tree.
fn use_tree(
    toks: &[(Tok, usize)],
    mut i: usize,
    prefix: &[String],
    out: &mut Vec<(usize, Vec<String>, Option<String>)>,
) -> usize {
    let mut path = prefix.to_vec();
    let mut line = toks.get(i).map_or(0, |t| t.1);
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Ident(word) if word == "as" => {
                let alias = match toks.get(i + 1) {
                    Some((Tok::Ident(a), _)) => a.clone(),
                    _ => String::new(),
                };
                out.push((line, path, Some(alias)));
                return i + 2;
            }
            Tok::Ident(word) => {
                line = toks[i].1;
                if word == "self" && !path.is_empty() {
                    let name = path.last().cloned();
                    out.push((line, path, name));
                    return i + 1;
                }
                path.push(word.clone());
                i += 1;
            }
            Tok::PathSep => i += 1,
            Tok::Punct('$') => i += 1,
            Tok::Punct('*') => {
                out.push((line, path, None));
                return i + 1;
            }
            Tok::Punct('{') => {
                i += 1;
                loop {
                    match toks.get(i).map(|t| &t.0) {
                        Some(Tok::Punct('}')) => return i + 1,
                        Some(Tok::Punct(',')) => i += 1,
                        None => return i,
                        _ => i = use_tree(toks, i, &path, out),
                    }
                }
            }
            _ => break,
        }
    }
    let name = path.last().cloned();
    out.push((line, path, name));
    i
}

/// Every path in a file that points into this crate, made absolute.
fn paths_in(files: &BTreeMap<String, String>, file: &str) -> Vec<FoundPath> {
    let toks = tokens(&files[file]);
    let file_module = module_of(file);
    // Inline modules (`mod tests { … }`) the scan is inside: name and the depth they opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut found = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let module: Vec<String> = file_module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(name, _)| name.clone()))
            .collect();
        let word = match &toks[i].0 {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
                continue;
            }
            Tok::Punct('}') => {
                depth -= 1;
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
                continue;
            }
            Tok::Ident(word) => word.as_str(),
            _ => {
                i += 1;
                continue;
            }
        };
        if word == "mod" {
            if let (Some((Tok::Ident(name), _)), Some((Tok::Punct('{'), _))) =
                (toks.get(i + 1), toks.get(i + 2))
            {
                inline.push((name.clone(), depth));
                depth += 1;
                i += 3;
                continue;
            }
        }
        if word == "use" {
            let mut leaves = Vec::new();
            i = use_tree(&toks, i + 1, &[], &mut leaves);
            for (line, path, name) in leaves {
                if let Some(path) = absolute(files, &module, &path, true) {
                    let binds = if depth == 0 { name } else { None };
                    found.push(FoundPath { line, path, binds });
                }
            }
            continue;
        }
        let starts_path = matches!(word, "crate" | "super" | "self")
            && toks.get(i + 1).is_some_and(|t| t.0 == Tok::PathSep)
            && (i == 0 || toks[i - 1].0 != Tok::PathSep);
        if starts_path {
            let line = toks[i].1;
            let mut path = vec![word.to_string()];
            i += 1;
            while let (Some((Tok::PathSep, _)), Some((Tok::Ident(next), _))) =
                (toks.get(i), toks.get(i + 1))
            {
                path.push(next.clone());
                i += 2;
            }
            if let Some(path) = absolute(files, &module, &path, false) {
                found.push(FoundPath {
                    line,
                    path,
                    binds: None,
                });
            }
            continue;
        }
        i += 1;
    }
    found
}

/// The names a file brings into scope with a top-level `use`: name → absolute sources (several
/// for `#[cfg]` twins).
type Scope = BTreeMap<String, Vec<Vec<String>>>;

/// The files an absolute path lands in: the deepest file along it, followed through the names
/// that file imports.
fn land(
    files: &BTreeMap<String, String>,
    scopes: &BTreeMap<String, Scope>,
    path: &[String],
    hops: usize,
) -> Vec<String> {
    let mut depth = 0;
    while depth < path.len() && file_of(files, &path[..=depth]).is_some() {
        depth += 1;
    }
    let Some(file) = file_of(files, &path[..depth]) else {
        return Vec::new();
    };
    if depth < path.len() && hops < 16 {
        if let Some(sources) = scopes.get(&file).and_then(|s| s.get(&path[depth])) {
            let landed: BTreeSet<String> = sources
                .iter()
                .flat_map(|source| {
                    let through = [&source[..], &path[depth + 1..]].concat();
                    land(files, scopes, &through, hops + 1)
                })
                .collect();
            if !landed.is_empty() {
                return landed.into_iter().collect();
            }
        }
    }
    vec![file]
}

/// Whether `ancestor` holds a module that contains `file`'s module (`optim/mod.rs` and
/// `lib.rs` for `optim/lr.rs`; `a.rs` for `a/b.rs`).
fn is_ancestor(ancestor: &str, file: &str) -> bool {
    let (a, f) = (module_of(ancestor), module_of(file));
    a.len() < f.len() && f.starts_with(&a)
}

/// The file-level import graph of a source tree (paths relative to `src/`).
fn import_graph(files: &BTreeMap<String, String>) -> Vec<Import> {
    let found: BTreeMap<&String, Vec<FoundPath>> =
        files.keys().map(|f| (f, paths_in(files, f))).collect();
    let mut scopes: BTreeMap<String, Scope> = BTreeMap::new();
    for (file, paths) in &found {
        for p in paths {
            if let Some(name) = &p.binds {
                scopes
                    .entry(file.to_string())
                    .or_default()
                    .entry(name.clone())
                    .or_default()
                    .push(p.path.clone());
            }
        }
    }
    let mut imports = BTreeSet::new();
    for (from, paths) in &found {
        for p in paths {
            for to in land(files, &scopes, &p.path, 0) {
                if to != **from && !is_ancestor(&to, from) {
                    imports.insert(Import {
                        from: from.to_string(),
                        line: p.line,
                        to,
                    });
                }
            }
        }
    }
    imports.into_iter().collect()
}

/// Breadth-first from `from`: each file reached, with the file it was first reached from.
fn reach<'a>(
    graph: &BTreeMap<&'a str, BTreeSet<&'a str>>,
    from: &'a str,
) -> BTreeMap<&'a str, &'a str> {
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        for next in &graph[at] {
            if !parent.contains_key(next) {
                parent.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    parent
}

/// Every cycle among the files, one report per set of files that reach each other: a shortest
/// cycle through them with the lines of its imports, then every other import inside the set.
fn cycles(imports: &[Import]) -> Vec<String> {
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for import in imports {
        graph.entry(&import.from).or_default().insert(&import.to);
        graph.entry(&import.to).or_default();
    }
    let reached: BTreeMap<&str, BTreeMap<&str, &str>> =
        graph.keys().map(|f| (*f, reach(&graph, f))).collect();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    let mut out = Vec::new();
    for (file, parents) in &reached {
        if reported.contains(file) || !parents.contains_key(file) {
            continue;
        }
        let group: BTreeSet<&str> = parents
            .keys()
            .copied()
            .filter(|other| reached[other].contains_key(file))
            .collect();
        reported.extend(group.iter().copied());
        // The shortest way from a file back to itself, walked backwards through the parents;
        // reported for the file of the group whose way is the shortest.
        let cycle = group
            .iter()
            .map(|&start| {
                let parents = &reached[start];
                let mut cycle = vec![start];
                let mut at = parents[start];
                while at != start {
                    cycle.push(at);
                    at = parents[at];
                }
                cycle.push(start);
                cycle.reverse();
                cycle
            })
            .min_by_key(Vec::len)
            .unwrap();
        let lines = |from: &str, to: &str| -> Vec<String> {
            imports
                .iter()
                .filter(|i| i.from == from && i.to == to)
                .map(|i| format!("    src/{}:{} imports src/{}", i.from, i.line, i.to))
                .collect()
        };
        let mut report = format!("cycle: {}\n", cycle.join(" -> "));
        for pair in cycle.windows(2) {
            report += &(lines(pair[0], pair[1]).join("\n") + "\n");
        }
        let on_cycle: BTreeSet<(&str, &str)> = cycle.windows(2).map(|p| (p[0], p[1])).collect();
        let others: Vec<String> = imports
            .iter()
            .filter(|i| group.contains(i.from.as_str()) && group.contains(i.to.as_str()))
            .filter(|i| !on_cycle.contains(&(i.from.as_str(), i.to.as_str())))
            .map(|i| format!("    src/{}:{} imports src/{}", i.from, i.line, i.to))
            .collect();
        if !others.is_empty() {
            report += &format!(
                "  and the other imports among these {} files:\n{}\n",
                group.len(),
                others.join("\n")
            );
        }
        out.push(report);
    }
    out
}

#[test]
fn the_files_of_src_import_each_other_without_a_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = source_tree(&src);
    let imports = import_graph(&files);
    // The graph must see the crate's imports at all (a parser that finds nothing passes).
    assert!(imports.len() > 100, "only {} imports found", imports.len());
    let found = cycles(&imports);
    assert!(
        found.is_empty(),
        "import cycles between files of src/:\n{}",
        found.join("\n")
    );
}

/// A tree of files from `(path, text)` pairs.
fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect()
}

#[test]
fn the_layer_checker_catches_a_planted_upward_import() {
    let clean = [
        (
            "lib.rs",
            "pub mod optim;\npub mod simd;\npub use optim::OptimizerConfig;",
        ),
        ("simd/mod.rs", "pub struct F32x4;"),
        (
            "optim/mod.rs",
            "use crate::simd::F32x4;\n/// [`crate::plane`] in a doc",
        ),
        ("web/mod.rs", "use crate::plane::Grid;"),
    ];
    let (wrong, _) = layer_violations(&tree(&clean));
    assert_eq!(wrong, Vec::<String>::new());
    let mut planted = clean.to_vec();
    planted.push((
        "simd/scalar.rs",
        "pub struct F32x4;\nfn f() { crate::OptimizerConfig::default(); }",
    ));
    planted.push(("gui/mod.rs", "pub struct Window;"));
    let (wrong, _) = layer_violations(&tree(&planted));
    assert_eq!(
        wrong,
        vec![
            "src/gui/mod.rs: module gui has no layer in ALLOWED".to_string(),
            "src/simd/scalar.rs:2: simd uses optim".to_string(),
        ]
    );
}

/// A small `optim` in the shape of the real one: a leaf (`lr`, `spec`), a file above it
/// (`config`), the module's header (`mod.rs`: its own items, and re-exports). Also the things
/// that must not make edges: comments, strings, a `'{'`, `super` inside a `mod tests`, the
/// module's header used by its children.
const CHAIN: &[(&str, &str)] = &[
    ("lib.rs", "pub mod optim;\npub use optim::lr_schedule;\n"),
    (
        "optim/mod.rs",
        "pub mod config;\npub mod lr;\npub mod spec;\n\
         pub use config::{lr_schedule, OptimizerConfig};\n\
         pub struct StepInfo;\n",
    ),
    ("optim/spec.rs", "pub enum Api { Legacy }\n"),
    (
        "optim/lr.rs",
        "use super::StepInfo;\n\
         use super::spec::{self, Api};\n\
         /// Read by [`crate::optim::config`] (a doc link, no import).\n\
         pub fn f<'a>(s: &'a str) -> char { let _ = \"crate::optim::config\"; '{' }\n\
         #[cfg(test)]\n\
         mod tests {\n    use super::*;\n    use crate::optim::lr::f;\n}\n\
         pub fn g() -> Api { spec::Api::Legacy }\n",
    ),
    (
        "optim/config.rs",
        "use super::lr::f;\n\
         pub fn lr_schedule() { let _ = crate::optim::spec::Api::Legacy; }\n\
         pub struct OptimizerConfig;\n",
    ),
];

fn import(from: &str, line: usize, to: &str) -> Import {
    Import {
        from: from.to_string(),
        line,
        to: to.to_string(),
    }
}

#[test]
fn the_import_graph_resolves_paths_to_the_files_that_define_them() {
    assert_eq!(
        import_graph(&tree(CHAIN)),
        vec![
            // Through two re-exports: `lib.rs` → `optim/mod.rs` → `optim/config.rs`.
            import("lib.rs", 2, "optim/config.rs"),
            import("optim/config.rs", 1, "optim/lr.rs"),
            import("optim/config.rs", 2, "optim/spec.rs"),
            import("optim/lr.rs", 2, "optim/spec.rs"),
            // `lr.rs` line 10: `spec::Api` after `use super::spec` is the same edge, made by
            // the `use`; `super::*` in its tests is the file itself.
            import("optim/mod.rs", 4, "optim/config.rs"),
        ]
    );
    assert_eq!(cycles(&import_graph(&tree(CHAIN))), Vec::<String>::new());
}

#[test]
fn the_cycle_checker_catches_a_planted_cycle() {
    // The leaf imports the file above it through the module's re-export: a cycle, even though
    // the path names only `mod.rs`.
    let mut planted = tree(CHAIN);
    planted
        .get_mut("optim/lr.rs")
        .unwrap()
        .push_str("use super::OptimizerConfig;\n");
    assert_eq!(
        cycles(&import_graph(&planted)),
        vec!["cycle: optim/config.rs -> optim/lr.rs -> optim/config.rs\n\
             \x20   src/optim/config.rs:1 imports src/optim/lr.rs\n\
             \x20   src/optim/lr.rs:11 imports src/optim/config.rs\n"
            .to_string()]
    );
    // Three files, through `super::super` from a nested module and a path in code.
    let mut planted = tree(CHAIN);
    planted.insert(
        "optim/spec/table.rs".to_string(),
        "fn rows() { super::super::config::lr_schedule(); }\n".to_string(),
    );
    planted
        .get_mut("optim/spec.rs")
        .unwrap()
        .push_str("mod table;\nuse table::rows;\n");
    let found = cycles(&import_graph(&planted));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "cycle: optim/config.rs -> optim/spec.rs -> optim/spec/table.rs -> optim/config.rs\n"
        ),
        "{}",
        found[0]
    );
    for line in [
        "src/optim/config.rs:2 imports src/optim/spec.rs",
        "src/optim/spec.rs:3 imports src/optim/spec/table.rs",
        "src/optim/spec/table.rs:1 imports src/optim/config.rs",
        "src/optim/lr.rs:2 imports src/optim/spec.rs",
    ] {
        assert!(found[0].contains(line), "{line} not in:\n{}", found[0]);
    }
}
