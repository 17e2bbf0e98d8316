//! The lexers give Pygments' classes on real code: every non-blank character of each fixture in
//! `fixtures/LANGUAGE/` (for Python a sample of FastAPI's, Typer's, HTTPX's and Flask's code; for
//! the shell session, Bash, JSON, TOML and YAML blocks of Typer's, HTTPX's, FastAPI's,
//! Pydantic's, uv's, Poetry's (and for YAML Material for MkDocs', Starlette's, SQLModel's) docs
//! and files; Python console sessions of HTTPX's docs and doctests of Requests, Flask, Pydantic
//! and CPython's standard library; for JavaScript and TypeScript the blocks and scripts of
//! FastAPI's, Material for MkDocs', uv's and Flask's docs and a sample of Material's own
//! TypeScript; for HTML the blocks of those docs and a sample of Material's templates; and
//! quire's own corner cases) has the class `NAME.pygments` says Pygments' lexer gives it. Those
//! tables come from
//! `bench/highlight_vs_pygments.py --lang LANGUAGE --write-tables crates/quire-highlight/fixtures/LANGUAGE`.

use std::path::Path;

use quire_highlight::Language;

/// The class of each byte, from a table's `class length` lines.
fn table_classes(table: &str, path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in table
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#'))
    {
        let (class, len) = line
            .split_once(' ')
            .and_then(|(c, l)| Some((c, l.parse::<usize>().ok()?)))
            .unwrap_or_else(|| panic!("{}:{}: not `class length`", path.display(), n + 1));
        out.extend(std::iter::repeat_n(class.to_string(), len));
    }
    out
}

fn lexer_classes(language: Language, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    language.highlight(code, &mut |class, text| {
        let name = class.short().unwrap_or("-");
        out.extend(std::iter::repeat_n(name.to_string(), text.len()));
    });
    out
}

#[test]
fn the_python_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("python", "py", 50);
}

#[test]
fn the_shell_session_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("console", "sh-session", 20);
}

#[test]
fn the_bash_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("bash", "sh", 20);
}

#[test]
fn the_json_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("json", "json", 10);
}

#[test]
fn the_toml_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("toml", "toml", 20);
}

#[test]
fn the_yaml_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("yaml", "yaml", 20);
}

#[test]
fn the_python_console_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("pycon", "pycon", 10);
}

#[test]
fn the_javascript_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("javascript", "js", 20);
}

#[test]
fn the_typescript_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("typescript", "ts", 20);
}

#[test]
fn the_html_lexer_agrees_with_pygments_on_every_fixture() {
    agrees_on_fixtures("html", "html", 20);
}

/// Every fixture `fixtures/LANGUAGE/*.EXTENSION` (at least `at_least` of them) gets the classes
/// of its Pygments table.
fn agrees_on_fixtures(language: &str, extension: &str, at_least: usize) {
    let lexer = Language::from_fence(language).expect("a language quire-highlight reads");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(language);
    let mut fixtures: Vec<_> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("a fixture").path())
        .filter(|p| {
            p.to_str()
                .is_some_and(|p| p.ends_with(&format!(".{extension}")))
        })
        .collect();
    fixtures.sort();
    assert!(
        fixtures.len() >= at_least,
        "only {} fixtures",
        fixtures.len()
    );
    let mut disagreements = Vec::new();
    for path in &fixtures {
        let code = std::fs::read_to_string(path).expect("a fixture");
        let table_path = dir.join(
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(extension))
                .map(|stem| format!("{stem}pygments"))
                .expect("a fixture's name"),
        );
        let table = std::fs::read_to_string(&table_path).unwrap_or_else(|_| {
            panic!(
                "{} has no Pygments table: run the script in this file's header",
                path.display()
            )
        });
        let pygments = table_classes(&table, &table_path);
        let ours = lexer_classes(lexer, &code);
        assert_eq!(
            pygments.len(),
            code.len(),
            "{}: the table is for another text",
            table_path.display()
        );
        assert_eq!(
            ours.len(),
            code.len(),
            "{}: the lexer lost text",
            path.display()
        );
        let first = code
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .find(|&(i, _)| pygments[i] != ours[i]);
        if let Some((i, _)) = first {
            let line = code[..i].matches('\n').count() + 1;
            let text = code.lines().nth(line - 1).unwrap_or_default();
            disagreements.push(format!(
                "{}:{line}: Pygments says `{}`, the lexer `{}` at byte {i}: {text}",
                path.display(),
                pygments[i],
                ours[i]
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
