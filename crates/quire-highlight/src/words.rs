//! The words Pygments 2.21's PythonLexer knows (`pygments/lexers/python.py`), each with the
//! lists it is in.

/// Root-state keywords (`keywords`).
pub(crate) const KW: u16 = 1;
/// `True`, `False`, `None`.
pub(crate) const KC: u16 = 2;
/// `in is and or not`.
pub(crate) const OW: u16 = 4;
/// The keywords an f-string's expression knows (`expr-keywords`).
pub(crate) const EXPR: u16 = 8;
/// `builtins`.
pub(crate) const BUILTIN: u16 = 16;
/// `self Ellipsis NotImplemented cls`.
pub(crate) const PSEUDO: u16 = 32;
/// Builtin exceptions.
pub(crate) const EXC: u16 = 64;
/// `magicfuncs`.
pub(crate) const MAGIC_FN: u16 = 128;
/// `magicvars`.
pub(crate) const MAGIC_VAR: u16 = 256;
/// Python's lower-case keywords: after `match`/`case` they mean it is not a soft keyword.
pub(crate) const SOFT_STOP: u16 = 512;

const WORDS: &[(&[u8], u16)] = &[
    (b"ArithmeticError", EXC),
    (b"AssertionError", EXC),
    (b"AttributeError", EXC),
    (b"BaseException", EXC),
    (b"BlockingIOError", EXC),
    (b"BrokenPipeError", EXC),
    (b"BufferError", EXC),
    (b"BytesWarning", EXC),
    (b"ChildProcessError", EXC),
    (b"ConnectionAbortedError", EXC),
    (b"ConnectionError", EXC),
    (b"ConnectionRefusedError", EXC),
    (b"ConnectionResetError", EXC),
    (b"DeprecationWarning", EXC),
    (b"EOFError", EXC),
    (b"Ellipsis", PSEUDO),
    (b"EncodingWarning", EXC),
    (b"EnvironmentError", EXC),
    (b"Exception", EXC),
    (b"False", KC),
    (b"FileExistsError", EXC),
    (b"FileNotFoundError", EXC),
    (b"FloatingPointError", EXC),
    (b"FutureWarning", EXC),
    (b"GeneratorExit", EXC),
    (b"IOError", EXC),
    (b"ImportError", EXC),
    (b"ImportWarning", EXC),
    (b"IndentationError", EXC),
    (b"IndexError", EXC),
    (b"InterruptedError", EXC),
    (b"IsADirectoryError", EXC),
    (b"KeyError", EXC),
    (b"KeyboardInterrupt", EXC),
    (b"LookupError", EXC),
    (b"MemoryError", EXC),
    (b"ModuleNotFoundError", EXC),
    (b"NameError", EXC),
    (b"None", KC),
    (b"NotADirectoryError", EXC),
    (b"NotImplemented", PSEUDO),
    (b"NotImplementedError", EXC),
    (b"OSError", EXC),
    (b"OverflowError", EXC),
    (b"PendingDeprecationWarning", EXC),
    (b"PermissionError", EXC),
    (b"ProcessLookupError", EXC),
    (b"RecursionError", EXC),
    (b"ReferenceError", EXC),
    (b"ResourceWarning", EXC),
    (b"RuntimeError", EXC),
    (b"RuntimeWarning", EXC),
    (b"StopAsyncIteration", EXC),
    (b"StopIteration", EXC),
    (b"SyntaxError", EXC),
    (b"SyntaxWarning", EXC),
    (b"SystemError", EXC),
    (b"SystemExit", EXC),
    (b"TabError", EXC),
    (b"TimeoutError", EXC),
    (b"True", KC),
    (b"TypeError", EXC),
    (b"UnboundLocalError", EXC),
    (b"UnicodeDecodeError", EXC),
    (b"UnicodeEncodeError", EXC),
    (b"UnicodeError", EXC),
    (b"UnicodeTranslateError", EXC),
    (b"UnicodeWarning", EXC),
    (b"UserWarning", EXC),
    (b"VMSError", EXC),
    (b"ValueError", EXC),
    (b"Warning", EXC),
    (b"WindowsError", EXC),
    (b"ZeroDivisionError", EXC),
    (b"__abs__", MAGIC_FN),
    (b"__add__", MAGIC_FN),
    (b"__aenter__", MAGIC_FN),
    (b"__aexit__", MAGIC_FN),
    (b"__aiter__", MAGIC_FN),
    (b"__and__", MAGIC_FN),
    (b"__anext__", MAGIC_FN),
    (b"__annotations__", MAGIC_VAR),
    (b"__await__", MAGIC_FN),
    (b"__bases__", MAGIC_VAR),
    (b"__bool__", MAGIC_FN),
    (b"__bytes__", MAGIC_FN),
    (b"__call__", MAGIC_FN),
    (b"__class__", MAGIC_VAR),
    (b"__closure__", MAGIC_VAR),
    (b"__code__", MAGIC_VAR),
    (b"__complex__", MAGIC_FN),
    (b"__contains__", MAGIC_FN),
    (b"__defaults__", MAGIC_VAR),
    (b"__del__", MAGIC_FN),
    (b"__delattr__", MAGIC_FN),
    (b"__delete__", MAGIC_FN),
    (b"__delitem__", MAGIC_FN),
    (b"__dict__", MAGIC_VAR),
    (b"__dir__", MAGIC_FN),
    (b"__divmod__", MAGIC_FN),
    (b"__doc__", MAGIC_VAR),
    (b"__enter__", MAGIC_FN),
    (b"__eq__", MAGIC_FN),
    (b"__exit__", MAGIC_FN),
    (b"__file__", MAGIC_VAR),
    (b"__float__", MAGIC_FN),
    (b"__floordiv__", MAGIC_FN),
    (b"__format__", MAGIC_FN),
    (b"__func__", MAGIC_VAR),
    (b"__ge__", MAGIC_FN),
    (b"__get__", MAGIC_FN),
    (b"__getattr__", MAGIC_FN),
    (b"__getattribute__", MAGIC_FN),
    (b"__getitem__", MAGIC_FN),
    (b"__globals__", MAGIC_VAR),
    (b"__gt__", MAGIC_FN),
    (b"__hash__", MAGIC_FN),
    (b"__iadd__", MAGIC_FN),
    (b"__iand__", MAGIC_FN),
    (b"__ifloordiv__", MAGIC_FN),
    (b"__ilshift__", MAGIC_FN),
    (b"__imatmul__", MAGIC_FN),
    (b"__imod__", MAGIC_FN),
    (b"__import__", BUILTIN),
    (b"__imul__", MAGIC_FN),
    (b"__index__", MAGIC_FN),
    (b"__init__", MAGIC_FN),
    (b"__instancecheck__", MAGIC_FN),
    (b"__int__", MAGIC_FN),
    (b"__invert__", MAGIC_FN),
    (b"__ior__", MAGIC_FN),
    (b"__ipow__", MAGIC_FN),
    (b"__irshift__", MAGIC_FN),
    (b"__isub__", MAGIC_FN),
    (b"__iter__", MAGIC_FN),
    (b"__itruediv__", MAGIC_FN),
    (b"__ixor__", MAGIC_FN),
    (b"__kwdefaults__", MAGIC_VAR),
    (b"__le__", MAGIC_FN),
    (b"__len__", MAGIC_FN),
    (b"__length_hint__", MAGIC_FN),
    (b"__lshift__", MAGIC_FN),
    (b"__lt__", MAGIC_FN),
    (b"__matmul__", MAGIC_FN),
    (b"__missing__", MAGIC_FN),
    (b"__mod__", MAGIC_FN),
    (b"__module__", MAGIC_VAR),
    (b"__mro__", MAGIC_VAR),
    (b"__mul__", MAGIC_FN),
    (b"__name__", MAGIC_VAR),
    (b"__ne__", MAGIC_FN),
    (b"__neg__", MAGIC_FN),
    (b"__new__", MAGIC_FN),
    (b"__next__", MAGIC_FN),
    (b"__objclass__", MAGIC_VAR),
    (b"__or__", MAGIC_FN),
    (b"__pos__", MAGIC_FN),
    (b"__pow__", MAGIC_FN),
    (b"__prepare__", MAGIC_FN),
    (b"__qualname__", MAGIC_VAR),
    (b"__radd__", MAGIC_FN),
    (b"__rand__", MAGIC_FN),
    (b"__rdivmod__", MAGIC_FN),
    (b"__repr__", MAGIC_FN),
    (b"__reversed__", MAGIC_FN),
    (b"__rfloordiv__", MAGIC_FN),
    (b"__rlshift__", MAGIC_FN),
    (b"__rmatmul__", MAGIC_FN),
    (b"__rmod__", MAGIC_FN),
    (b"__rmul__", MAGIC_FN),
    (b"__ror__", MAGIC_FN),
    (b"__round__", MAGIC_FN),
    (b"__rpow__", MAGIC_FN),
    (b"__rrshift__", MAGIC_FN),
    (b"__rshift__", MAGIC_FN),
    (b"__rsub__", MAGIC_FN),
    (b"__rtruediv__", MAGIC_FN),
    (b"__rxor__", MAGIC_FN),
    (b"__self__", MAGIC_VAR),
    (b"__set__", MAGIC_FN),
    (b"__setattr__", MAGIC_FN),
    (b"__setitem__", MAGIC_FN),
    (b"__slots__", MAGIC_VAR),
    (b"__str__", MAGIC_FN),
    (b"__sub__", MAGIC_FN),
    (b"__subclasscheck__", MAGIC_FN),
    (b"__truediv__", MAGIC_FN),
    (b"__weakref__", MAGIC_VAR),
    (b"__xor__", MAGIC_FN),
    (b"abs", BUILTIN),
    (b"aiter", BUILTIN),
    (b"all", BUILTIN),
    (b"and", OW | SOFT_STOP),
    (b"any", BUILTIN),
    (b"as", KW | SOFT_STOP),
    (b"assert", KW | SOFT_STOP),
    (b"async", KW | SOFT_STOP),
    (b"await", KW | EXPR | SOFT_STOP),
    (b"bin", BUILTIN),
    (b"bool", BUILTIN),
    (b"break", KW | SOFT_STOP),
    (b"breakpoint", BUILTIN),
    (b"bytearray", BUILTIN),
    (b"bytes", BUILTIN),
    (b"callable", BUILTIN),
    (b"chr", BUILTIN),
    (b"class", SOFT_STOP),
    (b"classmethod", BUILTIN),
    (b"cls", PSEUDO),
    (b"compile", BUILTIN),
    (b"complex", BUILTIN),
    (b"continue", KW | SOFT_STOP),
    (b"def", SOFT_STOP),
    (b"del", KW | SOFT_STOP),
    (b"delattr", BUILTIN),
    (b"dict", BUILTIN),
    (b"dir", BUILTIN),
    (b"divmod", BUILTIN),
    (b"elif", KW | SOFT_STOP),
    (b"else", KW | EXPR | SOFT_STOP),
    (b"enumerate", BUILTIN),
    (b"eval", BUILTIN),
    (b"except", KW | SOFT_STOP),
    (b"filter", BUILTIN),
    (b"finally", KW | SOFT_STOP),
    (b"float", BUILTIN),
    (b"for", KW | EXPR | SOFT_STOP),
    (b"format", BUILTIN),
    (b"from", SOFT_STOP),
    (b"frozendict", BUILTIN),
    (b"frozenset", BUILTIN),
    (b"getattr", BUILTIN),
    (b"global", KW | SOFT_STOP),
    (b"globals", BUILTIN),
    (b"hasattr", BUILTIN),
    (b"hash", BUILTIN),
    (b"hex", BUILTIN),
    (b"id", BUILTIN),
    (b"if", KW | EXPR | SOFT_STOP),
    (b"import", SOFT_STOP),
    (b"in", OW | SOFT_STOP),
    (b"input", BUILTIN),
    (b"int", BUILTIN),
    (b"is", OW | SOFT_STOP),
    (b"isinstance", BUILTIN),
    (b"issubclass", BUILTIN),
    (b"iter", BUILTIN),
    (b"lambda", KW | EXPR | SOFT_STOP),
    (b"len", BUILTIN),
    (b"list", BUILTIN),
    (b"locals", BUILTIN),
    (b"map", BUILTIN),
    (b"max", BUILTIN),
    (b"memoryview", BUILTIN),
    (b"min", BUILTIN),
    (b"next", BUILTIN),
    (b"nonlocal", KW | SOFT_STOP),
    (b"not", OW | SOFT_STOP),
    (b"object", BUILTIN),
    (b"oct", BUILTIN),
    (b"open", BUILTIN),
    (b"or", OW | SOFT_STOP),
    (b"ord", BUILTIN),
    (b"pass", KW | SOFT_STOP),
    (b"pow", BUILTIN),
    (b"print", BUILTIN),
    (b"property", BUILTIN),
    (b"raise", KW | SOFT_STOP),
    (b"range", BUILTIN),
    (b"repr", BUILTIN),
    (b"return", KW | SOFT_STOP),
    (b"reversed", BUILTIN),
    (b"round", BUILTIN),
    (b"self", PSEUDO),
    (b"sentinel", BUILTIN),
    (b"set", BUILTIN),
    (b"setattr", BUILTIN),
    (b"slice", BUILTIN),
    (b"sorted", BUILTIN),
    (b"staticmethod", BUILTIN),
    (b"str", BUILTIN),
    (b"sum", BUILTIN),
    (b"super", BUILTIN),
    (b"try", KW | SOFT_STOP),
    (b"tuple", BUILTIN),
    (b"type", BUILTIN),
    (b"vars", BUILTIN),
    (b"while", KW | SOFT_STOP),
    (b"with", KW | SOFT_STOP),
    (b"yield", KW | EXPR | SOFT_STOP),
    (b"zip", BUILTIN),
];

