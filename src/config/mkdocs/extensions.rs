//! `markdown_extensions:` of a `mkdocs.yml` as quire's `Extensions`.

use serde_yaml::Value;

use super::Reader;
use crate::config::Extensions;
use crate::diagnostic::Diagnostic;

pub(super) fn read(_r: &mut Reader, _list: Option<&Value>) -> Result<Extensions, Diagnostic> {
    Ok(Extensions::default())
}
