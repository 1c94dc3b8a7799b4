//! The newsroom's rules, above the store and below HTTP: who may do what ([`permissions`]),
//! how an article moves from draft to published and back ([`workflow`]), credentials
//! (argon2id passwords, session and API tokens: [`credentials`]), login throttling
//! ([`throttle`]), comparing revisions ([`compare`]), and [`Newsroom`], the service the
//! newsroom pages, the write API and the command line all call, so that each rule is
//! written once.

pub mod compare;
pub mod credentials;
mod error;
pub mod permissions;
mod service;
pub mod throttle;
pub mod workflow;

pub use error::{NewsroomError, NewsroomResult};
pub use service::{Abilities, Clock, LoggedIn, Newsroom, NewsroomSettings};
pub use workflow::Transition;
