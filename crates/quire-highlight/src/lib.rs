//! quire's own highlighters: the token classes Pygments gives, from hand-written byte scanners.
//!
//! Highlighting is most of the CPU time of a cold documentation build, and most of the code in
//! documentation is Python. A general grammar engine (syntect) pays for its generality on every
//! line; a scanner written for one language reads each byte about once. The classes are
//! Pygments' short names, the ones quire's stylesheet (and a Pelican theme's) styles.

mod python;
mod words;

pub use python::python;

/// Names these highlighters and the version of their rules, for a cache key: raise the revision
/// (`r1`) whenever the classes given to some code may change.
pub const IDENTITY: &str = concat!(
    "quire-highlight ",
    env!("CARGO_PKG_VERSION"),
    " r1 (python: Pygments 2.21)"
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
        })
    }
}
