//! The import graph between the files of `src/`: every "never" of
//! `shared/DESIGN.md` holds and no two files import each other, directly or
//! through others. Paths are read with `syn` (`use` trees, and `crate::`,
//! `super::`, `self::` or child-module paths anywhere in the code), resolved
//! to the file that holds the named module; code under `#[cfg(test)]` counts
//! too. `cargo test --test it layers -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// What still breaks the rules: the to-do list. The test fails on anything
/// not listed here, and on anything listed that is gone, so it only shrinks.
const KNOWN: &[&str] = &[];

/// Top-level module → the top-level modules it must never import.
const NEVER: &[(&str, &[&str])] = &[
    ("timing", &["ui", "audio"]),
    ("app", &["ui", "cmd", "audio"]),
    ("bank", &["ui", "audio", "session"]),
    ("session", &["ui", "audio"]),
    ("input", &["ui", "audio", "cmd"]),
    ("ui", &["cmd"]),
    ("error", &["ui"]),
];

type Module = Vec<String>;

/// Every library file under `src/` by its module path (`lib.rs` is the root).
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, prefix: &Module, out: &mut BTreeMap<Module, PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut module = prefix.clone();
            if path.is_dir() {
                module.push(name.clone());
                walk(&path, &module, out);
                continue;
            }
            // Rust files only (snapshot files sit beside the views).
            if name == "main" || path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            if !matches!(name.as_str(), "mod" | "lib") {
                module.push(name);
            }
            {
                out.insert(module, path);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, &Vec::new(), &mut out);
    out
}

/// Collects the absolute module paths one file names.
struct Paths<'a> {
    files: &'a BTreeMap<Module, PathBuf>,
    /// The module the visitor is in: the file's, plus inline `mod`s.
    here: Module,
    /// Names bound by `use` to a module path of this crate.
    aliases: BTreeMap<String, Module>,
    found: Vec<Module>,
}

impl Paths<'_> {
    /// The absolute path `segments` names from here, if it is this crate's.
    fn absolute(&self, segments: &[String]) -> Option<Module> {
        let (first, rest) = segments.split_first()?;
        let mut base = match first.as_str() {
            "crate" => Vec::new(),
            "self" => self.here.clone(),
            "super" => self.here[..self.here.len().saturating_sub(1)].to_vec(),
            name => {
                let mut child = self.here.clone();
                child.push(name.to_string());
                if self.files.contains_key(&child) {
                    child
                } else {
                    self.aliases.get(name)?.clone()
                }
            }
        };
        let mut rest = rest;
        while rest.first().is_some_and(|s| s == "super") {
            base.pop();
            rest = &rest[1..];
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.leaf(prefix, &n.ident.to_string(), None),
            syn::UseTree::Rename(r) => {
                self.leaf(prefix, &r.ident.to_string(), Some(r.rename.to_string()))
            }
            syn::UseTree::Glob(_) => {
                if let Some(m) = self.absolute(prefix) {
                    self.found.push(m);
                }
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.tree(prefix, t);
                }
            }
        }
    }

    fn leaf(&mut self, prefix: &[String], name: &str, rename: Option<String>) {
        let mut segments = prefix.to_vec();
        if name != "self" {
            segments.push(name.to_string());
        }
        if let Some(m) = self.absolute(&segments) {
            if self.files.contains_key(&m) {
                let bound = rename.unwrap_or_else(|| segments.last().unwrap().clone());
                self.aliases.insert(bound, m.clone());
            }
            self.found.push(m);
        }
    }
}

impl<'ast> Visit<'ast> for Paths<'_> {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.tree(&mut Vec::new(), &u.tree);
    }

    // `pub(super)` names who may see an item, not something imported.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.here.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.here.pop();
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.path(&segments);
        syn::visit::visit_path(self, p);
    }

    // Macro arguments and attributes (`format!(..)`, `#[error(..)]`) stay
    // tokens to syn: paths are picked out of them as `a :: b` runs.
    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        syn::visit::visit_macro(self, m);
    }

    fn visit_attribute(&mut self, a: &'ast syn::Attribute) {
        if let syn::Meta::List(list) = &a.meta {
            self.tokens(list.tokens.clone());
        }
    }
}

