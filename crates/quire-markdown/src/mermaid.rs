//! Mermaid diagrams: a ```` ```mermaid ```` fence is written as Material writes it
//! (`<pre class="mermaid"><code>…</code></pre>`), and drawn in the browser by the mermaid
//! script shipped inside quire (npm `mermaid`, `dist/mermaid.min.js`, MIT: its notice is in
//! `mermaid/LICENSE` and at the top of the file a site gets).
//!
//! The script is big (3.6 MB; 0.95 MB deflated in the binary), so it is decompressed only by a
//! build with a diagram, written to the output only then, and loaded only by pages that have
//! one: a page's first diagram is followed by its `<script>`. No CDN: a site opened from disk
//! or behind a firewall draws its diagrams all the same. Diagrams follow the light/dark theme.

use std::sync::OnceLock;

use super::highlight::escape_into;

/// mermaid 11.17.2, zlib-deflated, with its licence line in front.
const DEFLATED: &[u8] = include_bytes!("mermaid/mermaid.min.js.z");

/// What draws the page's diagrams once mermaid is loaded, and again when the theme changes.
const DRAW: &str = include_str!("mermaid/draw.js");

/// The script file, from the output's root: mermaid, then quire's drawing.
pub struct Script {
    /// `theme/mermaid.1a2b3c4d.js`, named by its content as the theme's other files are
    /// (render/assets.rs), so that a page never loads another build's.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The script, made on first use.
pub fn script() -> &'static Script {
    static SCRIPT: OnceLock<Script> = OnceLock::new();
    SCRIPT.get_or_init(|| {
        use std::io::Read;
        let mut js = Vec::with_capacity(4 << 20);
        flate2::read::ZlibDecoder::new(DEFLATED)
            .read_to_end(&mut js)
            .expect("the mermaid script in the binary inflates");
        js.push(b'\n');
        js.extend_from_slice(DRAW.as_bytes());
        let hash = xxhash_rust::xxh3::xxh3_64(&js) as u32;
        Script {
            path: format!("theme/mermaid.{hash:08x}.js"),
            bytes: js,
        }
    })
}

/// A diagram's HTML; `first`: the page's first, after which the script is loaded.
pub fn block(code: &str, first: bool) -> String {
    let mut out = String::with_capacity(code.len() + 96);
    out.push_str("<pre class=\"mermaid\"><code>");
    escape_into(&mut out, code.trim_end_matches('\n'));
    out.push_str("</code></pre>\n");
    if first {
        // A site link, placed for the page by the last pass (links.rs).
        out.push_str("<script src=\"/");
        out.push_str(&script().path);
        out.push_str("\" defer></script>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_is_its_source_and_the_first_loads_the_script() {
        let html = block("graph LR\n  A --> B\n", true);
        let path = &script().path;
        assert!(
            path.starts_with("theme/mermaid.") && path.ends_with(".js"),
            "{path}"
        );
        assert_eq!(
            html,
            format!("<pre class=\"mermaid\"><code>graph LR\n  A --&gt; B</code></pre>\n<script src=\"/{path}\" defer></script>\n")
        );
        assert!(!block("graph LR", false).contains("<script"));
    }

    #[test]
    fn the_script_keeps_its_notice_and_draws() {
        let js = std::str::from_utf8(&script().bytes).expect("text");
        assert!(js.starts_with("/*! mermaid 11.17.2"), "{}", &js[..80]);
        assert!(js.contains("MIT License"));
        assert!(js.ends_with(DRAW));
    }
}
