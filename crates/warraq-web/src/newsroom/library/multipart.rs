//! A `multipart/form-data` body (RFC 7578), parsed from bytes already read within the
//! upload limit: the text fields and at most one file. The library's upload form is the
//! only multipart form of the site, so a small parser of the subset browsers send (one
//! level, no nested `multipart/mixed`, UTF-8 field names) does instead of a dependency.

use std::collections::HashMap;

use thiserror::Error;

/// More parts than any form of ours has: a body with many is not from our page.
const MAX_PARTS: usize = 16;
/// A text field longer than this is not a caption.
const MAX_FIELD_BYTES: usize = 64 * 1024;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MultipartError {
    #[error("the request is not multipart/form-data")]
    NotMultipart,
    #[error("the multipart body has no boundary parameter")]
    NoBoundary,
    #[error("malformed multipart body: {0}")]
    Malformed(&'static str),
    #[error("more than {MAX_PARTS} parts")]
    TooManyParts,
    #[error("field `{0}` is longer than {MAX_FIELD_BYTES} bytes")]
    FieldTooLong(String),
    #[error("field `{0}` is not UTF-8 text")]
    NotText(String),
    #[error("more than one file")]
    SeveralFiles,
}

/// A file part.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FilePart {
    /// The form field's name.
    pub field: String,
    /// As the browser sent it; empty when no file was chosen.
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The parsed body.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Multipart {
    fields: HashMap<String, String>,
    pub file: Option<FilePart>,
}

impl Multipart {
    /// A text field, or "" when absent (as a browser sends an empty input).
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn has(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Parses `body` sent with the `Content-Type` header `content_type`.
    pub fn parse(content_type: &str, body: &[u8]) -> Result<Multipart, MultipartError> {
        let boundary = boundary(content_type)?;
        let delimiter = [b"--", boundary.as_bytes()].concat();
        // The first delimiter may follow a preamble; later ones follow a CRLF.
        let start = find(body, &delimiter, 0).ok_or(MultipartError::Malformed("no boundary"))?;
        let next_delimiter = [b"\r\n", delimiter.as_slice()].concat();
        let mut at = start + delimiter.len();
        let mut parsed = Multipart::default();
        let mut parts = 0;
        loop {
            let rest = &body[at..];
            if rest.starts_with(b"--") {
                return Ok(parsed);
            }
            if !rest.starts_with(b"\r\n") {
                return Err(MultipartError::Malformed("no line break after a boundary"));
            }
            at += 2;
            parts += 1;
            if parts > MAX_PARTS {
                return Err(MultipartError::TooManyParts);
            }
            let headers_end =
                find(body, b"\r\n\r\n", at).ok_or(MultipartError::Malformed("unended headers"))?;
            let headers = std::str::from_utf8(&body[at..headers_end])
                .map_err(|_| MultipartError::Malformed("headers are not UTF-8"))?;
            let content_start = headers_end + 4;
            let content_end = find(body, &next_delimiter, content_start)
                .ok_or(MultipartError::Malformed("no closing boundary"))?;
            parsed.add(headers, &body[content_start..content_end])?;
            at = content_end + next_delimiter.len();
        }
    }

    fn add(&mut self, headers: &str, content: &[u8]) -> Result<(), MultipartError> {
        let mut disposition = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => disposition = Some(value.trim()),
                "content-type" => content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let disposition = disposition.ok_or(MultipartError::Malformed(
            "a part without Content-Disposition",
        ))?;
        let params = parameters(disposition);
        let name = params
            .get("name")
            .cloned()
            .ok_or(MultipartError::Malformed("a part without a name"))?;
        match params.get("filename") {
            Some(filename) => {
                if self.file.is_some() {
                    return Err(MultipartError::SeveralFiles);
                }
                self.file = Some(FilePart {
                    field: name,
                    filename: filename.clone(),
                    content_type,
                    bytes: content.to_vec(),
                });
            }
            None => {
                if content.len() > MAX_FIELD_BYTES {
                    return Err(MultipartError::FieldTooLong(name));
                }
                let text = String::from_utf8(content.to_vec())
                    .map_err(|_| MultipartError::NotText(name.clone()))?;
                self.fields.insert(name, text);
            }
        }
        Ok(())
    }
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Result<String, MultipartError> {
    let (kind, _) = content_type.split_once(';').unwrap_or((content_type, ""));
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::NotMultipart);
    }
    parameters(content_type)
        .remove("boundary")
        // RFC 2046: 1 to 70 characters.
        .filter(|b| !b.is_empty() && b.len() <= 70)
        .ok_or(MultipartError::NoBoundary)
}

/// `key=value` and `key="quoted value"` parameters after the first `;`, keys lower-cased.
/// Browsers percent-encode quotes and line breaks in names (WHATWG), so a backslash escape
/// is rare but honoured.
fn parameters(header: &str) -> HashMap<String, String> {
    let mut params = HashMap::new();
    let Some((_, mut rest)) = header.split_once(';') else {
        return params;
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some(eq) = rest.find('=') else {
            return params;
        };
        let key = rest[..eq].trim().to_ascii_lowercase();
        rest = &rest[eq + 1..];
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, escaped)) = chars.next() {
                            value.push(escaped);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            rest = &quoted[end.min(quoted.len())..];
            value
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            let value = rest[..end].trim().to_string();
            rest = &rest[end..];
            value
        };
        params.insert(key, value);
    }
}

