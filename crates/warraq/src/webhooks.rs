//! `warraq webhook …`: the endpoints that receive article events (add, list, remove) and
//! the delivery log. Acting as `system`, recorded in the audit log. The `serve` processes
//! send; these commands only change what they send to.

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use warraq_domain::Actor;
use warraq_store::{Delivery, DeliveryQuery, EndpointKind, WebhookEndpoint};
use warraq_webhooks::new_secret;

use crate::store_options::StoreOptions;

#[derive(Debug, Args)]
pub struct WebhookCommand {
    #[command(subcommand)]
    pub action: WebhookAction,
}

#[derive(Debug, Subcommand)]
pub enum WebhookAction {
    /// Register an endpoint for article.published, article.updated and
    /// article.unpublished events; prints its signing secret, once.
    Add {
        /// Where events are POSTed (http or https).
        url: String,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// List the endpoints (and the WebSub hub of `serve --websub-hub`).
    List {
        /// Removed endpoints too.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Stop sending to an endpoint; what was waiting for it is given up.
    Remove {
        id: i64,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// The delivery log, newest first: time, event, article, attempts, status, error.
    Deliveries {
        /// Only this endpoint's.
        #[arg(long)]
        endpoint: Option<i64>,
        /// Only those given up or waiting for a retry.
        #[arg(long)]
        failed: bool,
        /// How many to print (1 to 500).
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=500))]
        limit: u32,
        /// One JSON object per line instead of columns.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreOptions,
    },
}

impl WebhookAction {
    fn store(&self) -> &StoreOptions {
        match self {
            WebhookAction::Add { store, .. }
            | WebhookAction::List { store, .. }
            | WebhookAction::Remove { store, .. }
            | WebhookAction::Deliveries { store, .. } => store,
        }
    }
}

pub async fn webhook(command: WebhookCommand) -> anyhow::Result<()> {
    let store = command.action.store().open().await?;
    match command.action {
        WebhookAction::Add { url, .. } => {
            let url = checked_url(&url)?;
            let secret = new_secret();
            let endpoint = store
                .add_webhook_endpoint(Actor::System, EndpointKind::Webhook, &url, &secret)
                .await
                .with_context(|| format!("cannot add the webhook {url}"))?;
            eprintln!(
                "webhook {} → {}; its signing secret, shown once:",
                endpoint.id, endpoint.url
            );
            println!("{secret}");
        }
        WebhookAction::List { all, .. } => {
            for endpoint in store.webhook_endpoints(all).await? {
                println!("{}", endpoint_line(&endpoint));
            }
        }
        WebhookAction::Remove { id, .. } => {
            store
                .remove_webhook_endpoint(Actor::System, id)
                .await
                .with_context(|| format!("cannot remove webhook {id}"))?;
            println!("webhook {id} removed");
        }
        WebhookAction::Deliveries {
            endpoint,
            failed,
            limit,
            json,
            ..
        } => {
            let query = DeliveryQuery {
                endpoint,
                failed_only: failed,
                limit,
                ..DeliveryQuery::default()
            };
            for delivery in store.deliveries(&query).await? {
                if json {
                    println!("{}", serde_json::to_string(&delivery)?);
                } else {
                    println!("{}", delivery_line(&delivery));
                }
            }
        }
    }
    Ok(())
}

/// Only absolute http(s) URLs: anything else would fail at every attempt.
fn checked_url(url: &str) -> anyhow::Result<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if !rest.is_empty() && !rest.starts_with('/') && !url.contains(char::is_whitespace) =>
        {
            Ok(url.to_string())
        }
        _ => bail!("`{url}` is not an http:// or https:// address"),
    }
}

fn endpoint_line(e: &WebhookEndpoint) -> String {
    format!(
        "{}\t{}\t{}\tadded {}{}",
        e.id,
        e.kind.as_str(),
        e.url,
        e.created_at.format("%Y-%m-%d %H:%M"),
        if e.active { "" } else { "\t(removed)" }
    )
}

/// `time  event  article  attempts  status  error`, tab-separated.
fn delivery_line(d: &Delivery) -> String {
    let state = if d.delivered_at.is_some() {
        "delivered".to_string()
    } else if d.given_up_at.is_some() {
        "given up".to_string()
    } else if let Some(next) = d.next_attempt_at {
        format!("retry {}", next.format("%H:%M:%S"))
    } else {
        "pending".to_string()
    };
    format!(
        "{}\t{}\t{}\tendpoint {}\tarticle {}\tattempts {}\t{}\t{}\t{}",
        d.created_at.format("%Y-%m-%d %H:%M:%S"),
        d.id,
        d.event_type,
        d.endpoint_id,
        d.article_id.map_or("-".to_string(), |a| a.0.to_string()),
        d.attempts,
        d.last_status.map_or("-".to_string(), |s| s.to_string()),
        state,
        d.last_error.as_deref().unwrap_or(""),
    )
}

/// What `serve` runs beside the server: records the WebSub hub (`None` removes a hub
/// configured before; nodes on one database should agree) and starts the dispatcher.
pub async fn start_dispatcher(
    store: &warraq_store::DynStore,
    site: &warraq_web::SiteConfig,
    websub_hub: Option<&str>,
) -> anyhow::Result<warraq_webhooks::Running> {
    let hub = websub_hub.map(checked_url).transpose()?;
    store
        .set_websub_hub(Actor::System, hub.as_deref())
        .await
        .context("cannot record the WebSub hub")?;
    let settings = warraq_webhooks::DispatchSettings::new(site.origin(), &site.site_name);
    Ok(warraq_webhooks::Dispatcher::new(store.clone(), settings)?.start())
}

#[cfg(test)]
mod tests {
    use super::checked_url;

    #[test]
    fn only_http_addresses_are_taken() {
        assert!(checked_url(" https://hooks.example.org/warraq ").is_ok());
        assert!(checked_url("http://127.0.0.1:9000/x").is_ok());
        for bad in [
            "hooks.example.org",
            "ftp://x",
            "https://",
            "https:///x",
            "https://a b",
        ] {
            assert!(checked_url(bad).is_err(), "{bad}");
        }
    }
}
