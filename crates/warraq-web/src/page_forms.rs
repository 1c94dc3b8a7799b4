//! A rendered page kept in every form a browser may ask for (identity, gzip, brotli),
//! compressed once when it is stored, with its validators; and the middleware that picks
//! the form a request accepts and answers conditional requests with `304 Not Modified`.
//!
//! Cached pages then never pass through the per-request compression layer:
//! [`not_a_cached_page`] keeps tower-http's `CompressionLayer` off them (it already skips
//! a response that has a `Content-Encoding`; the predicate covers the identity form too).

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, Version, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Brotli quality: 5 compresses a 20 KB page in about a millisecond, cheap enough on a
/// miss, and within a few per cent of the best quality for HTML.
const BROTLI_QUALITY: u32 = 5;
const BROTLI_WINDOW: u32 = 22;

/// A content coding a cached page is kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

/// One form of a page: its bytes and its entity tag.
#[derive(Debug)]
struct Form {
    body: Bytes,
    etag: HeaderValue,
}

/// A rendered page, in every form, with its validators.
#[derive(Debug)]
pub struct PageForms {
    pub content_type: &'static str,
    identity: Form,
    /// `None` when compressing did not make the page smaller (tiny bodies).
    gzip: Option<Form>,
    brotli: Option<Form>,
    last_modified: SystemTime,
    last_modified_header: HeaderValue,
}

impl PageForms {
    /// Compresses `body` (gzip at the default level, brotli at [`BROTLI_QUALITY`]) and
    /// computes its validators. `rendered_at` becomes `Last-Modified`.
    pub fn new(content_type: &'static str, body: Bytes, rendered_at: SystemTime) -> PageForms {
        PageForms::build(content_type, body, rendered_at, true)
    }

    /// A body that is compressed already (a font, a PNG): kept as is only, with its
    /// validators.
    pub fn as_is(content_type: &'static str, body: Bytes, modified: SystemTime) -> PageForms {
        PageForms::build(content_type, body, modified, false)
    }

    fn build(
        content_type: &'static str,
        body: Bytes,
        rendered_at: SystemTime,
        compress: bool,
    ) -> PageForms {
        // Strong ETags name exact bytes, and the gzip and brotli forms are other bytes
        // than the page: each form gets its own strong tag (the hash of the page plus the
        // coding), so a cache holding the gzip form never revalidates it against the
        // brotli one. Weak tags would do for browsers, but not for range requests and
        // caches that compare strongly.
        let digest = Sha256::digest(&body);
        let hash = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
        let form = |bytes: Bytes, suffix: &str| Form {
            etag: HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
                .expect("base64url is a valid header value"),
            body: bytes,
        };
        let smaller = |bytes: Vec<u8>| (bytes.len() < body.len()).then(|| Bytes::from(bytes));
        let gzip = compress
            .then(|| smaller(gzip(&body)).map(|b| form(b, "-gz")))
            .flatten();
        let brotli = compress
            .then(|| smaller(brotli(&body)).map(|b| form(b, "-br")))
            .flatten();
        // HTTP dates have whole seconds; comparing `If-Modified-Since` needs the same.
        let seconds = rendered_at
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let last_modified = UNIX_EPOCH + Duration::from_secs(seconds);
        PageForms {
            content_type,
            identity: form(body, ""),
            gzip,
            brotli,
            last_modified,
            last_modified_header: HeaderValue::from_str(&httpdate::fmt_http_date(last_modified))
                .expect("an HTTP date is a valid header value"),
        }
    }

    /// The bytes this page holds in memory, every form counted.
    pub fn weight(&self) -> usize {
        let form = |f: &Form| f.body.len() + f.etag.len();
        std::mem::size_of::<Self>()
            + form(&self.identity)
            + self.gzip.as_ref().map_or(0, form)
            + self.brotli.as_ref().map_or(0, form)
            + self.last_modified_header.len()
    }

