//! Creating, updating and importing articles. Each save also keeps the pictures the
//! article shows (`article_media`), a revision and its change-log entry, in the
//! transaction of the caller.

use serde_json::json;
use warraq_domain::{Article, ArticleDraft, ArticleId, DomainError, Status};
use warraq_store::stored::{same_content, stored_form};
use warraq_store::{ChangeKind, Entity, StoreError, StoreResult, UpsertOutcome};

use super::links::{Links, replace_links};
use super::read::article;
use super::revisions::save_revision;
use super::row::{Derived, bind_content};
use super::tags::replace_tags;
use crate::accounts::audit;
use crate::catalog::{RefTable, require};
use crate::codec::Time;
use crate::db::{Conn, on_conn};
use crate::error::db_error;
use crate::tx::SqlTx;

/// Inserts a new article's row (version 1) from [`bind_content!`] and its creation time;
/// answers its id.
pub(crate) const INSERT_ARTICLE: &str = "INSERT INTO articles (headline, headline_folded, \
     subheadline, slug, lede, body, section_id, tags, author_ids, byline, bureau_id, \
     wire_sources, hero_id, related, status, published_at, embargo_until, extra, visible_from, \
     sort_at, corrections, version, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
     $17, $18, $19, $20, $21, 1, $22, $22) RETURNING id";

pub(crate) async fn create_article(tx: &mut SqlTx, draft: &ArticleDraft) -> StoreResult<Article> {
    draft.validate()?;
    check_references(&mut tx.conn(), draft).await?;
    let created_at = Time::now();
    let article = insert_article_row(&mut tx.conn(), draft, created_at).await?;
    after_save(tx, &article, ChangeKind::Created).await?;
    audit_status(tx, article.id, None, article.status, created_at).await?;
    Ok(article)
}

/// The `articles` row of a new article (version 1, created at `created_at`), and the
/// article as stored; what goes with it (revision, change log, links) is the caller's.
pub(crate) async fn insert_article_row(
    conn: &mut Conn<'_>,
    draft: &ArticleDraft,
    created_at: Time,
) -> StoreResult<Article> {
    let content = stored_form(draft, created_at.0);
    let derived = Derived::of(&content, created_at);
    let id: i64 = on_conn!(conn, |c| bind_content!(
        sqlx::query_scalar(INSERT_ARTICLE),
        content,
        derived
    )
    .bind(created_at)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "article", &draft.slug))?;
    Ok(Article {
        id: ArticleId(id),
        content,
        created_at: created_at.0,
        updated_at: created_at.0,
        version: 1,
    })
}

pub(crate) async fn update_article(
    tx: &mut SqlTx,
    id: ArticleId,
    draft: &ArticleDraft,
    expected_version: Option<i64>,
) -> StoreResult<Article> {
    draft.validate()?;
    let stored = article(&mut tx.conn(), id).await?;
    if let Some(expected) = expected_version.filter(|e| *e != stored.version) {
        return Err(StoreError::Conflict {
            entity: "article",
            key: id.to_string(),
            expected,
            found: stored.version,
        });
    }
    replace(tx, &stored, draft).await
}

pub(crate) async fn upsert_article_by_key(
    tx: &mut SqlTx,
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
    match super::read::article_id_by_key(&mut tx.conn(), source_key).await? {
        None => {
            let article = create_article(tx, draft).await?;
            on_conn!(&mut tx.conn(), |c| sqlx::query(
                "INSERT INTO source_keys (key, article_id) VALUES ($1, $2)"
            )
            .bind(source_key)
            .bind(article.id.0)
            .execute(c)
            .await
            .map(|done| done.rows_affected()))
            .map_err(|e| db_error(e, "article source key", source_key))?;
            Ok((article, UpsertOutcome::Created))
        }
        Some(id) => {
            let stored = article(&mut tx.conn(), id).await?;
            if same_content(&stored.content, &stored_form(draft, Time::now().0)) {
                // Nothing written, so no revision and no change-log entry either.
                return Ok((stored, UpsertOutcome::Unchanged));
            }
            let article = replace(tx, &stored, draft).await?;
            Ok((article, UpsertOutcome::Updated))
        }
    }
}

