//! A rendered page kept in every form a browser may ask for (identity, gzip, brotli),
//! each compressed once, with its validators; and the middleware that picks the form a
//! request accepts and answers conditional requests with `304 Not Modified`.
//!
//! A page the cache keeps is compressed lazily ([`PageForms::with_forms`]): a form is made by
//! the first request that accepts it, and kept. Browsers ask for brotli, so most pages
//! never pay for gzip (2.5 ms for a 148 KB API list, 1.9 ms for the home page), and a
//! crawler asking for neither pays for no compression at all. A page rendered again for
//! a change gets at once the forms its readers took before ([`PageForms::made`]), so a
//! spike's pages are never compressed on a reader's time. Concurrent first requests for
//! one form wait for one compression.
//!
//! Cached pages then never pass through the per-request compression layer:
//! [`not_a_cached_page`] keeps tower-http's `CompressionLayer` off them (it already skips
//! a response that has a `Content-Encoding`; the predicate covers the identity form too).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
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

/// The compressed codings, in the order they are made ahead.
const COMPRESSED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

/// One form of a page: its bytes and its entity tag.
#[derive(Debug)]
struct Form {
    body: Bytes,
    etag: HeaderValue,
}

impl Form {
    fn weight(&self) -> usize {
        self.body.len() + self.etag.len()
    }
}

/// A compressed form: not made yet (empty), made, or made and found no smaller than the
/// page (`None`: tiny bodies, or a body not to compress).
type Lazy = OnceLock<Option<Form>>;

/// The bytes of compressed forms made after their pages were kept, summed for the cache
/// that keeps them, so that its memory budget counts them (see [`PageForms::attach`]).
#[derive(Debug, Default)]
pub struct FormsLedger {
    /// A wrapping sum: a page's removal may be counted a moment before a form it made.
    bytes: AtomicUsize,
}

impl FormsLedger {
    pub fn bytes(&self) -> usize {
        (self.bytes.load(Ordering::Acquire) as isize).max(0) as usize
    }
}

/// Set in [`PageForms::account`] while no ledger counts the page.
const DETACHED: usize = 1 << (usize::BITS - 1);

/// A rendered page, in every form, with its validators.
#[derive(Debug)]
pub struct PageForms {
    pub content_type: &'static str,
    identity: Form,
    /// Whether gzip and brotli forms may be made (not for fonts and pictures).
    compress: bool,
    gzip: Lazy,
    brotli: Lazy,
    /// The hash of the page's bytes, which every form's entity tag is made of.
    hash: String,
    last_modified: SystemTime,
    last_modified_header: HeaderValue,
    /// The ledger of the cache keeping this page, once kept.
    ledger: OnceLock<Arc<FormsLedger>>,
    /// The bytes of forms made since the page was kept and told to its ledger; with
    /// [`DETACHED`] while no cache counts it (before it is kept, after it is dropped).
    account: AtomicUsize,
}

impl PageForms {
    /// Every form made now (gzip at the default level, brotli at [`BROTLI_QUALITY`]), with
    /// its validators: for files served for the process's whole life (the static assets).
    /// `rendered_at` becomes `Last-Modified`.
    pub fn new(content_type: &'static str, body: Bytes, rendered_at: SystemTime) -> PageForms {
        PageForms::with_forms(content_type, body, rendered_at, &COMPRESSED)
    }

    /// The forms `ahead` made now, the others when first asked for (all of them, for a
    /// page the cache keeps while a reader waits).
    pub fn with_forms(
        content_type: &'static str,
        body: Bytes,
        rendered_at: SystemTime,
        ahead: &[Encoding],
    ) -> PageForms {
        let page = PageForms::build(content_type, body, rendered_at, true);
        for &encoding in ahead {
            page.form(encoding);
        }
        page
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
        // HTTP dates have whole seconds; comparing `If-Modified-Since` needs the same.
        let seconds = rendered_at
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let last_modified = UNIX_EPOCH + Duration::from_secs(seconds);
        PageForms {
            content_type,
            identity: Form {
                etag: etag(&hash, ""),
                body,
            },
            compress,
            gzip: Lazy::new(),
            brotli: Lazy::new(),
            hash,
            last_modified,
            last_modified_header: HeaderValue::from_str(&httpdate::fmt_http_date(last_modified))
                .expect("an HTTP date is a valid header value"),
            ledger: OnceLock::new(),
            account: AtomicUsize::new(DETACHED),
        }
    }

    /// The bytes this page holds in memory, every form made so far counted.
    pub fn weight(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.identity.weight()
            + self.hash.len()
            + [&self.gzip, &self.brotli]
                .into_iter()
                .filter_map(|lazy| lazy.get().and_then(Option::as_ref))
                .map(Form::weight)
                .sum::<usize>()
            + self.last_modified_header.len()
    }