/// The lists `word` is in (0: none). Every name in the code is looked up, so this is an open
/// addressing hash table (a quarter full) rather than a search: most names miss at one probe.
pub(crate) fn lookup(word: &[u8]) -> u16 {
    if word.len() < 2 || word.len() > 26 {
        return 0;
    }
    let table = TABLE.get_or_init(build);
    let mut slot = hash(word);
    loop {
        match table[slot] {
            0 => return 0,
            i => {
                let (w, lists) = WORDS[usize::from(i) - 1];
                if w == word {
                    return lists;
                }
            }
        }
        slot = (slot + 1) % SLOTS;
    }
}

const SLOTS: usize = 1024;

/// Slot → 1 + the word's index in `WORDS`, 0 for an empty slot.
static TABLE: std::sync::OnceLock<[u16; SLOTS]> = std::sync::OnceLock::new();

fn build() -> [u16; SLOTS] {
    let mut table = [0u16; SLOTS];
    for (i, (word, _)) in WORDS.iter().enumerate() {
        let mut slot = hash(word);
        while table[slot] != 0 {
            slot = (slot + 1) % SLOTS;
        }
        table[slot] = u16::try_from(i + 1).expect("fewer words than slots");
    }
    table
}

fn hash(word: &[u8]) -> usize {
    let n = word.len();
    let mix = (usize::from(word[0]) << 10)
        ^ (usize::from(word[1]) << 5)
        ^ (usize::from(word[n - 1]) << 2)
        ^ (usize::from(word[n / 2]) << 7)
        ^ n.wrapping_mul(0x9e37);
    (mix.wrapping_mul(0x2545_f491) >> 12) % SLOTS
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(super::WORDS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(super::WORDS
            .iter()
            .all(|(w, _)| (2..=26).contains(&w.len())));
    }
}
