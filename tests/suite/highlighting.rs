//! Code highlighting as a reader of a Pelican or MkDocs site expects it: Python marked the way
//! Pygments marks it, and the other languages docs use (bat's grammars), through the real binary.

use crate::common;

use common::{between, Site};

/// Builds one page with the fenced blocks and returns each block's `<code>` by its fence name.
fn highlighted(blocks: &[(&str, &str)]) -> Vec<String> {
    let mut body = String::from("title: Code\n\n");
    for (lang, code) in blocks {
        body.push_str(&format!("```{lang}\n{code}\n```\n\n"));
    }
    let site = Site::new().with("content/code.md", &body);
    site.build().succeeds();
    let html = site.read("code.html");
    blocks
        .iter()
        .map(|(lang, _)| {
            let start = format!("<code data-lang=\"{lang}\">");
            between(&html, &start, "</code>").to_string()
        })
        .collect()
}

#[test]
fn python_marks_modules_operators_magic_names_builtins_and_exceptions() {
    let code = "import os.path as osp\nfrom django.db import models\n\n@app.route(\"/\")\ndef __init__(self, items=list):\n    if __name__ == \"__main__\" and callable(print):\n        raise KeyError(f\"{self.key!r} missing\")\n    raise IntegrityError(r\"\\d\")\n";
    let html = &highlighted(&[("python", code)])[0];
    for expected in [
        // Module names after import and from (Pygments' Name.Namespace).
        "<span class=\"k\">import </span><span class=\"nn\">os.path </span>",
        "<span class=\"k\">as </span><span class=\"nn\">osp",
        "<span class=\"k\">from </span><span class=\"nn\">django.db </span><span class=\"k\">import</span> models",
        // The decorator's name, then the attribute dot as an operator.
        "<span class=\"nd\">@app</span><span class=\"o\">.</span>route",
        // Magic methods and variables.
        "<span class=\"fm\">__init__</span>",
        "<span class=\"vm\">__name__ </span>",
        // Builtins also where no `(` follows.
        "items<span class=\"o\">=</span><span class=\"nb\">list</span>",
        "<span class=\"nb\">callable</span>(<span class=\"nb\">print</span>)",
        // Python's exceptions, and only those.
        "<span class=\"ne\">KeyError</span>",
        "<span class=\"k\">raise</span> IntegrityError(",
        // The code inside an f-string's braces is code again; a raw string has no escapes.
        "<span class=\"s\">f&quot;{</span><span class=\"bp\">self</span><span class=\"o\">.</span>key<span class=\"s\">!r} missing&quot;</span>",
        "<span class=\"s\">r&quot;\\d&quot;</span>",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
}

/// Each language syntect's own set lacks: its keywords (or the like) come out with classes.
#[test]
fn languages_beyond_syntects_set_are_highlighted() {
    let blocks = [
        (
            "jinja2",
            "{% for page in pages %}{{ page.title }}{% endfor %}",
            "<span class=\"k\">endfor </span>",
        ),
        (
            "django",
            "{% if user.is_authenticated %}Hi{% endif %}",
            "<span class=\"k\">endif </span>",
        ),
        (
            "html+jinja",
            "<ul>{% for x in items %}<li>{{ x }}</li>{% endfor %}</ul>",
            "&lt;<span class=\"nt\">li</span>&gt;",
        ),
        (
            "toml",
            "[package]\nname = \"quire\"\nversion = 1",
            "<span class=\"nt\">name </span>= <span class=\"s\">&quot;quire&quot;",
        ),
        (
            "dockerfile",
            "FROM python:3.12-slim\nRUN pip install quire",
            "<span class=\"k\">RUN </span>",
        ),
        (
            "ini",
            "[server]\nport = 8080 ; the port",
            "<span class=\"c\">; the port",
        ),
        (
            "nginx",
            "server {\n    listen 80;\n}",
            "<span class=\"k\">listen </span>",
        ),
        (
            "ts",
            "const n: number = 1;",
            "<span class=\"k\">const </span>",
        ),
        (
            "typescript",
            "interface Page { title: string }",
            "<span class=\"k\">interface </span><span class=\"nc\">Page </span>",
        ),
        (
            "powershell",
            "function Get-Page { param($Name) Write-Host $Name }",
            "<span class=\"k\">function </span><span class=\"nf\">Get-Page </span>",
        ),
        (
            "ps1",
            "$n = Get-ChildItem -Path . | Where-Object { $_.Length -gt 0 }",
            "<span class=\"o\">-gt </span>",
        ),
        (
            "kotlin",
            "fun main() { val x: Int = 1 }",
            "<span class=\"k\">fun </span><span class=\"nf\">main</span>",
        ),
        (
            "swift",
            "func greet(name: String) -> String { return \"Hi\" }",
            "<span class=\"k\">func </span>",
        ),
        (
            "http",
            "GET /index.html HTTP/1.1\nHost: example.com",
            "<span class=\"k\">Host</span>",
        ),
    ];
    let html = highlighted(&blocks.map(|(lang, code, _)| (lang, code)));
    for ((lang, _, expected), code) in blocks.iter().zip(&html) {
        assert!(
            code.contains(expected),
            "`{lang}`: {expected} not in {code}"
        );
    }
}
