//! The maintainer's story: the source reads as a floor plan. Modules import one another in
//! one direction only (a stage never reaches back into the stage that calls it), and no
//! function is longer than one person reads at once. Read from src/ and each crates/*/src, one
//! crate at a time, as text: `use crate::…`,
//! `crate::…` paths and `super::…` paths name the modules a file depends on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The longest a function may be, in lines (its signature to its closing brace).
const LONGEST_FUNCTION: usize = 100;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    for root in roots() {
        let modules = modules(&root);
        for depth in [1, 2] {
            let graph = graph(&modules, depth);
            let circles = circles(&graph);
            assert!(
                circles.is_empty(),
                "import circles among modules of {} (at depth {depth}): {circles:#?}",
                root.display()
            );
        }
    }
}

#[test]
fn no_function_is_longer_than_a_screen_or_two() {
    let mut long = Vec::new();
    for file in roots().iter().flat_map(|root| modules(root).into_values()) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (name, line, lines) in functions(&without_tests(&text)) {
            if lines > LONGEST_FUNCTION {
                long.push(format!("{}:{line} {name}: {lines} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {LONGEST_FUNCTION} lines: {long:#?}"
    );
}

#[test]
fn the_checker_finds_a_circle_and_a_long_function() {
    // The two checks above, shown to fail on what they look for.
    let graph = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(circles(&graph).len(), 1);
    let body = "fn long() {\n".to_string() + &"    x();\n".repeat(120) + "}\n";
    assert_eq!(functions(&body), vec![("long".to_string(), 1, 122)]);
}

/// The source folder of quire and of each crate of the workspace.
fn roots() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut roots = vec![repo.join("src")];
    for entry in std::fs::read_dir(repo.join("crates")).unwrap() {
        roots.push(entry.unwrap().path().join("src"));
    }
    roots.sort();
    roots
}

/// Every module of a crate's source folder by its path (`build/plan`), with its file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let src = src.to_path_buf();
    let mut out = BTreeMap::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&src).unwrap().with_extension("");
                let mut parts: Vec<String> = (rel.iter())
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.insert(parts.join("/"), path);
            }
        }
    }
    out
}

/// Which modules each module imports, cut to their first `depth` parts; a module's own
/// parts and the crate root are left out.
fn graph(modules: &BTreeMap<String, PathBuf>, depth: usize) -> BTreeMap<String, BTreeSet<String>> {
    let cut = |parts: &[&str]| parts[..parts.len().min(depth)].join("/");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, file) in modules {
        let text = without_tests(&std::fs::read_to_string(file).unwrap());
        let own: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
        let me = cut(&own);
        for path in paths(&text, &own) {
            // The longest prefix of the path that is a module.
            let mut module: Vec<&str> = Vec::new();
            for part in &path {
                module.push(part);
                let key = module.join("/");
                let prefix = format!("{key}/");
                if !modules.contains_key(&key) && !modules.keys().any(|k| k.starts_with(&prefix)) {
                    module.pop();
                    break;
                }
            }
            if module.is_empty() {
                continue;
            }
            let target = cut(&module);
            if target != me && !me.is_empty() {
                graph.entry(me.clone()).or_default().insert(target);
            }
        }
    }
    graph
}

/// The module paths a file names, resolved from the crate root.
fn paths<'t>(text: &'t str, own: &[&'t str]) -> Vec<Vec<&'t str>> {
    let mut out = Vec::new();
    let words = |s: &'t str| -> Vec<&'t str> {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(s.len());
        s[..end].split("::").filter(|w| !w.is_empty()).collect()
    };
    for (i, _) in text.match_indices("crate::") {
        if !text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            out.push(words(&text[i + "crate::".len()..]));
        }
    }
    for (i, _) in text.match_indices("super::") {
        let before = &text[..i];
        if before.ends_with("super::")
            || before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        {
            continue;
        }
        let mut rest = &text[i..];
        let mut up = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            up += 1;
        }
        let base = &own[..own.len().saturating_sub(up)];
        out.push(base.iter().copied().chain(words(rest)).collect());
    }
    out
}

/// The text before a `#[cfg(test)] mod tests` block (tests may reach anywhere).
fn without_tests(text: &str) -> String {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}

/// The strongly connected groups of more than one module (Tarjan's algorithm).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            loop {
                let w = s.stack.pop().unwrap();
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// Each function of a file: its name, the line it starts on and its length in lines. Braces
/// in strings, characters and comments are skipped.
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = fn_name(line) else { continue };
        let mut depth = 0i32;
        let mut opened = false;
        for (j, l) in lines.iter().enumerate().skip(i) {
            let code = code_of(l);
            if !opened && depth == 0 && code.trim_end().ends_with(';') {
                break;
            }
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth == 0 {
                out.push((name.to_string(), i + 1, j - i + 1));
                break;
            }
        }
    }
    out
}

/// The name of the function a line declares.
fn fn_name(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace().skip_while(|w| {
        w.starts_with("pub")
            || matches!(
                *w,
                "const" | "async" | "unsafe" | "extern" | "\"C\"" | "default"
            )
    });
    (words.next()? == "fn").then_some(())?;
    let rest = words.next()?;
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|n| !n.is_empty())
}

/// A line without its comment, strings and character literals.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => break,
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' => {
                // A character literal ('{', '\n'); a lifetime ('a) is left as it is.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    chars.next();
                    chars.next();
                    while chars.next().is_some_and(|d| d != '\'') {}
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}
