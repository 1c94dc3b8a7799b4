//! warraq's webhooks and WebSub pings.
//!
//! An operator registers endpoints (`warraq webhook add URL`); each receives
//! `article.published`, `article.updated` and `article.unpublished` events as JSON with
//! the article as a ninjs 3.1 document, signed with its secret
//! ([`signature::sign`]: `Warraq-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
//! "t.body">`). With `--websub-hub`, the hub is pinged for the feeds that changed.
//!
//! Events come from the change log, decided by the visibility rule at the time they are
//! read ([`events`]), so nothing is announced before readers may see it. A
//! [`Dispatcher`] runs beside each node's server; one at a time holds the store's lease,
//! writes each batch of events with its position in the log (no event lost or doubled by
//! a crash or a second node), and sends them with a timeout, a bounded number at once,
//! retrying with exponential back-off for a day; every attempt is in the delivery log.

pub mod dispatcher;
pub mod enqueue;
pub mod events;
pub mod sender;
pub mod settings;
pub mod signature;
pub mod websub;

pub use dispatcher::{DispatchError, Dispatcher, Leading, Running};
pub use events::EventType;
pub use settings::{DispatchSettings, RetryPolicy};
pub use signature::{SIGNATURE_HEADER, SignatureError, new_secret, sign, verify};