/// Replaces the content of `stored` with `draft`, one version up.
async fn replace(tx: &mut SqlTx, stored: &Article, draft: &ArticleDraft) -> StoreResult<Article> {
    check_references(&mut tx.conn(), draft).await?;
    let updated_at = Time::now();
    let content = stored_form(draft, updated_at.0);
    let derived = Derived::of(&content, Time(stored.created_at));
    on_conn!(&mut tx.conn(), |c| bind_content!(
        sqlx::query(
            "UPDATE articles SET headline = $1, headline_folded = $2, subheadline = $3, \
             slug = $4, lede = $5, body = $6, section_id = $7, tags = $8, author_ids = $9, \
             byline = $10, bureau_id = $11, wire_sources = $12, hero_id = $13, related = $14, \
             status = $15, published_at = $16, embargo_until = $17, extra = $18, \
             visible_from = $19, sort_at = $20, corrections = $21, version = version + 1, \
             updated_at = $22 WHERE id = $23"
        ),
        content,
        derived
    )
    .bind(updated_at)
    .bind(stored.id.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "article", stored.id))?;
    let article = Article {
        id: stored.id,
        content,
        created_at: stored.created_at,
        updated_at: updated_at.0,
        version: stored.version + 1,
    };
    after_save(tx, &article, ChangeKind::Updated).await?;
    if stored.status != article.status {
        audit_status(
            tx,
            article.id,
            Some(stored.status),
            article.status,
            updated_at,
        )
        .await?;
    }
    Ok(article)
}

/// What every save writes beside the row: the pictures it shows, its authors, its tags,
/// its revision, its change-log entry.
async fn after_save(tx: &mut SqlTx, article: &Article, kind: ChangeKind) -> StoreResult<()> {
    let sort_at = Time(article.sort_at());
    let shown = article.media_ids().map(|m| m.0);
    replace_links(tx, Links::Media, article.id, sort_at, shown).await?;
    let authors = article.author_ids.iter().map(|p| p.0);
    replace_links(tx, Links::Authors, article.id, sort_at, authors).await?;
    replace_tags(&mut tx.conn(), article.id, sort_at, &article.tags).await?;
    save_revision(tx, article).await?;
    tx.log(Entity::Article, article.id, kind, Time(article.updated_at))
        .await
}

/// The audit entry of a status change (`from` is `None` when the article is created),
/// written whoever the actor: the newsroom asks who published, unpublished or approved.
pub(super) async fn audit_status(
    tx: &mut SqlTx,
    id: ArticleId,
    from: Option<Status>,
    to: Status,
    at: Time,
) -> StoreResult<()> {
    let detail = json!({ "from": from.map(Status::as_str), "to": to.as_str() });
    audit::record(tx, at, "article.status", &format!("article:{id}"), &detail).await
}

/// Checks the references a foreign key would reject, to name the offending field.
async fn check_references(conn: &mut Conn<'_>, draft: &ArticleDraft) -> StoreResult<()> {
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
    for picture in draft.body_media_ids() {
        require(conn, RefTable::Media, picture.0, "article.body").await?;
    }
    if let Some(bureau) = draft.bureau_id {
        require(conn, RefTable::Bureaus, bureau.0, "article.bureau_id").await?;
    }
    Ok(())
}

/// Points `path` at `target`; re-adding the same redirect writes nothing.
pub(crate) async fn add_redirect(tx: &mut SqlTx, path: &str, target: ArticleId) -> StoreResult<()> {
    if path.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "redirect.path",
        }
        .into());
    }
    require(
        &mut tx.conn(),
        RefTable::Articles,
        target.0,
        "redirect.target",
    )
    .await?;
    let kind = match super::read::redirect(&mut tx.conn(), path).await? {
        Some(id) if id == target => return Ok(()),
        Some(_) => ChangeKind::Updated,
        None => ChangeKind::Created,
    };
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "INSERT INTO redirects (path, article_id) VALUES ($1, $2) \
         ON CONFLICT (path) DO UPDATE SET article_id = excluded.article_id"
    )
    .bind(path)
    .bind(target.0)
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "redirect", path))?;
    tx.log(Entity::Redirect, path, kind, Time::now()).await
}
