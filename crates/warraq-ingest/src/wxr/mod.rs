//! WordPress eXtended RSS.

use crate::report::{ParseError, Parsed};

pub fn parse_wxr(_bytes: &[u8]) -> Result<Parsed, ParseError> {
    Ok(Parsed::default())
}
