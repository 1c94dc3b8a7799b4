//! Media records and blobs (the bytes of files we hold).

use sqlx::{FromRow, PgPool};
use warraq_domain::{Credit, DomainError, Media, MediaDraft, MediaId};
use warraq_store::{ChangeKind, Entity, StoreResult};

use crate::changes::record;
use chrono::{DateTime, Utc};
use sqlx::types::Json;

use crate::codec::{from_json, json, now, unsigned};
use crate::error::{backend, db_error};
use crate::tx::begin_write;

macro_rules! media_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, file, source_url, mime, width, height, byte_size, alt, caption, credit, archive, created_at FROM media ",
            $tail
        )
    };
}

#[derive(FromRow)]
struct MediaRow {
    id: i64,
    file: Option<String>,
    source_url: Option<String>,
    mime: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    byte_size: Option<i64>,
    alt: String,
    caption: String,
    credit: Option<serde_json::Value>,
    archive: bool,
    created_at: DateTime<Utc>,
}

impl MediaRow {
    fn into_media(mut self) -> StoreResult<Media> {
        let what = |column: &str| format!("media {} {column}", self.id);
        let credit: Option<Credit> = self
            .credit
            .take()
            .map(|c| from_json(c, &what("credit")))
            .transpose()?;
        Ok(Media {
            id: MediaId(self.id),
            width: unsigned(self.width, &what("width"))?,
            height: unsigned(self.height, &what("height"))?,
            byte_size: unsigned(self.byte_size, &what("byte_size"))?,
            created_at: self.created_at,
            file: self.file,
            source_url: self.source_url,
            mime: self.mime,
            alt: self.alt,
            caption: self.caption,
            credit,
            archive: self.archive,
        })
    }
}

fn byte_size(draft: &MediaDraft) -> StoreResult<Option<i64>> {
    draft
        .byte_size
        .map(|size| {
            i64::try_from(size).map_err(|_| {
                DomainError::Invalid {
                    field: "media.byte_size",
                    reason: format!("{size} bytes is too large"),
                }
                .into()
            })
        })
        .transpose()
}

fn credit_json(draft: &MediaDraft) -> Option<Json<&Credit>> {
    draft.credit.as_ref().map(json)
}

pub(crate) async fn create_media(pool: &PgPool, draft: &MediaDraft) -> StoreResult<Media> {
    draft.validate()?;
    let created_at = now();
    let mut tx = begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO media (file, source_url, mime, width, height, byte_size, alt, caption, credit, archive, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(&draft.file)
    .bind(&draft.source_url)
    .bind(&draft.mime)
    .bind(draft.width.map(i64::from))
    .bind(draft.height.map(i64::from))
    .bind(byte_size(draft)?)
    .bind(&draft.alt)
    .bind(&draft.caption)
    .bind(credit_json(draft))
    .bind(draft.archive)
    .bind(created_at)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| db_error(e, "media", draft.source_url.as_deref().or(draft.file.as_deref()).unwrap_or("")))?;
    record(&mut tx, Entity::Media, id, ChangeKind::Created, created_at).await?;
    tx.commit().await.map_err(backend)?;
    Ok(from_draft(MediaId(id), draft, created_at))
}

pub(crate) async fn update_media(
    pool: &PgPool,
    id: MediaId,
    draft: &MediaDraft,
) -> StoreResult<Media> {
    draft.validate()?;
    let mut tx = begin_write(pool).await?;
    let created_at: DateTime<Utc> = sqlx::query_scalar(
        "UPDATE media SET file = $1, source_url = $2, mime = $3, width = $4, height = $5, byte_size = $6, \
         alt = $7, caption = $8, credit = $9, archive = $10 WHERE id = $11 RETURNING created_at",
    )
    .bind(&draft.file)
    .bind(&draft.source_url)
    .bind(&draft.mime)
    .bind(draft.width.map(i64::from))
    .bind(draft.height.map(i64::from))
    .bind(byte_size(draft)?)
    .bind(&draft.alt)
    .bind(&draft.caption)
    .bind(credit_json(draft))
    .bind(draft.archive)
    .bind(id.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| db_error(e, "media", id))?;
    record(&mut tx, Entity::Media, id, ChangeKind::Updated, now()).await?;
    tx.commit().await.map_err(backend)?;
    Ok(from_draft(id, draft, created_at))
}

fn from_draft(id: MediaId, draft: &MediaDraft, created_at: DateTime<Utc>) -> Media {
    Media {
        id,
        file: draft.file.clone(),
        source_url: draft.source_url.clone(),
        mime: draft.mime.clone(),
        width: draft.width,
        height: draft.height,
        byte_size: draft.byte_size,
        alt: draft.alt.clone(),
        caption: draft.caption.clone(),
        credit: draft.credit.clone(),
        archive: draft.archive,
        created_at,
    }
}

pub(crate) async fn media(pool: &PgPool, id: MediaId) -> StoreResult<Media> {
    sqlx::query_as::<_, MediaRow>(media_select!("WHERE id = $1"))
        .bind(id.0)
        .fetch_one(pool)
        .await
        .map_err(|e| db_error(e, "media", id))?
        .into_media()
}

pub(crate) async fn media_many(pool: &PgPool, ids: &[MediaId]) -> StoreResult<Vec<Media>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    // The ids travel as one array parameter: no SQL is built from values.
    let rows: Vec<MediaRow> = sqlx::query_as(media_select!("WHERE id = ANY($1)"))
        .bind(&ids)
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    rows.into_iter().map(MediaRow::into_media).collect()
}

pub(crate) async fn media_by_source_url(pool: &PgPool, url: &str) -> StoreResult<Option<Media>> {
    sqlx::query_as::<_, MediaRow>(media_select!("WHERE source_url = $1 ORDER BY id LIMIT 1"))
        .bind(url)
        .fetch_optional(pool)
        .await
        .map_err(|e| db_error(e, "media", url))?
        .map(MediaRow::into_media)
        .transpose()
}

pub(crate) async fn put_blob(
    pool: &PgPool,
    key: &str,
    mime: &str,
    bytes: &[u8],
) -> StoreResult<()> {
    if key.is_empty() {
        return Err(DomainError::Empty { field: "blob.key" }.into());
    }
    sqlx::query(
        "INSERT INTO blobs (key, mime, bytes) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes",
    )
    .bind(key)
    .bind(mime)
    .bind(bytes)
    .execute(pool)
    .await
    .map_err(|e| db_error(e, "blob", key))?;
    Ok(())
}

pub(crate) async fn blob(pool: &PgPool, key: &str) -> StoreResult<(String, Vec<u8>)> {
    sqlx::query_as("SELECT mime, bytes FROM blobs WHERE key = $1")
        .bind(key)
        .fetch_one(pool)
        .await
        .map_err(|e| db_error(e, "blob", key))
}
