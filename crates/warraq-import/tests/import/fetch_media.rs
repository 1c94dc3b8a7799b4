//! `--fetch-media` against a picture server of the test's own on loopback: pictures known
//! by URL are downloaded and stored beside their record; what cannot be fetched keeps its
//! URL and is reported by name, and the article is imported either way.

use std::io::Cursor;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use warraq_import::ImportArgs;

use crate::both_backends;
use crate::support::{Backend, import, ninjs_text, store, write};

/// A PNG of the given size, drawn here.
fn png(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 7) as u8, 90])
    });
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(picture)
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encode png");
    bytes
}

/// Serves `/photo.png` (a 40×30 PNG), `/page.html` (not a picture) and 404 otherwise.
async fn picture_server(photo: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let photo = photo.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let n = socket.read(&mut request).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&request[..n]);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let (status, content_type, body) = match path {
                    "/photo.png" => ("200 OK", "image/png", photo),
                    "/page.html" => (
                        "200 OK",
                        "text/html; charset=utf-8",
                        b"<html></html>".to_vec(),
                    ),
                    _ => ("404 Not Found", "text/plain", b"missing".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

fn with_picture(mut doc: serde_json::Value, href: &str) -> serde_json::Value {
    doc["associations"] = serde_json::json!([{
        "name": "hero",
        "type": "picture",
        "uri": format!("{href}#picture"),
        "descriptions": [{"role": "caption", "value": "لقطة من المعرض"}],
        "by": "رويترز",
        "renditions": [{"name": "original", "href": href, "contentType": "image/png"}]
    }]);
    doc
}

both_backends!(fetch_media_stores_pictures_and_reports_those_it_cannot_fetch);

async fn fetch_media_stores_pictures_and_reports_those_it_cannot_fetch(backend: Backend) {
    let ts = store(backend).await;
    let photo = png(40, 30);
    let server = picture_server(photo.clone()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, path) in [
        ("good", "/photo.png"),
        ("html", "/page.html"),
        ("gone", "/missing.png"),
    ] {
        let doc = with_picture(
            ninjs_text(
                &format!("urn:test:warraq:fetch-{name}"),
                &format!("خبر بصورة {name}"),
                "نص الخبر.",
            ),
            &format!("{server}{path}"),
        );
        write(dir.path(), &format!("{name}.json"), &doc.to_string());
    }
    let mut args = ImportArgs::for_paths([dir.path()]);
    args.fetch_media = true;
    args.section = Some("ثقافة وفنون".into());
    let run = import(Some(ts.get()), &args).await;
    assert_eq!(
        run.report.counts.created, 3,
        "every article is imported: {}",
        run.stdout
    );
    assert_eq!(run.report.media.fetched, 1, "{}", run.stdout);
    let warnings: Vec<&str> = run
        .report
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        run.report
            .warnings
            .iter()
            .any(|w| w.file.ends_with("/page.html") && w.message.contains("not a picture")),
        "{warnings:?}"
    );
    assert!(
        run.report
            .warnings
            .iter()
            .any(|w| w.file.ends_with("/missing.png") && w.message.contains("404")),
        "{warnings:?}"
    );

    let good = ts
        .get()
        .media_by_source_url(&format!("{server}/photo.png"))
        .await
        .expect("lookup")
        .expect("the picture's record");
    assert_eq!((good.width, good.height), (Some(40), Some(30)));
    assert_eq!(good.byte_size, Some(photo.len() as u64));
    assert_eq!(
        good.caption, "لقطة من المعرض",
        "caption and credit are kept"
    );
    let key = good.file.expect("a stored file");
    let (mime, bytes) = ts.get().blob(&key).await.expect("blob");
    assert_eq!(mime, "image/png");
    assert_eq!(bytes, photo);

    let gone = ts
        .get()
        .media_by_source_url(&format!("{server}/missing.png"))
        .await
        .expect("lookup")
        .expect("kept by its URL");
    assert_eq!(gone.file, None);

    // Importing again downloads nothing: the file is there.
    let again = import(Some(ts.get()), &args).await;
    assert_eq!(again.report.media.fetched, 0, "{}", again.stdout);
    assert_eq!(again.report.counts.created, 0);
}

both_backends!(without_the_flag_pictures_are_only_recorded_by_url);

async fn without_the_flag_pictures_are_only_recorded_by_url(backend: Backend) {
    let ts = store(backend).await;
    let server = picture_server(png(10, 10)).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = with_picture(
        ninjs_text("urn:test:warraq:nofetch", "خبر", "نص."),
        &format!("{server}/photo.png"),
    );
    write(dir.path(), "item.json", &doc.to_string());
    let run = import(Some(ts.get()), &ImportArgs::for_paths([dir.path()])).await;
    assert_eq!(run.report.media.fetched, 0);
    let media = ts
        .get()
        .media_by_source_url(&format!("{server}/photo.png"))
        .await
        .expect("lookup")
        .expect("recorded");
    assert_eq!(media.file, None);
}
