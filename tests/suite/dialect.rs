//! A Material for MkDocs writer's Markdown renders in quire as Python-Markdown and
//! pymdown-extensions render it.
//!
//! Every `tests/fixtures/dialect/AREA/CASE.md` sits beside `CASE.html`, the HTML the real
//! libraries give for it (made by `tests/fixtures/dialect/gen.py`, versions in `VERSIONS`).
//! The cases are built as one quire site; each page's article is compared with the expected
//! HTML by structure: tags, attributes (classes as a set) and text, whitespace aside.
//!
//! An area may say what its comparison leaves out in `AREA/compare.txt`, one rule a line:
//! `ignore-tag NAME` (the tag, not its content), `ignore-attr NAME`, `ignore-class NAME`,
//! `drop CLASS` (an element with that class, and all inside it), `markers-as-text` (quire's
//! annotation markers, buttons, read as the `(n)` Material's script replaces; and in the
//! expected HTML, a code comment's `(n)!` read as the `(n)` that script leaves of the whole
//! comment when a list follows the block). Cases quire does not render
//! as Material yet are named in `AREA/PENDING`; a pending case that starts to match fails the
//! test until it is taken off the list, so the list says what is left.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{repo, Site};

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/dialect")
}

#[test]
fn markdown_of_material_projects_renders_as_material_renders_it() {
    let site = Site::new();
    let mut cases = Vec::new();
    for area in dirs(&fixtures()) {
        let name = file_name(&area);
        for md in files(&area, "md") {
            let case = file_name(&md).trim_end_matches(".md").to_string();
            site.write(&format!("content/{name}/{case}.md"), fs::read(&md).unwrap());
            cases.push((area.clone(), case));
        }
    }
    if fixtures().join("site.yaml").exists() {
        site.write("site.yaml", fs::read(fixtures().join("site.yaml")).unwrap());
    }
    assert!(!cases.is_empty(), "no cases under {}", fixtures().display());
    site.build().succeeds();

    let mut failures = Vec::new();
    for (area, case) in &cases {
        let rules = Rules::of(area);
        let pending = lines(&area.join("PENDING")).contains(case);
        let expected = fs::read_to_string(area.join(format!("{case}.html")))
            .unwrap_or_else(|_| panic!("{}/{case}.html is missing: run gen.py", area.display()));
        let page = site.read(&format!("{}/{case}.html", file_name(area)));
        let want = normalise(&as_material_script_leaves_it(&expected, &rules), &rules);
        let got = normalise(article(&page), &rules);
        let label = format!("{}/{case}", file_name(area));
        match (first_difference(&want, &got), pending) {
            (Some(diff), false) => failures.push(format!("{label}: {diff}")),
            (None, true) => failures.push(format!(
                "{label} now renders as Material does: take it off {}/PENDING",
                file_name(area)
            )),
            _ => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The comparison reads quire's markers back as text, so it cannot tell a marker from the text
/// it was written as: each annotated case's markers are counted here.
#[test]
fn annotation_markers_are_buttons_wherever_a_block_can_go() {
    let site = Site::new();
    let area = fixtures().join("annotations");
    let cases = [
        // The title's and the text's markers, the code's in an admonition and in a details.
        ("in-admonition", 4),
        ("in-tab", 3),
        // A tight item's, a nested item's, a loose item's, and the code's in a step.
        ("in-list-items", 4),
        ("in-html", 1),
        ("in-list", 1),
    ];
    for (case, _) in cases {
        let md = fs::read(area.join(format!("{case}.md"))).unwrap();
        site.write(&format!("content/{case}.md"), md);
    }
    site.build().succeeds();
    for (case, markers) in cases {
        let page = site.read(&format!("{case}.html"));
        let buttons = article(&page)
            .matches("<button type=\"button\" class=\"annotation\"")
            .count();
        assert_eq!(buttons, markers, "{case}: {}", article(&page));
    }
}

#[test]
fn the_comparison_sees_a_missing_wrapper_and_ignores_whitespace() {
    let rules = Rules::default();
    let a = normalise(
        "<div class=\"admonition note\">\n<p>Hi  there</p></div>",
        &rules,
    );
    let b = normalise(
        "<div class=\"note admonition\"><p>Hi there</p>\n</div>",
        &rules,
    );
    let c = normalise("<p>Hi there</p>", &rules);
    assert_eq!(first_difference(&a, &b), None);
    assert!(first_difference(&a, &c).is_some());
}

#[test]
fn annotation_markers_read_as_the_text_they_replace() {
    let rules = Rules {
        markers_as_text: true,
        ..Rules::default()
    };
    let quire = normalise("<p>a <button type=\"button\" class=\"annotation\" popovertarget=\"x\" data-n=\"2\" aria-label=\"Annotation 2\"></button> b</p>", &rules);
    assert_eq!(
        first_difference(&quire, &normalise("<p>a (2) b</p>", &rules)),
        None
    );
    assert!(first_difference(&quire, &normalise("<p>a (1) b</p>", &rules)).is_some());
}

#[test]
fn a_stripped_code_marker_reads_as_material_s_script_leaves_it() {
    let rules = Rules {
        markers_as_text: true,
        ..Rules::default()
    };
    let code = |comment: &str, after: &str| {
        format!("<div class=\"highlight\"><pre><code>x <span class=\"c1\">{comment}</span>\n</code></pre></div>\n{after}")
    };
    let list = "<ol>\n<li>One</li>\n</ol>";
    assert_eq!(
        as_material_script_leaves_it(&code("# (1)!", list), &rules),
        code("(1)", list)
    );
    assert_eq!(
        as_material_script_leaves_it(&code("# see (1) and (2)! too", list), &rules),
        code("# see (1)(2)", list)
    );
    // Without a list after the block, the script leaves the comment as it is.
    let alone = code("# (1)!", "<p>Text</p>");
    assert_eq!(as_material_script_leaves_it(&alone, &rules), alone);
}

#[test]
fn a_dropped_class_goes_with_its_content_even_on_an_ignored_tag() {
    let mut rules = Rules::default();
    rules.tags.insert("script".into());
    rules.drop.insert("quire-linked-tabs".into());
    let with = normalise(
        "<p>a</p><script class=\"quire-linked-tabs\">go()</script><script>draw()</script>",
        &rules,
    );
    let without = normalise("<p>a</p>draw()", &rules);
    assert_eq!(first_difference(&with, &without), None);
}

/// The page's own content: the theme's article, without the furniture the theme adds.
fn article(page: &str) -> &str {
    let start = page.find("<article class=\"page\">").expect("an article") + 22;
    let end = page[start..].rfind("</article>").expect("its end") + start;
    &page[start..end]
}

#[derive(Default)]
struct Rules {
    tags: BTreeSet<String>,
    attrs: BTreeSet<String>,
    classes: BTreeSet<String>,
    drop: BTreeSet<String>,
    markers_as_text: bool,
}

impl Rules {
    fn of(area: &Path) -> Rules {
        let mut rules = Rules::default();
        // The theme's own parts of an article are never the page's Markdown.
        for class in ["toc-inline", "page-foot", "translations"] {
            rules.drop.insert(class.into());
        }
        for line in lines(&area.join("compare.txt")) {
            let (rule, name) = line.split_once(' ').unwrap_or((line.as_str(), ""));
            if rule == "markers-as-text" {
                rules.markers_as_text = true;
                continue;
            }
            let set = match rule {
                "ignore-tag" => &mut rules.tags,
                "ignore-attr" => &mut rules.attrs,
                "ignore-class" => &mut rules.classes,
                "drop" => &mut rules.drop,
                other => panic!("{}/compare.txt: unknown rule {other:?}", area.display()),
            };
            set.insert(name.trim().to_string());
        }
        rules
    }
}

#[derive(Debug, PartialEq)]
enum Token {
    Open(String, Vec<(String, String)>),
    Close(String),
    Text(String),
}

/// HTML as a list of tokens a reader would tell apart: whitespace runs are one space (inside
/// `<pre>` too, where highlighting spans are left out: Pygments and quire's highlighter mark
/// tokens differently), entities decoded, classes sorted.
fn normalise(html: &str, rules: &Rules) -> Vec<Token> {
    let text;
    let html = if rules.markers_as_text {
        text = markers_as_text(html);
        &text
    } else {
        html
    };
    let mut out = Vec::new();
    let mut dropping: Vec<String> = Vec::new();
    let mut depth_in_pre = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
            continue;
        }
        if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            let end = tag_end(rest);
            let tag = &rest[1..end];
            rest = &rest[end + 1..];
            let closing = tag.starts_with('/');
            let body = tag.trim_start_matches('/').trim_end_matches('/');
            let name_end = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
            let name = body[..name_end].to_ascii_lowercase();
            let void = matches!(
                name.as_str(),
                "br" | "hr" | "img" | "input" | "meta" | "link" | "wbr"
            ) || tag.ends_with('/');
            if let Some(top) = dropping.last() {
                if closing && *top == name {
                    dropping.pop();
                } else if !closing && !void && name == *top {
                    dropping.push(name);
                }
                continue;
            }
            if name == "pre" {
                depth_in_pre = if closing {
                    depth_in_pre.saturating_sub(1)
                } else {
                    depth_in_pre + 1
                };
            }
            let ignored = rules.tags.contains(&name) || (depth_in_pre > 0 && name == "span");
            if closing {
                if !ignored {
                    out.push(Token::Close(name));
                }
                continue;
            }
            let attrs = attributes(&body[name_end..], rules);
            let class = attrs
                .iter()
                .find(|(k, _)| k == "class")
                .map(|(_, v)| v.clone());
            if class.is_some_and(|c| c.split(' ').any(|c| rules.drop.contains(c))) {
                if !void {
                    dropping.push(name);
                }
                continue;
            }
            // Only now is an ignored tag passed over: an element of a class that is dropped
            // goes with all inside it, whatever its tag.
            if ignored {
                continue;
            }
            out.push(Token::Open(name.clone(), attrs));
            if void {
                out.push(Token::Close(name));
            }
            continue;
        }
        // The text runs to the next `<` after its first character (which may be one).
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[first..].find('<').map_or(rest.len(), |i| i + first);
        if dropping.is_empty() && depth_in_pre > 0 {
            // Highlighters cut code into tokens differently: the pieces join as they are.
            let text = decode(&rest[..end]);
            match out.last_mut() {
                Some(Token::Text(t)) => t.push_str(&text),
                _ => out.push(Token::Text(text)),
            }
        } else if dropping.is_empty() {
            let text = decode(&rest[..end]);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                match out.last_mut() {
                    Some(Token::Text(t)) => {
                        t.push(' ');
                        t.push_str(&text);
                    }
                    _ => out.push(Token::Text(text)),
                }
            }
        }
        rest = &rest[end..];
    }
    // Code's text was joined as it is: its whitespace runs are one space too.
    for token in &mut out {
        if let Token::Text(t) = token {
            *t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    out.retain(|t| !matches!(t, Token::Text(t) if t.is_empty()));
    out
}

/// quire's annotation markers (`<button class="annotation" data-n="1">`) as the text `(1)`
/// they were written as, before Material's script makes them markers.
fn markers_as_text(html: &str) -> String {
    const BUTTON: &str = "<button type=\"button\" class=\"annotation\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(BUTTON) {
        out.push_str(&rest[..at]);
        let button = &rest[at..];
        let end = button.find("</button>").map_or(button.len(), |i| i + 9);
        let n = button
            .split("data-n=\"")
            .nth(1)
            .and_then(|v| v.split('"').next());
        out.push_str(&format!("({})", n.unwrap_or("?")));
        rest = &button[end..];
    }
    out.push_str(rest);
    out
}

