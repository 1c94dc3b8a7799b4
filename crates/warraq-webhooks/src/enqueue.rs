//! From the change log to deliveries: reads the entries after the dispatcher's position,
//! decides each touched article's event at `now`, and builds the batch the store writes
//! in one transaction with the new position.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use warraq_domain::{Article, ArticleId};
use warraq_ninjs::{ExportContext, article_to_ninjs};
use warraq_store::{
    Announced, EndpointKind, Entity, NewDelivery, Store, StoreResult, WebhookBatch,
    WebhookEndpoint, resolve_article,
};

use crate::events::{decide, event_id, payload};
use crate::settings::DispatchSettings;
use crate::websub::{PING, feeds_of, ping_body};

/// Change-log entries read at once.
pub const BATCH_LIMIT: u32 = 200;

/// The batch for the entries after `position`, or `None` when there are none. `full` is
/// set when the log may hold more right away.
pub struct Collected {
    pub batch: WebhookBatch,
    pub full: bool,
}

pub async fn collect(
    store: &dyn Store,
    settings: &DispatchSettings,
    position: i64,
    now: DateTime<Utc>,
) -> StoreResult<Option<Collected>> {
    let changes = store.changes_since(position, BATCH_LIMIT).await?;
    let Some(last) = changes.last() else {
        return Ok(None);
    };
    let up_to = last.seq;
    let full = changes.len() >= BATCH_LIMIT as usize;
    if let Some(first) = changes.first()
        && first.seq > position + 1
        && position < store.oldest_change_seq().await? - 1
    {
        tracing::warn!(
            position,
            resumed_at = first.seq,
            "the change log no longer holds what the webhook dispatcher had not read \
             (pruned while no node dispatched): events of those changes are lost"
        );
    }
    // Each article once, with its latest entry: the event says how it is now.
    let mut touched: BTreeMap<ArticleId, i64> = BTreeMap::new();
    for change in changes.iter().filter(|c| c.entity == Entity::Article) {
        if let Ok(id) = change.entity_id.parse::<i64>() {
            touched.insert(ArticleId(id), change.seq);
        }
    }
    let mut batch = WebhookBatch {
        after: position,
        up_to,
        ..WebhookBatch::default()
    };
    if touched.is_empty() {
        return Ok(Some(Collected { batch, full }));
    }
    let ids: Vec<ArticleId> = touched.keys().copied().collect();
    let articles = store.articles_by_ids(&ids).await?;
    let announced: HashMap<ArticleId, Announced> = store
        .announced(&ids)
        .await?
        .into_iter()
        .map(|a| (a.article, a))
        .collect();
    let endpoints = store.webhook_endpoints(false).await?;
    let mut builder = Builder {
        store,
        settings,
        now,
        endpoints: &endpoints,
        agencies: None,
        feeds: BTreeSet::new(),
    };
    let mut articles: Vec<Article> = articles;
    articles.sort_by_key(|a| a.id);
    for article in articles {
        let visible = article.is_visible_at(now);
        let last = announced.get(&article.id);
        if last.is_some_and(|l| l.visible == visible && l.version == article.version) {
            continue;
        }
        if let Some(event) = decide(visible, article.version, last) {
            let seq = touched.get(&article.id).copied().unwrap_or(up_to);
            builder.event(&mut batch, seq, event, &article).await?;
        }
        batch.announced.push(Announced {
            article: article.id,
            visible,
            version: article.version,
        });
    }
    builder.pings(&mut batch);
    Ok(Some(Collected { batch, full }))
}

struct Builder<'a> {
    store: &'a dyn Store,
    settings: &'a DispatchSettings,
    now: DateTime<Utc>,
    endpoints: &'a [WebhookEndpoint],
    /// Loaded with the first event: most batches have none.
    agencies: Option<Vec<warraq_domain::Agency>>,
    /// The feeds the events of this batch changed.
    feeds: BTreeSet<String>,
}

impl Builder<'_> {
    async fn event(
        &mut self,
        batch: &mut WebhookBatch,
        seq: i64,
        event: crate::events::EventType,
        article: &Article,
    ) -> StoreResult<()> {
        let hooks: Vec<&WebhookEndpoint> = self
            .endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::Webhook)
            .collect();
        let pinging = self
            .endpoints
            .iter()
            .any(|e| e.kind == EndpointKind::WebSub);
        if hooks.is_empty() && !pinging {
            return Ok(());
        }
        // Related articles readers may not see now are left out, as in the content API.
        let resolved = resolve_article(self.store, article.clone(), Some(self.now)).await?;
        self.feeds.extend(feeds_of(
            &self.settings.base_url,
            &resolved.section,
            &article.tags,
            &resolved.authors,
        ));
        if hooks.is_empty() {
            return Ok(());
        }
        if self.agencies.is_none() {
            self.agencies = Some(self.store.list_agencies().await?);
        }
        let context = ExportContext {
            base_url: &self.settings.base_url,
            site_name: &self.settings.site_name,
            agencies: self.agencies.as_deref().unwrap_or_default(),
        };
        let id = event_id(seq, article);
        let body = payload(
            &id,
            event,
            self.now,
            article,
            article_to_ninjs(&resolved, &context),
        );
        for hook in hooks {
            batch.deliveries.push(NewDelivery {
                endpoint_id: hook.id,
                event_id: id.clone(),
                event_type: event.as_str().to_string(),
                article_id: Some(article.id),
                body: body.clone(),
            });
        }
        Ok(())
    }

    /// One ping per changed feed to each hub (there is one at most).
    fn pings(self, batch: &mut WebhookBatch) {
        for hub in self
            .endpoints
            .iter()
            .filter(|e| e.kind == EndpointKind::WebSub)
        {
            for feed in &self.feeds {
                batch.deliveries.push(NewDelivery {
                    endpoint_id: hub.id,
                    event_id: format!("ping_{}_{feed}", batch.up_to),
                    event_type: PING.to_string(),
                    article_id: None,
                    body: ping_body(feed),
                });
            }
        }
    }
}
