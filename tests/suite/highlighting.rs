//! Code highlighting as a reader of a Pelican or MkDocs site expects it: Python, shell sessions,
//! Bash, JSON, TOML, YAML and Python console sessions marked the way Pygments marks them, and
//! the other languages docs use (bat's grammars), through the real binary.

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
            "<span class=\"k\">const</span> n<span class=\"o\">: </span><span class=\"k\">number </span>",
        ),
        (
            "typescript",
            "interface Page { title: string }",
            "<span class=\"k\">interface</span> Page { title<span class=\"o\">: </span><span class=\"k\">string</span> }",
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

/// The shell session, Bash, JSON and TOML: Pygments' tokens (a prompt, output, a variable, a
/// key, a date), and everything a fence asks of Python too: a title, numbered lines, lines
/// emphasised by `hl_lines` and by `~~`, an annotation in a comment.
#[test]
fn the_next_languages_get_pygments_tokens_and_keep_titles_lines_and_annotations() {
    let blocks = [
        (
            "console",
            "$ export NAME=quire  # (1)!\n~~$ echo \"$NAME\"\nquire\n",
            [
                "<span class=\"gp\">$ </span><span class=\"nb\">export </span><span class=\"nv\">NAME</span>",
                "<span class=\"go\">quire\n</span>",
            ],
        ),
        (
            "bash",
            "name=\"${1:-world}\"  # (1)!\n~~echo \"hello $name\"\nexit 0\n",
            [
                "<span class=\"nv\">name</span><span class=\"o\">=</span><span class=\"s\">&quot;${</span>",
                "<span class=\"nb\">echo </span><span class=\"s\">&quot;hello </span><span class=\"nv\">$name</span>",
            ],
        ),
        (
            "json",
            "{\n~~  \"name\": \"quire\", // (1)!\n  \"pages\": 10\n}\n",
            [
                "<span class=\"nt\">&quot;name&quot;</span>: <span class=\"s\">&quot;quire&quot;</span>",
                "<span class=\"nt\">&quot;pages&quot;</span>: <span class=\"m\">10",
            ],
        ),
        (
            "toml",
            "[project]  # (1)!\n~~name = \"quire\"\nreleased = 2026-12-07\n",
            [
                "<span class=\"k\">[project]",
                "released <span class=\"o\">= </span><span class=\"ld\">2026-12-07",
            ],
        ),
    ];
    keeps_titles_lines_and_annotations(&blocks);
}

/// Each block, fenced with a title, numbered lines and `hl_lines="3"` and followed by a note for
/// its `(1)!`, keeps them all and has its expected tokens.
/// The block's class names its language in lower case, as fence.rs reads it.
fn keeps_titles_lines_and_annotations<const N: usize>(blocks: &[(&str, &str, [&str; N])]) {
    let mut body = String::from("title: Code\n\n");
    for (lang, code, _) in blocks {
        body.push_str(&format!(
            "```{lang} title=\"a.{lang}\" linenums=\"1\" hl_lines=\"3\"\n{code}```\n\n1. The note.\n\n"
        ));
    }
    let site = Site::new().with("content/code.md", &body);
    site.build().succeeds();
    let html = site.read("code.html");
    for (i, (lang, _, expected)) in blocks.iter().enumerate() {
        let block = between(
            &html,
            &format!("<div class=\"language-{} highlight\">", lang.to_lowercase()),
            "</table>",
        );
        assert!(
            block.contains(&format!("<span class=\"filename\">a.{lang}</span>")),
            "`{lang}` has its title: {block}"
        );
        assert!(
            block.contains("<span class=\"normal\">3</span>"),
            "`{lang}` has its line numbers: {block}"
        );
        assert_eq!(
            block.matches("class=\"hll\"").count(),
            2,
            "`{lang}`: lines 2 (~~) and 3 (hl_lines) emphasised: {block}"
        );
        assert!(
            !block.contains("~~"),
            "`{lang}`: the mark is not shown: {block}"
        );
        assert!(
            block.contains(&format!("popovertarget=\"__annotation-{i}-1\"")),
            "`{lang}`: the annotation is a marker: {block}"
        );
        assert!(!block.contains("(1)!"), "`{lang}`: {block}");
        for token in expected {
            assert!(block.contains(token), "`{lang}`: {token} not in {block}");
        }
    }
}

/// YAML and a Python console session: Pygments' tokens (a key, an anchor, a prompt, the code as
/// Python, a traceback and its exception), with a title, numbered lines, emphasised lines and
/// an annotation as every fence.
#[test]
fn yaml_and_python_sessions_get_pygments_tokens_and_keep_titles_lines_and_annotations() {
    keeps_titles_lines_and_annotations(&[
        (
            "yaml",
            "site_name: &name My Docs  # (1)!\n~~nav:\n  - Home: index.md\n",
            [
                "<span class=\"nt\">site_name</span>: <span class=\"nl\">&amp;name</span>",
                "<span class=\"nt\">Home</span>: index.md",
            ],
        ),
        (
            "pycon",
            ">>> import quire  # (1)!\n~~>>> quire.build()\nTraceback (most recent call last):\nValueError: no\n",
            [
                "<span class=\"gp\">&gt;&gt;&gt; </span><span class=\"k\">import </span><span class=\"nn\">quire",
                "<span class=\"gr\">ValueError</span>: no",
            ],
        ),
    ]);
}

/// JavaScript, TypeScript and HTML, fenced under any of Pygments' names in any case: a regular
/// expression where one may start and a division elsewhere, a template's `${}`, TypeScript's
/// types after a colon and its decorators, HTML's tags, attributes, entities and scripts.
#[test]
fn javascript_typescript_and_html_get_pygments_tokens_and_keep_titles_lines_and_annotations() {
    keeps_titles_lines_and_annotations(&[
        (
            "JavaScript",
            "const re = /a+b/g;  // (1)!\n~~let half = total / 2;\nlet t = `n: ${n + 1}`;\n",
            [
                "<span class=\"k\">const</span> re <span class=\"o\">= </span><span class=\"s\">/a+b/g</span>;",
                "half <span class=\"o\">=</span> total <span class=\"o\">/ </span><span class=\"m\">2</span>",
                "<span class=\"s\">`n: ${</span>n <span class=\"o\">+ </span><span class=\"m\">1</span><span class=\"s\">}`</span>",
            ],
        ),
        (
            "ts",
            "@Injectable()  // (1)!\n~~class Store { count: number = 0 }\nnew Map();\n",
            [
                "<span class=\"k\">@Injectable</span>()",
                "count<span class=\"o\">: </span><span class=\"k\">number </span>",
                "<span class=\"ow\">new </span><span class=\"nb\">Map</span>",
            ],
        ),
        (
            "html",
            "<a href=\"/\">&amp;</a>  <!-- (1)! -->\n~~<script>if (/x/.test(s)) go();</script>\n<p class=note>\n",
            [
                "&lt;<span class=\"nt\">a </span><span class=\"na\">href</span><span class=\"o\">=</span><span class=\"s\">&quot;/&quot;</span>&gt;<span class=\"ni\">&amp;amp;</span>",
                "<span class=\"nt\">script</span>&gt;<span class=\"k\">if</span> (<span class=\"s\">/x/</span>",
                "<span class=\"na\">class</span><span class=\"o\">=</span><span class=\"s\">note</span>",
            ],
        ),
    ]);
}