    /// The uncompressed page.
    pub fn identity(&self) -> &Bytes {
        &self.identity.body
    }

    fn form(&self, encoding: Encoding) -> Option<&Form> {
        match encoding {
            Encoding::Brotli => self.brotli.as_ref(),
            Encoding::Gzip => self.gzip.as_ref(),
            Encoding::Identity => Some(&self.identity),
        }
    }

    /// The identity form, as a response; [`serve_page_forms`] swaps in the form the
    /// request accepts (a router without it still serves correct pages).
    pub fn identity_response(self: &Arc<Self>) -> Response {
        let mut response = Response::new(Body::from(self.identity.body.clone()));
        self.set_headers(response.headers_mut(), Encoding::Identity);
        response.extensions_mut().insert(CachedPage(self.clone()));
        response
    }

    /// Turns `response` (this page's identity response, with whatever headers the
    /// handler added) into [`PageForms::respond`]'s answer.
    pub fn answer(&self, asked: &HeaderMap, response: &mut Response) {
        let (answer, body) = self.respond(asked).into_parts();
        let headers = response.headers_mut();
        for name in [
            header::CONTENT_TYPE,
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
        ] {
            headers.remove(name);
        }
        // Replaces the values of the names it has, keeps the others.
        headers.extend(answer.headers);
        *response.status_mut() = answer.status;
        *response.body_mut() = body;
    }

    /// The response to a request with these headers: the form it accepts, or `304 Not
    /// Modified` (validators only) when its `If-None-Match` / `If-Modified-Since` match.
    pub fn respond(&self, asked: &HeaderMap) -> Response {
        let encoding = self.choose(asked);
        let form = self.form(encoding).unwrap_or(&self.identity);
        if not_modified(asked, &form.etag, self.last_modified) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            let headers = response.headers_mut();
            headers.insert(header::ETAG, form.etag.clone());
            headers.insert(header::LAST_MODIFIED, self.last_modified_header.clone());
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            return response;
        }
        let mut response = Response::new(Body::from(form.body.clone()));
        self.set_headers(response.headers_mut(), encoding);
        response
    }

    fn set_headers(&self, headers: &mut HeaderMap, encoding: Encoding) {
        let form = self.form(encoding).unwrap_or(&self.identity);
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(form.body.len()));
        headers.insert(header::ETAG, form.etag.clone());
        headers.insert(header::LAST_MODIFIED, self.last_modified_header.clone());
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        match encoding {
            Encoding::Brotli => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            Encoding::Gzip => {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            }
            Encoding::Identity => {
                headers.remove(header::CONTENT_ENCODING);
            }
        }
    }

    /// The form `accept_encoding` prefers among those kept.
    pub fn choose(&self, accept_encoding: &HeaderMap) -> Encoding {
        preferences(accept_encoding)
            .into_iter()
            .find(|e| self.form(*e).is_some())
            .unwrap_or(Encoding::Identity)
    }
}

/// Marks a response carrying a cached page (see [`serve_page_forms`]).
#[derive(Debug, Clone)]
pub struct CachedPage(pub Arc<PageForms>);

/// Middleware: a cached page leaves in the form the request accepts (br, then gzip, then
/// identity), or as `304 Not Modified` when the request's validators match it.
pub async fn serve_page_forms(request: Request, next: Next) -> Response {
    let mut asked = HeaderMap::new();
    for name in [
        header::ACCEPT_ENCODING,
        header::IF_NONE_MATCH,
        header::IF_MODIFIED_SINCE,
    ] {
        for value in request.headers().get_all(&name) {
            asked.append(name.clone(), value.clone());
        }
    }
    let mut response = next.run(request).await;
    let Some(CachedPage(page)) = response.extensions().get::<CachedPage>().cloned() else {
        return response;
    };
    if response.status() != StatusCode::OK {
        return response;
    }
    page.answer(&asked, &mut response);
    response
}