impl Paths<'_> {
    fn path(&mut self, segments: &[String]) {
        let named =
            segments.len() > 1 || matches!(segments[0].as_str(), "crate" | "self" | "super");
        self.found.extend(self.absolute(segments).filter(|_| named));
    }

    fn tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut run: Vec<String> = Vec::new();
        let mut colons = 0;
        for t in tokens {
            match t {
                TokenTree::Ident(i) if run.is_empty() || colons == 2 => {
                    run.push(i.to_string());
                    colons = 0;
                    continue;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && !run.is_empty() && colons < 2 => {
                    colons += 1;
                    continue;
                }
                TokenTree::Group(ref g) => self.tokens(g.stream()),
                _ => {}
            }
            if !run.is_empty() {
                self.path(&std::mem::take(&mut run));
            }
            colons = 0;
            if let TokenTree::Ident(i) = t {
                run.push(i.to_string());
            }
        }
        if !run.is_empty() {
            self.path(&run);
        }
    }
}

/// The file a module path lands in: its longest prefix that is a file.
fn file_of(files: &BTreeMap<Module, PathBuf>, path: &Module) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|m| files.contains_key(m))
}

fn show(m: &Module) -> String {
    if m.is_empty() {
        "lib".into()
    } else {
        m.join("::")
    }
}

/// File → the files it imports.
fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = modules(&src);
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut v = Paths {
            files: &files,
            here: module.clone(),
            aliases: BTreeMap::new(),
            found: Vec::new(),
        };
        // Twice: a `use` further down binds names used above it.
        v.visit_file(&ast);
        v.found.clear();
        v.visit_file(&ast);
        let targets: BTreeSet<Module> = v
            .found
            .iter()
            .filter_map(|p| file_of(&files, p))
            .filter(|t| t != module && !t.is_empty())
            .collect();
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The strongly connected components with more than one file (Tarjan).
fn circles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on: BTreeSet<&'a Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut scc = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on.remove(w);
                scc.push(w.clone());
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                s.out.push(scc);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}

fn never_edges(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<String> {
    let top = |m: &Module| m.first().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for (from, targets) in graph {
        let Some((_, banned)) = NEVER.iter().find(|(f, _)| *f == top(from)) else {
            continue;
        };
        for to in targets {
            if banned.contains(&top(to).as_str()) {
                out.push(format!("{} -> {}", show(from), show(to)));
            }
        }
    }
    out
}

#[test]
fn no_never_edge_and_no_circle() {
    let graph = graph();
    for (from, targets) in &graph {
        let to: Vec<String> = targets.iter().map(show).collect();
        println!("{}: {}", show(from), to.join(" "));
    }
    let never = never_edges(&graph);
    let circles: Vec<String> = circles(&graph)
        .iter()
        .map(|c| c.iter().map(show).collect::<Vec<_>>().join(" <-> "))
        .collect();
    let found: Vec<String> = never
        .iter()
        .map(|e| format!("never: {e}"))
        .chain(circles.iter().map(|c| format!("circle: {c}")))
        .collect();
    let new: Vec<&String> = found
        .iter()
        .filter(|f| !KNOWN.contains(&f.as_str()))
        .collect();
    let gone: Vec<&&str> = KNOWN
        .iter()
        .filter(|k| !found.contains(&k.to_string()))
        .collect();
    assert!(
        new.is_empty() && gone.is_empty(),
        "new:\n{new:#?}\ngone (take them off KNOWN):\n{gone:#?}"
    );
}

#[test]
fn the_checker_sees_a_never_edge_and_a_circle() {
    let m = |s: &str| s.split("::").map(String::from).collect::<Module>();
    let graph: BTreeMap<Module, BTreeSet<Module>> = [
        (m("session::store"), [m("audio::analysis")].into()),
        (m("audio::analysis"), [m("audio::pace")].into()),
        (m("audio::pace"), [m("audio::analysis")].into()),
    ]
    .into();
    assert_eq!(never_edges(&graph), ["session::store -> audio::analysis"]);
    assert_eq!(
        circles(&graph),
        [vec![m("audio::analysis"), m("audio::pace")]]
    );
}