/// The expected HTML as Material's script changes it before markers are drawn, when the area
/// reads markers as text: in a code block followed by an ordered list, a comment's `(n)!` takes
/// the place of the rest of the comment (`# (1)!` → `(1)`); the `(n)` before it stay.
fn as_material_script_leaves_it(html: &str, rules: &Rules) -> String {
    if !rules.markers_as_text {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(end) = rest.find("</pre>") {
        let start = rest[..end].rfind("<pre").unwrap_or(0);
        out.push_str(&rest[..start]);
        let code = &rest[start..end];
        if list_follows(&rest[end..]) {
            out.push_str(&stripped_comments(code));
        } else {
            out.push_str(code);
        }
        rest = &rest[end..];
        out.push_str("</pre>");
        rest = &rest["</pre>".len()..];
    }
    out.push_str(rest);
    out
}

/// Whether `</pre>…` closes a code block whose next element is an `<ol>` (empty paragraphs
/// between are passed over, as Material's `findList` does).
fn list_follows(after_code: &str) -> bool {
    let mut rest = after_code["</pre>".len()..].trim_start();
    rest = rest.strip_prefix("</div>").unwrap_or(rest);
    // Numbered lines put the code in a table (`linenums`).
    rest = rest
        .strip_prefix("</td></tr></table></div>")
        .unwrap_or(rest);
    loop {
        rest = rest.trim_start();
        match rest.strip_prefix("<p></p>") {
            Some(after) => rest = after,
            None => return rest.starts_with("<ol>") || rest.starts_with("<ol "),
        }
    }
}

/// A code block's Pygments comments (`c`, `c1`, `cm`, the ones Material's script reads) with
/// their `(n)!` as the script leaves them.
fn stripped_comments(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = [
        "<span class=\"c\">",
        "<span class=\"c1\">",
        "<span class=\"cm\">",
    ]
    .iter()
    .filter_map(|open| rest.find(open).map(|i| i + open.len()))
    .min()
    {
        let len = rest[at..].find("</span>").unwrap_or(rest.len() - at);
        out.push_str(&rest[..at]);
        out.push_str(&script_text(&rest[at..at + len]));
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

/// One comment's text after Material's `findMarkers`: each `(n)` is split off in turn; the first
/// `(n)!` replaces all of the text that is left.
fn script_text(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((start, end)) = next_marker(rest) {
        if rest[end..].starts_with('!') {
            out.push_str(&rest[start..end]);
            return out;
        }
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where the first `(digits)` in `text` is.
fn next_marker(text: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|i| i + from) {
        let digits = text[open + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits > 0 && text[open + 1 + digits..].starts_with(')') {
            return Some((open, open + digits + 2));
        }
        from = open + 1;
    }
    None
}

/// Where the tag that `html` starts with ends, quoted attribute values allowed to hold `>`.
fn tag_end(html: &str) -> usize {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    html.len() - 1
}

fn attributes(mut s: &str, rules: &Rules) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    loop {
        s = s.trim_start();
        let name_end = s
            .find(|c: char| c.is_whitespace() || c == '=')
            .unwrap_or(s.len());
        if name_end == 0 {
            break;
        }
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = s.strip_prefix('=') {
            let after = after.trim_start();
            let (v, rest) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode(v);
            s = rest;
        }
        if name == "class" {
            let classes: BTreeSet<&str> = value
                .split_whitespace()
                .filter(|c| !rules.classes.contains(*c))
                .collect();
            value = classes.into_iter().collect::<Vec<_>>().join(" ");
            if value.is_empty() {
                continue;
            }
        }
        if !rules.attrs.contains(&name) {
            attrs.push((name, value));
        }
    }
    attrs.sort();
    attrs
}

fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "para" => Some('¶'),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first place the two token lists part, with a little of what came before.
fn first_difference(want: &[Token], got: &[Token]) -> Option<String> {
    let at = want.iter().zip(got).position(|(a, b)| a != b);
    let at = match at {
        Some(i) => i,
        None if want.len() == got.len() => return None,
        None => want.len().min(got.len()),
    };
    let show = |tokens: &[Token]| {
        tokens[at.saturating_sub(3)..(at + 4).min(tokens.len())]
            .iter()
            .map(|t| format!("{t:?}"))
            .collect::<Vec<_>>()
            .join("\n      ")
    };
    Some(format!(
        "differs at token {at}\n  Material:\n      {}\n  quire:\n      {}",
        show(want),
        show(got)
    ))
}

fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

fn lines(p: &Path) -> Vec<String> {
    fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}
