//! Static files (CSS, JavaScript, fonts, logo) compiled into the binary. Each is served
//! under a name carrying a hash of its content (`site.3f9a1c0b2d.css`) so browsers may cache
//! it forever; a new build changes the name. Stylesheets refer to fonts by their logical
//! names, rewritten to the hashed ones when the manifest is built.
//!
//! Text files (CSS, JavaScript, SVG) are compressed once, on their first request, and kept
//! in every form like cached pages ([`PageForms`]: brotli, gzip, as is, each with its
//! strong `ETag`), so no request compresses them again. Compressing at first use rather
//! than in a build script keeps the build free of a compression step and costs each
//! process a few milliseconds once; fonts and PNGs are compressed already and sent as they
//! are.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::page_forms::PageForms;
use crate::state::AppState;

#[derive(RustEmbed)]
#[folder = "static/"]
struct StaticFiles;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Logical names are for outside references (and old pages); they may change any time.
const SHORT: &str = "public, max-age=300";

/// One served file: its bytes (after name rewriting), MIME type, and its forms once asked.
#[derive(Debug, Clone)]
struct Asset {
    bytes: Bytes,
    mime: &'static str,
    forms: Arc<OnceLock<Arc<PageForms>>>,
}

impl Asset {
    fn new(bytes: Vec<u8>, mime: &'static str) -> Asset {
        Asset {
            bytes: Bytes::from(bytes),
            mime,
            forms: Arc::default(),
        }
    }

    /// The file in every form worth keeping, made on first use.
    fn forms(&self) -> &Arc<PageForms> {
        self.forms.get_or_init(|| {
            let at = SystemTime::now();
            let forms = if is_compressed_already(self.mime) {
                PageForms::as_is(self.mime, self.bytes.clone(), at)
            } else {
                PageForms::new(self.mime, self.bytes.clone(), at)
            };
            Arc::new(forms)
        })
    }
}

fn is_compressed_already(mime: &str) -> bool {
    mime.starts_with("font/") || mime == "image/png"
}

/// Logical name (`site.css`) ↔ hashed name (`site.<hash>.css`), and the bytes behind them.
#[derive(Debug, Default)]
pub struct AssetManifest {
    hashed_by_logical: HashMap<String, String>,
    by_hashed: HashMap<String, Asset>,
    by_logical: HashMap<String, Asset>,
}

impl AssetManifest {
    /// Builds the manifest from the embedded files. Non-CSS files are hashed first so the
    /// stylesheets can point at their final names.
    pub fn build() -> Self {
        let mut manifest = AssetManifest::default();
        let mut names: Vec<String> = StaticFiles::iter().map(|n| n.to_string()).collect();
        names.sort_by_key(|n| (n.ends_with(".css"), n.clone()));
        for name in names {
            let Some(file) = StaticFiles::get(&name) else {
                continue;
            };
            let mut bytes = file.data.into_owned();
            if name.ends_with(".css") {
                bytes = manifest.rewrite_references(&name, bytes);
            }
            let hashed = hashed_name(&name, &bytes);
            let asset = Asset::new(bytes, mime_for(&name));
            manifest.by_hashed.insert(hashed.clone(), asset.clone());
            manifest.by_logical.insert(name.clone(), asset);
            manifest.hashed_by_logical.insert(name, hashed);
        }
        manifest
    }

    /// `/static/<hashed name>` for a logical name; the logical path when unknown, so a
    /// typo shows up as a 404 in the browser instead of a failed page.
    pub fn url(&self, logical: &str) -> String {
        match self.hashed_by_logical.get(logical) {
            Some(hashed) => format!("/static/{hashed}"),
            None => format!("/static/{logical}"),
        }
    }

    /// References in a stylesheet are relative to the stylesheet's folder.
    fn rewrite_references(&self, css_name: &str, bytes: Vec<u8>) -> Vec<u8> {
        let Ok(mut text) = String::from_utf8(bytes.clone()) else {
            return bytes;
        };
        let folder = css_name
            .rsplit_once('/')
            .map(|(dir, _)| format!("{dir}/"))
            .unwrap_or_default();
        for (logical, hashed) in &self.hashed_by_logical {
            if let Some(relative) = logical.strip_prefix(&folder) {
                let relative_hashed = hashed.strip_prefix(&folder).unwrap_or(hashed);
                text = text.replace(
                    &format!("url({relative})"),
                    &format!("url({relative_hashed})"),
                );
            }
        }
        text.into_bytes()
    }

    fn lookup(&self, path: &str) -> Option<(&Asset, &'static str)> {
        if let Some(asset) = self.by_hashed.get(path) {
            return Some((asset, IMMUTABLE));
        }
        self.by_logical.get(path).map(|asset| (asset, SHORT))
    }
}

fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let short: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
        None => format!("{name}.{short}"),
    }
}

fn mime_for(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `GET /static/{*path}`: the identity form, which the router's `serve_page_forms` turns
/// into the form the request accepts, or a 304.
pub async fn serve_static(
    State(state): State<AppState>,
    Path(path): Path<String>,
) -> Result<Response, AppError> {
    let (asset, cache) = state
        .assets()
        .lookup(&path)
        .ok_or(AppError::not_found("static file"))?;
    let mut response = asset.forms().identity_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_gets_a_hashed_name_and_css_points_at_hashed_fonts() {
        let manifest = AssetManifest::build();
        let css_url = manifest.url("site.css");
        assert!(
            css_url.starts_with("/static/site.")
                && css_url.ends_with(".css")
                && css_url != "/static/site.css"
        );
        let hashed_css = css_url.trim_start_matches("/static/");
        let css = String::from_utf8(manifest.by_hashed[hashed_css].bytes.to_vec()).unwrap();
        let font = manifest.url("fonts/noto-naskh-arabic-arabic-400-normal.woff2");
        let font_name = font.trim_start_matches("/static/fonts/");
        assert!(
            css.contains(font_name),
            "stylesheet should reference {font_name}"
        );
    }

    #[test]
    fn unknown_assets_fall_back_to_the_logical_path() {
        assert_eq!(
            AssetManifest::build().url("missing.js"),
            "/static/missing.js"
        );
    }
}
