//! Telling a CDN or reverse proxy which pages a change touched, by their surrogate keys
//! (the `Surrogate-Key` header of every kept page), so that it drops them within the
//! follower's poll instead of at the end of their `max-age`.
//!
//! Configured by the environment: `WARRAQ_PURGE_URL=http://varnish:6081/purge` (plain
//! HTTP: a Varnish or nginx next to the node, or a relay for an HTTPS API such as
//! Fastly's) and optionally `WARRAQ_PURGE_HEADER='Fastly-Key: …'`. For each batch that
//! touches pages, the node sends `POST <url>` with `Surrogate-Key: <keys>` (space-separated,
//! at most [`MAX_KEYS`]; `all` when every page is touched) and the same keys as the body.
//! Best effort: a failed purge is logged, the pages' `max-age` bounds what it leaves.

use std::time::Duration;

use tokio::net::TcpStream;

use super::PageCache;
use super::deps::ALL_KEY;
use super::touch::Touch;

/// Fastly takes at most 256 keys in one purge.
const MAX_KEYS: usize = 256;
const TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    path: String,
    header: Option<(String, String)>,
}

/// Where purges go, if anywhere.
#[derive(Debug, Default)]
pub struct Purge {
    target: Option<Target>,
}

impl Purge {
    /// From `WARRAQ_PURGE_URL` and `WARRAQ_PURGE_HEADER`; none when unset, and none (with
    /// a warning) when the address is not `http://host[:port]/path`.
    pub fn from_env() -> Purge {
        let Ok(url) = std::env::var("WARRAQ_PURGE_URL") else {
            return Purge::default();
        };
        let header = std::env::var("WARRAQ_PURGE_HEADER").ok();
        let target = parse_target(&url, header.as_deref());
        if target.is_none() {
            tracing::warn!(
                url,
                "WARRAQ_PURGE_URL is not http://host[:port]/path: no purging"
            );
        }
        Purge { target }
    }

    /// Sends the keys `touch` purges (in the background).
    pub fn send(&self, touch: &Touch, pages: &PageCache) {
        let Some(target) = self.target.clone() else {
            return;
        };
        let mut keys = touch.surrogate_keys(pages.related_subjects(touch));
        if keys.len() > MAX_KEYS {
            keys = vec![ALL_KEY.to_string()];
        }
        if keys.is_empty() {
            return;
        }
        tokio::spawn(async move {
            let sent = tokio::time::timeout(TIMEOUT, post(&target, &keys.join(" "))).await;
            match sent {
                Ok(Ok(status)) if (200..300).contains(&status) => {
                    tracing::debug!(keys = keys.len(), "purged")
                }
                Ok(Ok(status)) => tracing::warn!(status, "the purge was refused"),
                Ok(Err(error)) => tracing::warn!(%error, "the purge failed"),
                Err(_) => tracing::warn!("the purge timed out"),
            }
        });
    }
}

fn parse_target(url: &str, header: Option<&str>) -> Option<Target> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, port.parse().ok()?),
        None => (authority, 80),
    };
    if host.is_empty() || path.contains(['\r', '\n', ' ']) {
        return None;
    }
    let header = match header {
        Some(text) => {
            let (name, value) = text.split_once(':')?;
            let (name, value) = (name.trim(), value.trim());
            if name.is_empty() || text.contains(['\r', '\n']) {
                return None;
            }
            Some((name.to_string(), value.to_string()))
        }
        None => None,
    };
    Some(Target {
        host: host.to_string(),
        port,
        path: path.to_string(),
        header,
    })
}

/// One `POST` over HTTP/1.1; the response's status code.
async fn post(target: &Target, keys: &str) -> std::io::Result<u16> {
    let stream = TcpStream::connect((target.host.as_str(), target.port)).await?;
    let extra = target
        .header
        .as_ref()
        .map(|(n, v)| format!("{n}: {v}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nSurrogate-Key: {keys}\r\n{extra}\
         Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{keys}",
        target.path,
        target.host,
        keys.len()
    );
    // The socket's own readiness calls: tokio's `io-util` extension traits are not needed
    // for one short request and the first line of its answer.
    let mut sent = 0;
    while sent < request.len() {
        stream.writable().await?;
        match stream.try_write(&request.as_bytes()[sent..]) {
            Ok(n) => sent += n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    let mut head = [0u8; 64];
    let read = loop {
        stream.readable().await?;
        match stream.try_read(&mut head) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    };
    let line = String::from_utf8_lossy(&head[..read]);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_cache::deps::Dep;
    use crate::page_cache::touch::Mode;

    #[test]
    fn only_plain_http_addresses_are_taken() {
        let target = parse_target("http://varnish:6081/purge", Some("X-Token: abc")).unwrap();
        assert_eq!((target.host.as_str(), target.port), ("varnish", 6081));
        assert_eq!(target.path, "/purge");
        assert_eq!(target.header, Some(("X-Token".into(), "abc".into())));
        assert_eq!(parse_target("http://cdn", None).unwrap().path, "/");
        assert!(parse_target("https://api.fastly.com/x", None).is_none());
        assert!(parse_target("http://h/x", Some("no colon")).is_none());
    }

    #[tokio::test]
    async fn the_touched_keys_are_posted() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let purge = Purge {
            target: parse_target(&format!("http://127.0.0.1:{port}/purge"), None),
        };
        let mut touch = Touch::default();
        touch.add(Dep::Article(12), Mode::Drop);
        touch.add(Dep::Home, Mode::Refresh);
        purge.send(&touch, &PageCache::default());
        let (socket, _) = listener.accept().await.unwrap();
        let mut received = vec![0u8; 4096];
        let mut n = 0;
        while !String::from_utf8_lossy(&received[..n]).ends_with("article-12 home") {
            socket.readable().await.unwrap();
            match socket.try_read(&mut received[n..]) {
                Ok(0) => break,
                Ok(read) => n += read,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => panic!("{e}"),
            }
        }
        let text = String::from_utf8_lossy(&received[..n]).to_string();
        socket.writable().await.unwrap();
        socket
            .try_write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        assert!(text.starts_with("POST /purge HTTP/1.1\r\n"), "{text}");
        assert!(
            text.contains("\r\nSurrogate-Key: article-12 home\r\n"),
            "{text}"
        );
    }
}