    /// The compressed forms made so far (readers asked for them), for a page rendered
    /// again to make ahead.
    pub fn made(&self) -> Vec<Encoding> {
        COMPRESSED
            .into_iter()
            .filter(|&encoding| self.cell(encoding).is_some_and(|lazy| lazy.get().is_some()))
            .collect()
    }

    /// Counts this page's forms made from now on in `ledger` (the cache keeping it), until
    /// [`PageForms::detach`]. Returns the page's weight as it is now, to be counted by the
    /// cache itself. A page is kept by one cache under one key, once.
    pub fn attach(&self, ledger: &Arc<FormsLedger>) -> usize {
        if self.ledger.set(ledger.clone()).is_ok() {
            // A form made before this line is in the weight returned only; one made
            // after it and before the weight is read, in both until the page is dropped,
            // which takes it out of both (the entry's weight and what the ledger holds).
            self.account.store(0, Ordering::Release);
        }
        self.weight()
    }

    /// Stops counting this page's forms in its ledger, and takes out of the ledger those
    /// counted there: the cache dropped the page (readers holding it may still make forms).
    pub fn detach(&self) {
        let counted = self.account.fetch_or(DETACHED, Ordering::AcqRel);
        if counted & DETACHED == 0
            && let Some(ledger) = self.ledger.get()
        {
            ledger.bytes.fetch_sub(counted, Ordering::AcqRel);
        }
    }

    fn cell(&self, encoding: Encoding) -> Option<&Lazy> {
        match encoding {
            Encoding::Brotli => Some(&self.brotli),
            Encoding::Gzip => Some(&self.gzip),
            Encoding::Identity => None,
        }
    }

    /// The form in `encoding`, made now if this is the first time it is asked for;
    /// `None` when that coding does not make this page smaller.
    fn form(&self, encoding: Encoding) -> Option<&Form> {
        let Some(lazy) = self.cell(encoding) else {
            return Some(&self.identity);
        };
        if !self.compress {
            return None;
        }
        let mut made = 0;
        let form = lazy
            .get_or_init(|| {
                let form = self.compressed(encoding);
                made = form.as_ref().map_or(0, Form::weight);
                form
            })
            .as_ref();
        if made > 0 {
            let counted = self.account.fetch_add(made, Ordering::AcqRel);
            if counted & DETACHED == 0
                && let Some(ledger) = self.ledger.get()
            {
                ledger.bytes.fetch_add(made, Ordering::AcqRel);
            }
        }
        form
    }

    fn compressed(&self, encoding: Encoding) -> Option<Form> {
        let body = &self.identity.body;
        let (bytes, suffix) = match encoding {
            Encoding::Brotli => (brotli(body), "-br"),
            Encoding::Gzip => (gzip(body), "-gz"),
            Encoding::Identity => return None,
        };
        (bytes.len() < body.len()).then(|| Form {
            body: Bytes::from(bytes),
            etag: etag(&self.hash, suffix),
        })
    }

    /// The uncompressed page.
    pub fn identity(&self) -> &Bytes {
        &self.identity.body
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

    /// The form `accept_encoding` prefers among those that make the page smaller (made
    /// now, if it is the first request to accept it).
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

fn etag(hash: &str, suffix: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
        .expect("base64url is a valid header value")
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
    fn a_lazy_page_makes_only_the_forms_asked_for() {
        let page = PageForms::with_forms(
            "text/html",
            Bytes::from("<p>صفحة</p>".repeat(100)),
            SystemTime::now(),
            &[],
        );
        let identity = page.respond(&HeaderMap::new());
        assert!(identity.headers().get(header::CONTENT_ENCODING).is_none());
        assert!(
            page.made().is_empty(),
            "a client asking for none costs none"
        );

        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let gzip = page.respond(&headers);
        assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(page.made(), vec![Encoding::Gzip]);
        // The same bytes and tag as a page made with every form at once.
        let eager = PageForms::new("text/html", page.identity().clone(), SystemTime::now());
        assert_eq!(
            gzip.headers()[header::ETAG],
            eager.form(Encoding::Gzip).unwrap().etag
        );
        assert_eq!(eager.made(), vec![Encoding::Brotli, Encoding::Gzip]);
    }

    #[test]
    fn a_file_compressed_already_is_never_compressed_again() {
        let page = PageForms::as_is(
            "font/woff2",
            Bytes::from(vec![7u8; 4096]),
            SystemTime::now(),
        );
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip"),
        );
        assert_eq!(page.choose(&headers), Encoding::Identity);
        assert!(page.made().is_empty());
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
