//! The media library search. Each record keeps `search_text`: its caption, credit and alt
//! text folded for matching as headlines are (hamza forms, diacritics, digits; see
//! [`fold_for_matching`]), one per line. A search folds its text the same way and asks
//! for it as a substring, so `اسرائيل` finds a caption that spells `إسرائيل`.
//!
//! An agency credit is kept with the agency's names (`AFP` is found as `فرانس برس`), and
//! refolded when the agency changes.

use sqlx::QueryBuilder;
use warraq_domain::arabic::fold_for_matching;
use warraq_domain::{Credit, Media, MediaDraft, MediaId};
use warraq_store::StoreResult;

use super::MediaRow;
use crate::catalog::stored_agency;
use crate::db::{Conn, Dialect, Pool, on_conn};
use crate::error::{backend, db_error};
use crate::tx::SqlTx;

/// The largest page a search returns, whatever the caller asks.
const MAX_PAGE: u32 = 200;
/// Records folded per transaction when filling `search_text` at start-up, so that the
/// writers' lock is never held for long.
const FOLD_BATCH: i64 = 200;

/// The words that go with a picture, of a draft or of a stored record.
pub(super) struct Words<'a> {
    pub caption: &'a str,
    pub credit: Option<&'a Credit>,
    pub alt: &'a str,
}

impl<'a> From<&'a MediaDraft> for Words<'a> {
    fn from(draft: &'a MediaDraft) -> Self {
        Words {
            caption: &draft.caption,
            credit: draft.credit.as_ref(),
            alt: &draft.alt,
        }
    }
}

/// The words of a picture as `search_text` keeps them.
pub(super) async fn search_text(conn: &mut Conn<'_>, words: Words<'_>) -> StoreResult<String> {
    let mut lines = vec![words.caption.to_string()];
    match words.credit {
        Some(Credit::Agency { code }) => {
            lines.push(code.clone());
            if let Some(agency) = stored_agency(conn, code).await? {
                lines.extend([agency.short_ar, agency.name_ar, agency.name_en]);
                lines.extend(agency.aliases);
            }
        }
        Some(Credit::Other { name }) => lines.push(name.clone()),
        None => {}
    }
    lines.push(words.alt.to_string());
    // Folding collapses whitespace, so a folded search never spans two lines.
    let folded: Vec<String> = lines
        .iter()
        .map(|line| fold_for_matching(line))
        .filter(|line| !line.is_empty())
        .collect();
    Ok(folded.join("\n"))
}

/// Newest first (by id), below `before`; only records whose words contain `text` once
/// folded, unless it is `None` or folds to nothing.
pub(crate) async fn search_media(
    conn: &mut Conn<'_>,
    text: Option<&str>,
    before: Option<MediaId>,
    limit: u32,
) -> StoreResult<Vec<Media>> {
    let folded = text.map(fold_for_matching).filter(|t| !t.is_empty());
    // A position, not LIKE: the text needs no escaping of `%` and `_`.
    let contains = match conn.dialect() {
        Dialect::Sqlite => " AND instr(search_text, ",
        Dialect::Postgres => " AND strpos(search_text, ",
    };
    let rows: Vec<MediaRow> = on_conn!(conn, |c| {
        let mut sql = QueryBuilder::new(media_select!("WHERE TRUE"));
        if let Some(folded) = &folded {
            sql.push(contains).push_bind(folded.as_str()).push(") > 0");
        }
        if let Some(before) = before {
            sql.push(" AND id < ").push_bind(before.0);
        }
        sql.push(" ORDER BY id DESC LIMIT ")
            .push_bind(i64::from(limit.clamp(1, MAX_PAGE)));
        sql.build_query_as().fetch_all(c).await
    })
    .map_err(backend)?;
    rows.into_iter().map(MediaRow::into_media).collect()
}

/// Fills `search_text` where it is missing (records written before migration 0003), in
/// small transactions. Idempotent, and cheap when there is nothing to do: several nodes
/// may run it as they start.
pub(crate) async fn fold_unfolded(pool: &Pool) -> StoreResult<()> {
    const ANY_UNFOLDED: &str = "SELECT EXISTS (SELECT 1 FROM media WHERE search_text IS NULL)";
    let any: bool = {
        let mut pooled = pool.acquire().await?;
        on_conn!(&mut pooled.conn(), |c| sqlx::query_scalar(ANY_UNFOLDED)
            .fetch_one(c)
            .await)
        .map_err(backend)?
    };
    if !any {
        return Ok(());
    }
    loop {
        let mut tx = pool.begin_write().await?;
        let rows: Vec<MediaRow> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(media_select!(
            "WHERE search_text IS NULL ORDER BY id LIMIT $1"
        ))
        .bind(FOLD_BATCH)
        .fetch_all(c)
        .await)
        .map_err(backend)?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in rows {
            refold(&mut tx.conn(), row.into_media()?).await?;
        }
        tx.commit().await?;
    }
}

/// Refolds the records credited to the agency `code`, after its names changed.
pub(crate) async fn refold_agency_credits(tx: &mut SqlTx, code: &str) -> StoreResult<()> {
    let sql = match tx.conn().dialect() {
        Dialect::Sqlite => media_select!(
            "WHERE json_extract(credit, '$.kind') = 'agency' \
             AND json_extract(credit, '$.code') = $1"
        ),
        Dialect::Postgres => {
            media_select!("WHERE credit ->> 'kind' = 'agency' AND credit ->> 'code' = $1")
        }
    };
    let rows: Vec<MediaRow> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(sql)
        .bind(code)
        .fetch_all(c)
        .await)
    .map_err(|e| db_error(e, "agency", code))?;
    for row in rows {
        refold(&mut tx.conn(), row.into_media()?).await?;
    }
    Ok(())
}

/// Rewrites the `search_text` of one record from its stored words.
async fn refold(conn: &mut Conn<'_>, media: Media) -> StoreResult<()> {
    let words = Words {
        caption: &media.caption,
        credit: media.credit.as_ref(),
        alt: &media.alt,
    };
    let text = search_text(conn, words).await?;
    on_conn!(conn, |c| sqlx::query(
        "UPDATE media SET search_text = $1 WHERE id = $2"
    )
    .bind(&text)
    .bind(media.id.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "media", media.id))?;
    Ok(())
}