/// Where `needle` first occurs in `haystack` at or after `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= haystack.len() {
        let offset = haystack[at..=haystack.len() - needle.len()]
            .iter()
            .position(|b| *b == first)?;
        at += offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TYPE: &str = "multipart/form-data; boundary=----WebKitFormBoundaryX7a";

    fn body(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
        let mut out = b"preamble is ignored\r\n".to_vec();
        for (name, filename, content) in parts {
            out.extend_from_slice(b"------WebKitFormBoundaryX7a\r\n");
            match filename {
                Some(f) => out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: image/jpeg\r\n\r\n"
                    )
                    .as_bytes(),
                ),
                None => out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                ),
            }
            out.extend_from_slice(content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"------WebKitFormBoundaryX7a--\r\n");
        out
    }

    #[test]
    fn fields_and_one_file_are_read_with_binary_content_intact() {
        // The file holds CRLFs and dashes, even the boundary without its leading CRLF.
        let file: &[u8] = b"\xff\xd8\r\n--\r\n------WebKitFormBoundaryX7\x00\xff\xd9";
        let parsed = Multipart::parse(
            TYPE,
            &body(&[
                ("csrf", None, b"tok"),
                ("caption", None, "تعليق\r\nبسطرين".as_bytes()),
                ("file", Some("صورة.jpg"), file),
                ("archive", None, b"on"),
            ]),
        )
        .unwrap();
        assert_eq!(parsed.text("csrf"), "tok");
        assert_eq!(parsed.text("caption"), "تعليق\r\nبسطرين");
        assert_eq!(parsed.text("archive"), "on");
        assert_eq!(parsed.text("alt"), "");
        assert!(!parsed.has("alt"));
        let got = parsed.file.unwrap();
        assert_eq!(got.field, "file");
        assert_eq!(got.filename, "صورة.jpg");
        assert_eq!(got.content_type.as_deref(), Some("image/jpeg"));
        assert_eq!(got.bytes, file);
    }

    #[test]
    fn a_quoted_boundary_and_an_empty_form_are_accepted() {
        let parsed =
            Multipart::parse("multipart/form-data; boundary=\"a b\"", b"--a b--\r\n").unwrap();
        assert_eq!(parsed, Multipart::default());
    }

    #[test]
    fn other_bodies_are_refused_with_the_reason() {
        assert_eq!(
            Multipart::parse("application/x-www-form-urlencoded", b"a=b"),
            Err(MultipartError::NotMultipart)
        );
        assert_eq!(
            Multipart::parse("multipart/form-data", b""),
            Err(MultipartError::NoBoundary)
        );
        assert!(matches!(
            Multipart::parse(TYPE, b"------WebKitFormBoundaryX7a\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"),
            Err(MultipartError::Malformed(_))
        ));
        let many: Vec<(&str, Option<&str>, &[u8])> =
            (0..20).map(|_| ("x", None, &b"1"[..])).collect();
        assert_eq!(
            Multipart::parse(TYPE, &body(&many)),
            Err(MultipartError::TooManyParts)
        );
        assert_eq!(
            Multipart::parse(
                TYPE,
                &body(&[("f", Some("a"), b"1"), ("g", Some("b"), b"2")])
            ),
            Err(MultipartError::SeveralFiles)
        );
        let long = vec![b'x'; MAX_FIELD_BYTES + 1];
        assert_eq!(
            Multipart::parse(TYPE, &body(&[("caption", None, &long)])),
            Err(MultipartError::FieldTooLong("caption".into()))
        );
    }

    #[test]
    fn parameters_handle_quotes_escapes_and_bare_values() {
        let p = parameters(r#"form-data; name="a\"b"; filename="x;y.jpg"; size=3"#);
        assert_eq!(p["name"], "a\"b");
        assert_eq!(p["filename"], "x;y.jpg");
        assert_eq!(p["size"], "3");
    }
}
