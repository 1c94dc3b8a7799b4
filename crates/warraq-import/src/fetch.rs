//! `--fetch-media`: pictures an import knows only by URL (WordPress featured images, ninjs
//! renditions) are downloaded once and stored beside their record, so the site serves and
//! resizes them itself instead of sending readers to the old host.
//!
//! A picture that cannot be fetched never fails its article: the record keeps its URL and
//! the report says why (status, type, size), naming the URL.

use std::io::Cursor;
use std::time::Duration;

use warraq_domain::{Actor, Media, MediaDraft, MediaId};
use warraq_store::Store;

use crate::draft::short_hash;
use crate::error::ImportError;
use crate::report::{ImportReport, Warning};
use crate::unit::Origin;

/// Larger files are refused: a news picture is a few megabytes at most.
const MAX_BYTES: usize = 25 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(30);

pub struct MediaFetcher {
    client: reqwest::Client,
}

impl MediaFetcher {
    pub fn new() -> Result<Self, ImportError> {
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::limited(5))
            .user_agent(concat!(
                "warraq/",
                env!("CARGO_PKG_VERSION"),
                " (media import)"
            ))
            .build()
            .map_err(|e| ImportError::Fetch(e.to_string()))?;
        Ok(Self { client })
    }

    /// Downloads the file of every record among `ids` that has a web address and no file
    /// yet, and stores it. Returns how many were stored.
    pub async fn fetch_missing(
        &self,
        store: &dyn Store,
        ids: &[MediaId],
        report: &mut ImportReport,
    ) -> Result<usize, ImportError> {
        let mut stored = 0;
        for id in ids {
            let media = store.media(*id).await?;
            let Some(url) = web_address(&media) else {
                continue;
            };
            // Downloads happen outside any transaction: a slow host never holds one open.
            match self.download(url).await {
                Ok(file) => {
                    if store_file(store, &media, url, &file).await? {
                        stored += 1;
                    }
                }
                Err(reason) => report.warn(Warning::new(
                    &Origin::file(url),
                    format!("picture not downloaded, kept by its URL: {reason}"),
                )),
            }
        }
        report.media.fetched += stored;
        Ok(stored)
    }

    async fn download(&self, url: &str) -> Result<Downloaded, String> {
        let mut response = self
            .client
            .get(url)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("the server answered {status}"));
        }
        let mime = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase())
            .unwrap_or_default();
        if !mime.starts_with("image/") {
            return Err(format!("not a picture (content type `{mime}`)"));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_BYTES as u64)
        {
            return Err(format!("larger than {} MiB", MAX_BYTES / 1024 / 1024));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| e.to_string())? {
            if bytes.len() + chunk.len() > MAX_BYTES {
                return Err(format!("larger than {} MiB", MAX_BYTES / 1024 / 1024));
            }
            bytes.extend_from_slice(&chunk);
        }
        // The size matters to pages (no layout shift); formats the decoder does not know
        // are stored all the same, without it.
        let size = image::ImageReader::new(Cursor::new(&bytes))
            .with_guessed_format()
            .ok()
            .and_then(|reader| reader.into_dimensions().ok());
        Ok(Downloaded { mime, bytes, size })
    }
}

/// Stores the downloaded file and points the record at it, in one transaction. The record
/// is read again there: it is left alone when it got a file meanwhile (another import), and
/// what an editor changed during the download is kept.
async fn store_file(
    store: &dyn Store,
    media: &Media,
    url: &str,
    file: &Downloaded,
) -> Result<bool, ImportError> {
    let mut tx = store.begin(Actor::Import).await?;
    let Some(current) = tx
        .media_by_source_url(url)
        .await?
        .filter(|m| m.id == media.id && m.file.is_none())
    else {
        return Ok(false);
    };
    let key = format!("import/{}", &short_hash(url)[..40]);
    tx.put_blob(&key, &file.mime, &file.bytes).await?;
    tx.update_media(current.id, &with_file(&current, key, file))
        .await?;
    tx.commit().await?;
    Ok(true)
}

struct Downloaded {
    mime: String,
    bytes: Vec<u8>,
    size: Option<(u32, u32)>,
}

fn web_address(media: &Media) -> Option<&str> {
    if media.file.is_some() {
        return None;
    }
    media
        .source_url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

fn with_file(media: &Media, key: String, file: &Downloaded) -> MediaDraft {
    MediaDraft {
        file: Some(key),
        source_url: media.source_url.clone(),
        mime: Some(file.mime.clone()),
        width: file.size.map(|(w, _)| w).or(media.width),
        height: file.size.map(|(_, h)| h).or(media.height),
        byte_size: Some(file.bytes.len() as u64),
        alt: media.alt.clone(),
        caption: media.caption.clone(),
        credit: media.credit.clone(),
        archive: media.archive,
    }
}
