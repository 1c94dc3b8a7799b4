//! Kept pages answered before routing. A page the cache keeps under a key is, by the
//! keys' construction ([`crate::page_cache::query_key`]), what a `GET` of that very
//! request target shows; so a `GET` whose path and query equal a kept key is answered
//! from the cache at once, without the router, its middleware or per-request
//! compression. Everything else (other methods, a query with parameters the page does
//! not read, a page not kept) goes through the router, which renders and keeps it.
//!
//! This is what lets a breaking-news spike be served at the speed of a static file: a hit
//! costs a hash-map lookup and a copy of a few headers.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::response::Response;
use axum::routing::future::RouteFuture;
use futures_util::future::Either;
use tower::Service;

use crate::security::COMMON_HEADERS;
use crate::state::AppState;

/// The whole site as one service: kept pages first, then the router.
#[derive(Clone)]
pub struct Site {
    state: AppState,
    router: Router,
}

impl Site {
    pub fn new(state: AppState) -> Site {
        Site {
            router: crate::router(state.clone()),
            state,
        }
    }

    /// The kept page a `GET` of this exact target asks for, in the form it accepts.
    fn kept(&self, request: &Request) -> Option<Response> {
        if request.method() != Method::GET {
            return None;
        }
        let target = request.uri().path_and_query()?.as_str();
        let mut response = self.state.kept_page(target, request.headers())?;
        let headers = response.headers_mut();
        for (name, value) in COMMON_HEADERS.iter() {
            headers.insert(name.clone(), value.clone());
        }
        Some(response)
    }
}

impl Service<Request> for Site {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<Ready<Result<Response, Infallible>>, RouteFuture<Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request>::poll_ready(&mut self.router, cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.kept(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.router.call(request)),
        }
    }
}
