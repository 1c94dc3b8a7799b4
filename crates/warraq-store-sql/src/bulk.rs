//! Creating many articles at once, for loading a store (`warraq generate`, issue 10's
//! million-article stores) at tens of thousands of articles a second instead of the few
//! hundred that one write-API call per article allows.
//!
//! Writes exactly what [`WriteTx::create_article`](warraq_store::ArticleWrites) writes for
//! each article, in one write transaction: the row (with the folded headline, the
//! visibility rule's `visible_from` and `sort_at`), the first revision, `article_media`,
//! `article_authors` and `article_tags` (with `sort_at`), a change-log entry (`article`,
//! `created`, with the actor) and the status audit entry. Only the statements differ: the
//! rows beside the articles go in multi-row inserts. References (section, hero picture,
//! bureau) are checked by the database's foreign keys instead of one query each.

use serde_json::json;
use warraq_domain::{Actor, ArticleDraft, ArticleId};
use warraq_store::{ChangeKind, Entity, StoreResult};

use crate::articles::{insert_article_row, tag_slugs};
use crate::codec::{Json, Time};
use crate::db::on_conn;
use crate::error::backend;
use crate::store::SqlStore;

/// Rows per multi-row insert: far below SQLite's 32,766 bound parameters.
const ROWS_PER_INSERT: usize = 1_000;

/// Inserts `$rows` (a slice) in statements of [`ROWS_PER_INSERT`] rows: `$head` is the
/// `INSERT INTO t (columns) ` part, `$bind` binds one row's values on `$b`. A macro because
/// the builder's type differs per database.
macro_rules! insert_many {
    ($tx:expr, $head:literal, $rows:expr, |$b:ident, $row:ident| $bind:expr) => {
        for chunk in $rows.chunks(ROWS_PER_INSERT) {
            on_conn!(&mut $tx.conn(), |c| {
                let mut sql = sqlx::QueryBuilder::new($head);
                sql.push_values(chunk, |mut $b, $row| {
                    $bind;
                });
                sql.build().execute(c).await.map(drop)
            })
            .map_err(backend)?;
        }
    };
}

impl SqlStore {
    /// Creates every draft in `drafts`, in order, in one write transaction acting as
    /// `actor`, with everything a single creation writes (see the module). Returns the
    /// new ids; nothing is written when any draft is refused.
    pub async fn create_articles_bulk(
        &self,
        actor: Actor,
        drafts: &[ArticleDraft],
    ) -> StoreResult<Vec<ArticleId>> {
        let mut tx = self.pool.begin_write().await?;
        let created_at = Time::now();
        let mut articles = Vec::with_capacity(drafts.len());
        for draft in drafts {
            draft.validate()?;
            articles.push(insert_article_row(&mut tx.conn(), draft, created_at).await?);
        }

        let actor_text = actor.to_string();
        insert_many!(
            tx,
            "INSERT INTO revisions (article_id, version, actor, at, content) ",
            articles,
            |b, a| b
                .push_bind(a.id.0)
                .push_bind(1_i64)
                .push_bind(&actor_text)
                .push_bind(created_at)
                .push_bind(Json(&a.content))
        );
        let mut media: Vec<(i64, i64)> = Vec::new();
        let mut authors: Vec<(i64, i64, Time)> = Vec::new();
        let mut tags: Vec<(i64, String, Time)> = Vec::new();
        for article in &articles {
            let sort_at = Time(article.sort_at());
            let mut shown: Vec<i64> = article.media_ids().map(|m| m.0).collect();
            shown.sort_unstable();
            shown.dedup();
            media.extend(shown.into_iter().map(|m| (article.id.0, m)));
            let mut people: Vec<i64> = article.author_ids.iter().map(|p| p.0).collect();
            people.sort_unstable();
            people.dedup();
            authors.extend(people.into_iter().map(|p| (article.id.0, p, sort_at)));
            tags.extend(
                tag_slugs(&article.tags)
                    .into_iter()
                    .map(|slug| (article.id.0, slug, sort_at)),
            );
        }
        insert_many!(
            tx,
            "INSERT INTO article_media (article_id, media_id) ",
            media,
            |b, row| b.push_bind(row.0).push_bind(row.1)
        );
        insert_many!(
            tx,
            "INSERT INTO article_authors (article_id, person_id, sort_at) ",
            authors,
            |b, row| b.push_bind(row.0).push_bind(row.1).push_bind(row.2)
        );
        insert_many!(
            tx,
            "INSERT INTO article_tags (article_id, tag_slug, sort_at) ",
            tags,
            |b, row| b.push_bind(row.0).push_bind(&row.1).push_bind(row.2)
        );
        let log: Vec<String> = articles.iter().map(|a| a.id.to_string()).collect();
        insert_many!(
            tx,
            "INSERT INTO change_log (entity, entity_id, kind, at, actor) ",
            log,
            |b, id| b
                .push_bind(Entity::Article.as_str())
                .push_bind(id)
                .push_bind(ChangeKind::Created.as_str())
                .push_bind(created_at)
                .push_bind(&actor_text)
        );
        let audit: Vec<(String, serde_json::Value)> = articles
            .iter()
            .map(|a| {
                let detail = json!({ "from": null, "to": a.status.as_str() });
                (format!("article:{}", a.id), detail)
            })
            .collect();
        insert_many!(
            tx,
            "INSERT INTO audit_log (at, actor, action, subject, detail) ",
            audit,
            |b, row| b
                .push_bind(created_at)
                .push_bind(&actor_text)
                .push_bind("article.status")
                .push_bind(&row.0)
                .push_bind(Json(&row.1))
        );
        tx.commit().await?;
        Ok(articles.into_iter().map(|a| a.id).collect())
    }

    /// Treats the whole change log as already read by the webhook dispatcher, and every
    /// article readers may see at `now` as already announced, as migration 0004 did for
    /// the stores that predate webhooks. For a loaded store (`warraq generate`), whose
    /// history is not news: otherwise the first server walks every entry of a million
    /// article log in the background, in write transactions, while it serves. Scheduled
    /// and embargoed articles stay unannounced and are announced at their moment.
    pub async fn mark_history_announced(
        &self,
        now: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin_write().await?;
        on_conn!(&mut tx.conn(), |c| sqlx::query(
            "INSERT INTO webhook_announced (article_id, visible, version) \
             SELECT id, $1, version FROM articles WHERE visible_from <= $2 \
             ON CONFLICT (article_id) DO UPDATE \
             SET visible = excluded.visible, version = excluded.version"
        )
        .bind(true)
        .bind(Time(now))
        .execute(c)
        .await
        .map(drop))
        .map_err(backend)?;
        on_conn!(&mut tx.conn(), |c| sqlx::query(
            "UPDATE webhook_dispatch \
             SET position = (SELECT COALESCE(MAX(seq), 0) FROM change_log) WHERE id = 1"
        )
        .execute(c)
        .await
        .map(drop))
        .map_err(backend)?;
        tx.commit().await?;
        Ok(())
    }
}
