//! Media records and blobs (the bytes of files we hold), and the media library search.

use chrono::{DateTime, Utc};
use sqlx::FromRow;
use warraq_domain::{Credit, DomainError, Media, MediaDraft, MediaId};
use warraq_store::{ChangeKind, Entity, StoreResult};

use crate::codec::{Json, Time, unsigned};
use crate::db::{Conn, Dialect, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// `SELECT <every media column> FROM media <tail>`, as one static string.
macro_rules! media_select {
    ($tail:literal) => {
        concat!(
            "SELECT id, file, source_url, mime, width, height, byte_size, alt, caption, credit, \
             archive, created_at FROM media ",
            $tail
        )
    };
}

/// Binds the 10 record columns of `$draft` in the order file, source_url, mime, width,
/// height, byte_size (`$size`, checked), alt, caption, credit, archive. A macro because
/// the query type differs per database.
macro_rules! bind_media {
    ($query:expr, $draft:expr, $size:expr) => {
        $query
            .bind(&$draft.file)
            .bind(&$draft.source_url)
            .bind(&$draft.mime)
            .bind($draft.width.map(i64::from))
            .bind($draft.height.map(i64::from))
            .bind($size)
            .bind(&$draft.alt)
            .bind(&$draft.caption)
            .bind($draft.credit.as_ref().map(Json))
            .bind($draft.archive)
    };
}

// After the macros, which it uses.
mod search;
pub(crate) use search::{fold_unfolded, refold_agency_credits, search_media};

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
    credit: Option<Json<Credit>>,
    archive: bool,
    created_at: Time,
}

impl MediaRow {
    fn into_media(self) -> StoreResult<Media> {
        let what = |column: &str| format!("media {} {column}", self.id);
        Ok(Media {
            id: MediaId(self.id),
            width: unsigned(self.width, &what("width"))?,
            height: unsigned(self.height, &what("height"))?,
            byte_size: unsigned(self.byte_size, &what("byte_size"))?,
            created_at: self.created_at.0,
            file: self.file,
            source_url: self.source_url,
            mime: self.mime,
            alt: self.alt,
            caption: self.caption,
            credit: self.credit.map(|c| c.0),
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

/// How a media record is named in errors: its source, its file, or nothing yet.
fn label(draft: &MediaDraft) -> &str {
    draft
        .source_url
        .as_deref()
        .or(draft.file.as_deref())
        .unwrap_or("")
}

pub(crate) async fn create_media(tx: &mut SqlTx, draft: &MediaDraft) -> StoreResult<Media> {
    draft.validate()?;
    let created_at = Time::now();
    let size = byte_size(draft)?;
    let words = search::search_text(&mut tx.conn(), draft.into()).await?;
    let id: i64 = on_conn!(&mut tx.conn(), |c| bind_media!(
        sqlx::query_scalar(
            "INSERT INTO media (file, source_url, mime, width, height, byte_size, alt, \
             caption, credit, archive, created_at, search_text) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id"
        ),
        draft,
        size
    )
    .bind(created_at)
    .bind(&words)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "media", label(draft)))?;
    tx.log(Entity::Media, id, ChangeKind::Created, created_at)
        .await?;
    Ok(from_draft(MediaId(id), draft, created_at.0))
}

pub(crate) async fn update_media(
    tx: &mut SqlTx,
    id: MediaId,
    draft: &MediaDraft,
) -> StoreResult<Media> {
    draft.validate()?;
    let size = byte_size(draft)?;
    let words = search::search_text(&mut tx.conn(), draft.into()).await?;
    let created_at: Time = on_conn!(&mut tx.conn(), |c| bind_media!(
        sqlx::query_scalar(
            "UPDATE media SET file = $1, source_url = $2, mime = $3, width = $4, height = $5, \
             byte_size = $6, alt = $7, caption = $8, credit = $9, archive = $10, \
             search_text = $11 WHERE id = $12 RETURNING created_at"
        ),
        draft,
        size
    )
    .bind(&words)
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "media", id))?;
    tx.log(Entity::Media, id, ChangeKind::Updated, Time::now())
        .await?;
    Ok(from_draft(id, draft, created_at.0))
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

pub(crate) async fn media(conn: &mut Conn<'_>, id: MediaId) -> StoreResult<Media> {
    on_conn!(conn, |c| sqlx::query_as::<_, MediaRow>(media_select!(
        "WHERE id = $1"
    ))
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "media", id))?
    .into_media()
}

pub(crate) async fn media_many(conn: &mut Conn<'_>, ids: &[MediaId]) -> StoreResult<Vec<Media>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    // The ids travel as one JSON array parameter: no SQL is built from values.
    let sql = match conn.dialect() {
        Dialect::Sqlite => media_select!("WHERE id IN (SELECT value FROM json_each($1))"),
        Dialect::Postgres => {
            media_select!("WHERE id IN (SELECT jsonb_array_elements_text($1)::BIGINT)")
        }
    };
    let rows: Vec<MediaRow> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(Json(&ids))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    rows.into_iter().map(MediaRow::into_media).collect()
}

pub(crate) async fn media_by_source_url(
    conn: &mut Conn<'_>,
    url: &str,
) -> StoreResult<Option<Media>> {
    on_conn!(conn, |c| sqlx::query_as::<_, MediaRow>(media_select!(
        "WHERE source_url = $1 ORDER BY id LIMIT 1"
    ))
    .bind(url)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "media", url))?
    .map(MediaRow::into_media)
    .transpose()
}

/// Whether an article visible at `now` shows the picture (see the `article_media` table).
pub(crate) async fn media_is_visible(
    conn: &mut Conn<'_>,
    id: MediaId,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    // Shown by a visible article, or the photo of someone a visible article names (their
    // author page exists exactly then).
    on_conn!(conn, |c| sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM article_media shown \
         JOIN articles a ON a.id = shown.article_id \
         WHERE shown.media_id = $1 AND a.visible_from <= $2) \
         OR EXISTS (SELECT 1 FROM people p \
         JOIN article_authors signed ON signed.person_id = p.id \
         JOIN articles a ON a.id = signed.article_id \
         WHERE p.photo_id = $1 AND a.visible_from <= $2)"
    )
    .bind(id.0)
    .bind(Time(now))
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "media", id))
}

pub(crate) async fn put_blob(
    tx: &mut SqlTx,
    key: &str,
    mime: &str,
    bytes: &[u8],
) -> StoreResult<()> {
    if key.is_empty() {
        return Err(DomainError::Empty { field: "blob.key" }.into());
    }
    let created: bool = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM blobs WHERE key = $1)"
    )
    .bind(key)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "blob", key))?;
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "INSERT INTO blobs (key, mime, bytes) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET mime = excluded.mime, bytes = excluded.bytes"
    )
    .bind(key)
    .bind(mime)
    .bind(bytes)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "blob", key))?;
    let kind = if created {
        ChangeKind::Created
    } else {
        ChangeKind::Updated
    };
    tx.log(Entity::Blob, key, kind, Time::now()).await
}

pub(crate) async fn blob(conn: &mut Conn<'_>, key: &str) -> StoreResult<(String, Vec<u8>)> {
    on_conn!(conn, |c| sqlx::query_as(
        "SELECT mime, bytes FROM blobs WHERE key = $1"
    )
    .bind(key)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "blob", key))
}
