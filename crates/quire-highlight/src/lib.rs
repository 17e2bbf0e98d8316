//! quire's own highlighters: the token classes Pygments gives, from hand-written byte scanners.
//!
//! Highlighting is most of the CPU time of a cold documentation build, and most of the code in
//! documentation is Python. A general grammar engine (syntect) pays for its generality on every
//! line; a scanner written for one language reads each byte about once. The classes are
//! Pygments' short names, the ones quire's stylesheet (and a Pelican theme's) styles.

mod bash;
mod console;
mod html;
mod javascript;
mod json;
mod python;
mod scan;
mod toml;
mod words;
// YAML and Python console sessions (issue 34).
mod pycon;
mod yaml;

pub use python::python;

/// The languages quire-highlight reads, each as the Pygments lexer of the same name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Python,
    /// `BashSessionLexer`: prompts, commands (as Bash) and their output.
    Console,
    Bash,
    Json,
    Toml,
    // YAML and Python console sessions.
    /// `YamlLexer`.
    Yaml,
    /// `PythonConsoleLexer`: `>>> `/`... ` prompts, the code as Python, output, tracebacks.
    Pycon,
    // JavaScript, TypeScript and HTML.
    /// `JavascriptLexer`.
    JavaScript,
    /// `TypeScriptLexer`: JavaScript's rules after its own.
    TypeScript,
    /// `HtmlLexer`: a `<script>`'s content as JavaScript, a `<style>`'s plain.
    Html,
}

impl Language {
    /// The language a fence's name asks for: Pygments' aliases of these lexers.
    pub fn from_fence(name: &str) -> Option<Language> {
        Some(match name {
            "python" | "py" | "python3" => Language::Python,
            "console" | "shell-session" => Language::Console,
            "bash" | "sh" | "ksh" | "zsh" | "shell" | "openrc" => Language::Bash,
            "json" | "json-object" => Language::Json,
            "toml" => Language::Toml,
            // YAML and Python console sessions.
            "yaml" | "yml" => Language::Yaml,
            "pycon" | "python-console" => Language::Pycon,
            "javascript" | "js" => Language::JavaScript,
            "typescript" | "ts" => Language::TypeScript,
            "html" => Language::Html,
            _ => return None,
        })
    }

    /// Whether this lexer gives Pygments' tokens for all of `code`: not for HTML with a
    /// `<style>`, whose CSS it leaves plain (Pygments' CssLexer is not ported).
    pub fn covers(self, code: &str) -> bool {
        self != Language::Html || !html::has_style(code)
    }

    /// Lexes `code`, calling `out` with runs of text of one class, in order, covering all of
    /// `code` (adjacent runs of one class are merged).
    pub fn highlight(self, code: &str, out: &mut impl FnMut(Class, &str)) {
        match self {
            Language::Python => python(code, out),
            Language::Console => scan::lex_with_newline(code, out, |text, sink| {
                console::lex(text, sink);
            }),
            Language::Bash => scan::lex_with_newline(code, out, |text, sink| {
                bash::lex(text, &mut |class, end| sink.push(class, end));
            }),
            Language::Json => scan::lex_with_newline(code, out, |text, sink| {
                json::lex(text, sink);
            }),
            Language::Toml => scan::lex_with_newline(code, out, |text, sink| {
                toml::lex(text, sink);
            }),
            // YAML and Python console sessions.
            Language::Yaml => scan::lex_with_newline(code, out, |text, sink| {
                yaml::lex(text, &mut |class, end| sink.push(class, end));
            }),
            Language::Pycon => scan::lex_with_newline(code, out, |text, sink| {
                pycon::lex(text, sink);
            }),
            Language::JavaScript | Language::TypeScript => {
                scan::lex_with_newline(code, out, |text, sink| {
                    javascript::lex(
                        text,
                        &mut |class, end| sink.push(class, end),
                        self == Language::TypeScript,
                    );
                });
            }
            Language::Html => scan::lex_with_newline(code, out, |text, sink| {
                html::lex(text, sink);
            }),
        }
    }
}

/// Bash, as Pygments' `BashLexer`.
pub fn bash(code: &str, out: &mut impl FnMut(Class, &str)) {
    Language::Bash.highlight(code, out);
}

/// Names these highlighters and the version of their rules, for a cache key: raise the revision
/// (`r1`) whenever the classes given to some code may change.
pub const IDENTITY: &str = concat!(
    "quire-highlight ",
    env!("CARGO_PKG_VERSION"),
    " r4 (Pygments 2.21: python, console, bash, json, toml, yaml, pycon, javascript, typescript, html)"
);

/// A token's class: the families of Pygments' tokens that quire colours, each with its short
/// CSS class. Names, punctuation, whitespace and Pygments' `Error` are `Plain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    Plain,
    Keyword,
    KeywordConstant,
    OperatorWord,
    Operator,
    BuiltinPseudo,
    Builtin,
    Exception,
    FunctionMagic,
    Function,
    ClassName,
    Namespace,
    Decorator,
    VariableMagic,
    Escape,
    String,
    Number,
    Comment,
    /// `Name.Variable`: `$HOME`, `x=` in Bash.
    Variable,
    /// `Name.Tag`: a JSON object's key.
    Tag,
    /// `Literal.Date`: a TOML date or time.
    Date,
    /// `Generic.Prompt`: a shell session's `$ `.
    Prompt,
    /// `Generic.Output`: what a shell session's commands print.
    Output,
    // YAML and Python console sessions.
    /// `Keyword.Type`: a YAML tag, `!!str`.
    KeywordType,
    /// `Name.Label`: a YAML anchor, `&name`.
    Label,
    /// `Name.Constant`: a YAML block scalar's text (after `|` or `>`).
    Constant,
    /// `Generic.Traceback`: a Python traceback's first line.
    Traceback,
    /// `Generic.Error`: the exception's name that ends a traceback.
    GenericError,
    /// `Name.Attribute`: an HTML tag's attribute.
    Attribute,
    /// `Name.Entity`: an HTML entity, `&amp;`.
    Entity,
}

impl Class {
    /// Pygments' short class name (`k`, `s`, `nf`…), none for plain text.
    pub fn short(self) -> Option<&'static str> {
        Some(match self {
            Class::Plain => return None,
            Class::Keyword => "k",
            Class::KeywordConstant => "kc",
            Class::OperatorWord => "ow",
            Class::Operator => "o",
            Class::BuiltinPseudo => "bp",
            Class::Builtin => "nb",
            Class::Exception => "ne",
            Class::FunctionMagic => "fm",
            Class::Function => "nf",
            Class::ClassName => "nc",
            Class::Namespace => "nn",
            Class::Decorator => "nd",
            Class::VariableMagic => "vm",
            Class::Escape => "se",
            Class::String => "s",
            Class::Number => "m",
            Class::Comment => "c",
            Class::Variable => "nv",
            Class::Tag => "nt",
            Class::Date => "ld",
            Class::Prompt => "gp",
            Class::Output => "go",
            Class::KeywordType => "kt",
            Class::Label => "nl",
            Class::Constant => "no",
            Class::Traceback => "gt",
            Class::GenericError => "gr",
            Class::Attribute => "na",
            Class::Entity => "ni",
        })
    }
}
