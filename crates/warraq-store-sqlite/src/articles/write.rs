//! Creating, updating and importing articles: each one transaction with its change-log
//! entry.

use chrono::{DateTime, Utc};
use sqlx::{SqliteConnection, SqlitePool};
use warraq_domain::{Article, ArticleDraft, ArticleId, DomainError};
use warraq_store::{ChangeKind, Entity, StoreError, StoreResult, UpsertOutcome};

use super::row::{ArticleRow, EncodedContent, article_select, bind_content};
use crate::catalog::{RefTable, require};
use crate::changes::record;
use crate::codec::{micros, now, time};
use crate::error::{backend, db_error};
use crate::tx::begin_write;
use warraq_store::stored::{same_content, stored_form};

pub(crate) async fn create_article(
    pool: &SqlitePool,
    draft: &ArticleDraft,
) -> StoreResult<Article> {
    draft.validate()?;
    let mut tx = begin_write(pool).await?;
    let article = insert(&mut tx, draft).await?;
    tx.commit().await.map_err(backend)?;
    Ok(article)
}

pub(crate) async fn update_article(
    pool: &SqlitePool,
    id: ArticleId,
    draft: &ArticleDraft,
    expected_version: Option<i64>,
) -> StoreResult<Article> {
    draft.validate()?;
    let mut tx = begin_write(pool).await?;
    let (version, created_at) = current_version(&mut tx, id).await?;
    if let Some(expected) = expected_version.filter(|e| *e != version) {
        return Err(StoreError::Conflict {
            entity: "article",
            key: id.to_string(),
            expected,
            found: version,
        });
    }
    let article = update(&mut tx, id, draft, version, created_at).await?;
    tx.commit().await.map_err(backend)?;
    Ok(article)
}

pub(crate) async fn upsert_article_by_key(
    pool: &SqlitePool,
    source_key: &str,
    draft: &ArticleDraft,
) -> StoreResult<(Article, UpsertOutcome)> {
    if source_key.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "article.source_key",
        }
        .into());
    }
    draft.validate()?;
    let mut tx = begin_write(pool).await?;
    let existing: Option<i64> =
        sqlx::query_scalar("SELECT article_id FROM source_keys WHERE key = ?")
            .bind(source_key)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    let outcome = match existing {
        None => {
            let article = insert(&mut tx, draft).await?;
            sqlx::query("INSERT INTO source_keys (key, article_id) VALUES (?, ?)")
                .bind(source_key)
                .bind(article.id.0)
                .execute(&mut *tx)
                .await
                .map_err(|e| db_error(e, "article source key", source_key))?;
            (article, UpsertOutcome::Created)
        }
        Some(id) => {
            let stored = load(&mut tx, ArticleId(id)).await?;
            if same_content(&stored.content, &stored_form(draft)) {
                // Nothing written, so no change-log entry either; the transaction ends
                // without a commit.
                return Ok((stored, UpsertOutcome::Unchanged));
            }
            let article =
                update(&mut tx, stored.id, draft, stored.version, stored.created_at).await?;
            (article, UpsertOutcome::Updated)
        }
    };
    tx.commit().await.map_err(backend)?;
    Ok(outcome)
}

/// Checks the references a foreign key would reject, to name the offending field.
async fn check_references(conn: &mut SqliteConnection, draft: &ArticleDraft) -> StoreResult<()> {
    require(
        conn,
        RefTable::Sections,
        draft.section_id.0,
        "article.section_id",
    )
    .await?;
    if let Some(hero) = draft.hero_id {
        require(conn, RefTable::Media, hero.0, "article.hero_id").await?;
    }
    if let Some(bureau) = draft.bureau_id {
        require(conn, RefTable::Bureaus, bureau.0, "article.bureau_id").await?;
    }
    Ok(())
}

async fn insert(conn: &mut SqliteConnection, draft: &ArticleDraft) -> StoreResult<Article> {
    check_references(conn, draft).await?;
    let created_at = now();
    let encoded = EncodedContent::new(draft, created_at)?;
    let query = sqlx::query(
        "INSERT INTO articles (headline, headline_folded, subheadline, slug, lede, body, section_id, \
         tags, author_ids, byline, bureau_id, wire_sources, hero_id, related, status, published_at, \
         extra, sort_at, version, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
    );
    let row = bind_content(query, draft, &encoded)
        .bind(micros(created_at))
        .bind(micros(created_at))
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| db_error(e, "article", &draft.slug))?;
    let id: i64 = sqlx::Row::try_get(&row, 0).map_err(backend)?;
    record(conn, Entity::Article, id, ChangeKind::Created, created_at).await?;
    Ok(Article {
        id: ArticleId(id),
        content: stored_form(draft),
        created_at,
        updated_at: created_at,
        version: 1,
    })
}

async fn current_version(
    conn: &mut SqliteConnection,
    id: ArticleId,
) -> StoreResult<(i64, DateTime<Utc>)> {
    let (version, created_at): (i64, i64) =
        sqlx::query_as("SELECT version, created_at FROM articles WHERE id = ?")
            .bind(id.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| db_error(e, "article", id))?;
    Ok((version, time(created_at, "article.created_at")?))
}

/// Replaces the content of article `id`, stored at `version`.
async fn update(
    conn: &mut SqliteConnection,
    id: ArticleId,
    draft: &ArticleDraft,
    version: i64,
    created_at: DateTime<Utc>,
) -> StoreResult<Article> {
    check_references(conn, draft).await?;
    let updated_at = now();
    let encoded = EncodedContent::new(draft, created_at)?;
    let query = sqlx::query(
        "UPDATE articles SET headline = ?, headline_folded = ?, subheadline = ?, slug = ?, lede = ?, \
         body = ?, section_id = ?, tags = ?, author_ids = ?, byline = ?, bureau_id = ?, \
         wire_sources = ?, hero_id = ?, related = ?, status = ?, published_at = ?, extra = ?, \
         sort_at = ?, version = version + 1, updated_at = ? WHERE id = ?",
    );
    bind_content(query, draft, &encoded)
        .bind(micros(updated_at))
        .bind(id.0)
        .execute(&mut *conn)
        .await
        .map_err(|e| db_error(e, "article", id))?;
    record(conn, Entity::Article, id, ChangeKind::Updated, updated_at).await?;
    Ok(Article {
        id,
        content: stored_form(draft),
        created_at,
        updated_at,
        version: version + 1,
    })
}

pub(crate) async fn load(conn: &mut SqliteConnection, id: ArticleId) -> StoreResult<Article> {
    sqlx::query_as::<_, ArticleRow>(article_select!("WHERE id = ?"))
        .bind(id.0)
        .fetch_one(conn)
        .await
        .map_err(|e| db_error(e, "article", id))?
        .into_article()
}