/// Predicate for tower-http's `CompressionLayer`: cached pages are compressed already.
pub fn not_a_cached_page(
    _: StatusCode,
    _: Version,
    _: &HeaderMap,
    extensions: &Extensions,
) -> bool {
    extensions.get::<CachedPage>().is_none()
}

/// The compressed codings `Accept-Encoding` allows, best first: by q-value, brotli before
/// gzip on a tie; `q=0` refuses a coding, `*` stands for those not named.
pub fn preferences(request: &HeaderMap) -> Vec<Encoding> {
    let (mut br, mut gzip, mut any) = (None, None, None);
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(text) = value.to_str() else { continue };
        for item in text.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| {
                    let (name, value) = p.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("q")
                        .then(|| value.trim().parse::<f32>().unwrap_or(0.0))
                })
                .next()
                .unwrap_or(1.0);
            if coding.eq_ignore_ascii_case("br") {
                br = Some(q);
            } else if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(q);
            } else if coding == "*" {
                any = Some(q);
            }
        }
    }
    let br = br.or(any).unwrap_or(0.0);
    let gzip = gzip.or(any).unwrap_or(0.0);
    let mut allowed = Vec::with_capacity(2);
    if br > 0.0 && br >= gzip {
        allowed.push(Encoding::Brotli);
    }
    if gzip > 0.0 {
        allowed.push(Encoding::Gzip);
    }
    if br > 0.0 && br < gzip {
        allowed.push(Encoding::Brotli);
    }
    allowed
}

/// Whether the request's validators match: `If-None-Match` (weak comparison, as RFC 9110
/// asks for it) when present, else `If-Modified-Since`.
fn not_modified(request: &HeaderMap, etag: &HeaderValue, last_modified: SystemTime) -> bool {
    let mut tags = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .peekable();
    if tags.peek().is_some() {
        let etag = etag.as_bytes();
        return tags.any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t).as_bytes() == etag);
    }
    // Last-Modified is the render time, in whole seconds: a page rendered twice within a
    // second could be taken for unchanged here, which is why the ETag, checked first and
    // sent by every browser, is what really validates.
    request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
        .is_some_and(|since| last_modified <= since)
}

fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::default(),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

fn brotli(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 3);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        let _ = writer.write_all(body);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(accept: &str) -> Vec<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        preferences(&headers)
    }

    #[test]
    fn brotli_is_preferred_then_gzip() {
        use Encoding::*;
        assert_eq!(asking("gzip, deflate, br"), vec![Brotli, Gzip]);
        assert_eq!(asking("gzip"), vec![Gzip]);
        assert_eq!(asking("br;q=0, gzip"), vec![Gzip]);
        assert_eq!(asking("br;q=0.5, gzip;q=0.8"), vec![Gzip, Brotli]);
        assert_eq!(asking("*"), vec![Brotli, Gzip]);
        assert_eq!(asking("*;q=0, gzip"), vec![Gzip]);
        assert_eq!(asking("identity"), vec![]);
        assert!(preferences(&HeaderMap::new()).is_empty());
    }

    #[test]
    fn every_form_has_its_own_strong_tag() {
        let page = PageForms::new(
            "text/html",
            Bytes::from("<p>صفحة</p>".repeat(100)),
            SystemTime::now(),
        );
        let tags: Vec<_> = [Encoding::Identity, Encoding::Gzip, Encoding::Brotli]
            .into_iter()
            .map(|e| page.form(e).expect("kept").etag.clone())
            .collect();
        assert_ne!(tags[0], tags[1]);
        assert_ne!(tags[1], tags[2]);
        assert!(!tags[0].to_str().unwrap().starts_with("W/"));
    }

    #[test]
    fn a_tiny_page_is_kept_uncompressed_only() {
        let page = PageForms::new("text/html", Bytes::from_static(b"ok"), SystemTime::now());
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip"),
        );
        assert_eq!(page.choose(&headers), Encoding::Identity);
    }
}
