//! The media library through HTTP, as the newsroom uses it: uploads (with the session and
//! its CSRF token; refusals of what is not a picture, of bombs, of forms from elsewhere),
//! search (page and JSON), the edit page, and renditions the newsroom sees before readers
//! may. Each on SQLite and PostgreSQL.

#[macro_use]
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use image::ImageFormat;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use support::{Backend, Reply, TestSite, all_text, attr, one, photo_bytes, sel};
use warraq_domain::{Credit, MediaId, Role};
use warraq_media::metadata::iptc::photoshop_iim_block;

const PASSWORD: &str = "كلمة سر طويلة للاختبار";

/// A logged-in member of the newsroom: the session cookie and the page's CSRF token.
struct Desk {
    cookie: String,
    csrf: String,
}

async fn log_in(site: &TestSite, role: Role) -> Desk {
    let email = format!("{}@news.test", role.as_str());
    site.node
        .state()
        .newsroom()
        .add_user(None, &email, "سارة المحررة", role, Some(PASSWORD))
        .await
        .expect("account");
    let body = format!(
        "email={}&password={}&next=%2Fnewsroom%2Fmedia",
        encode(&email),
        encode(PASSWORD)
    );
    let reply = site
        .request(
            Request::post("/newsroom/login")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let cookie = reply
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    let page = get(site, &cookie, "/newsroom/media").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let csrf = attr(one(&page.html(), r#"meta[name="csrf-token"]"#), "content").to_string();
    Desk { cookie, csrf }
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

async fn get(site: &TestSite, cookie: &str, uri: &str) -> Reply {
    site.request(
        Request::get(uri)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

async fn post_form(site: &TestSite, desk: &Desk, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let body = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    site.request(
        Request::post(uri)
            .header(header::COOKIE, &desk.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// A file as a browser sends it: field name, file name, content type, bytes.
struct File<'a>(&'a str, &'a str, &'a [u8]);

/// POSTs `multipart/form-data` to the upload route, as the library page's form does.
async fn upload(site: &TestSite, desk: &Desk, fields: &[(&str, &str)], file: File<'_>) -> Reply {
    const BOUNDARY: &str = "----warraqTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let File(filename, content_type, bytes) = file;
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    site.request(
        Request::post("/newsroom/media")
            .header(header::COOKIE, &desk.cookie)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(body))
            .unwrap(),
    )
    .await
}

/// The id in a `Location: /newsroom/media/{id}?...`.
fn uploaded_id(reply: &Reply) -> MediaId {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text());
    let location = reply.header("location").expect("location");
    let id = location
        .strip_prefix("/newsroom/media/")
        .and_then(|rest| rest.split('?').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not an edit page: {location}"));
    MediaId(id)
}

async fn media_count(site: &TestSite) -> usize {
    site.store
        .search_media(None, None, 200)
        .await
        .expect("library")
        .len()
}

async fn an_uploaded_jpeg_is_stored_found_and_seen_only_by_the_newsroom(backend: Backend) {
    let site = TestSite::on(backend).await;
    let desk = log_in(&site, Role::Writer).await;
    let jpeg = photo_bytes(800, 600, ImageFormat::Jpeg);
    let reply = upload(
        &site,
        &desk,
        &[
            ("csrf", &desk.csrf),
            ("caption", "قافلة مساعدات تعبر معبر رفح صباح الخميس"),
            ("credit_agency", "Reuters"),
            ("credit_other", ""),
            ("alt", "شاحنات على طريق صحراوي"),
            ("archive", "on"),
        ],
        File("قافلة.jpg", "image/jpeg", &jpeg),
    )
    .await;
    let id = uploaded_id(&reply);
    let media = site.store.media(id).await.expect("stored");
    assert_eq!(media.caption, "قافلة مساعدات تعبر معبر رفح صباح الخميس");
    assert_eq!(
        media.credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        })
    );
    assert!(media.archive);
    assert_eq!((media.width, media.height), (Some(800), Some(600)));

    // Found by the store's search, the page and the picker's JSON (hamza folded: معبر رفح).
    let found = site
        .store
        .search_media(Some("مساعدات"), None, 10)
        .await
        .unwrap();
    assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), vec![id]);
    let page = get(
        &site,
        &desk.cookie,
        &format!("/newsroom/media?q={}", encode("قافلة")),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = page.html();
    assert_eq!(
        all_text(&doc, ".lib-card .lib-card-caption"),
        vec!["قافلة مساعدات تعبر معبر رفح صباح الخميس"]
    );
    let img = one(&doc, &format!("#media-{} img", id.0));
    assert_eq!(attr(img, "src"), format!("/newsroom/media/{}/480", id.0));
    assert_eq!(attr(img, "alt"), "شاحنات على طريق صحراوي");

    let json = get(
        &site,
        &desk.cookie,
        &format!("/newsroom/api/media?q={}", encode("رفح")),
    )
    .await;
    assert_eq!(json.status, StatusCode::OK);
    let json = json.json();
    let item = &json["items"][0];
    assert_eq!(item["id"], id.0);
    assert_eq!(
        item["thumbnail_url"],
        format!("/newsroom/media/{}/480", id.0)
    );
    assert_eq!(item["credit_label"], "رويترز");
    assert_eq!(
        item["credit"],
        serde_json::json!({"kind": "agency", "code": "Reuters"})
    );
    assert_eq!(
        (item["width"].as_u64(), item["height"].as_u64()),
        (Some(800), Some(600))
    );
    assert_eq!(json["items"].as_array().unwrap().len(), 1);
    // Credits are searched by the agency's names: the site's Reuters photo and this one.
    let json = get(
        &site,
        &desk.cookie,
        &format!("/newsroom/api/media?q={}", encode("رويترز")),
    )
    .await
    .json();
    let ids: Vec<i64> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id.0, site.archive_photo.id.0], "newest first");

    // No article shows it: readers get nothing, the newsroom its rendition.
    assert_eq!(
        site.get(&format!("/media/{}/640", id.0)).await.status,
        StatusCode::NOT_FOUND
    );
    let rendition = get(
        &site,
        &desk.cookie,
        &format!("/newsroom/media/{}/480", id.0),
    )
    .await;
    assert_eq!(rendition.status, StatusCode::OK);
    assert_eq!(rendition.header("content-type"), Some("image/jpeg"));
    let picture = image::load_from_memory(&rendition.body).unwrap();
    assert_eq!((picture.width(), picture.height()), (480, 360));
    // Logged out, the newsroom's rendition is not served either.
    assert_eq!(
        site.get(&format!("/newsroom/media/{}/480", id.0))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        site.get("/newsroom/api/media").await.status,
        StatusCode::UNAUTHORIZED
    );
}
on_both_backends!(an_uploaded_jpeg_is_stored_found_and_seen_only_by_the_newsroom);

async fn the_pictures_iptc_caption_and_credit_fill_what_was_left_empty(backend: Backend) {
    let site = TestSite::on(backend).await;
    let desk = log_in(&site, Role::Editor).await;
    let jpeg = photo_bytes(640, 480, ImageFormat::Jpeg);
    let mut app13 = b"Photoshop 3.0\0".to_vec();
    app13.extend(photoshop_iim_block(&[
        (2, 120, "متظاهرون في ساحة الشهداء".as_bytes()),
        (2, 110, "REUTERS/Mohamed Azakir".as_bytes()),
    ]));
    let len = u16::try_from(app13.len() + 2).unwrap().to_be_bytes();
    let mut with_iptc = vec![0xff, 0xd8, 0xff, 0xed, len[0], len[1]];
    with_iptc.extend(app13);
    with_iptc.extend_from_slice(&jpeg[2..]);

    let reply = upload(
        &site,
        &desk,
        &[("csrf", &desk.csrf), ("caption", ""), ("credit_agency", "")],
        File("agency.jpg", "image/jpeg", &with_iptc),
    )
    .await;
    let id = uploaded_id(&reply);
    let location = reply.header("location").unwrap().to_string();
    assert!(location.ends_with("read=caption,credit"), "{location}");
    let media = site.store.media(id).await.unwrap();
    assert_eq!(media.caption, "متظاهرون في ساحة الشهداء");
    assert_eq!(
        media.credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        })
    );

    let page = get(&site, &desk.cookie, &location).await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = page.html();
    assert_eq!(
        doc.select(&sel(".lib-read")).count(),
        2,
        "both prefills are pointed out"
    );
    assert_eq!(
        one(&doc, "#edit-caption").text().collect::<String>(),
        "متظاهرون في ساحة الشهداء"
    );
    let chosen = one(&doc, "#edit-credit-agency option[selected]");
    assert_eq!(attr(chosen, "value"), "Reuters");
}
on_both_backends!(the_pictures_iptc_caption_and_credit_fill_what_was_left_empty);

async fn uploads_without_the_csrf_token_or_of_non_pictures_store_nothing(backend: Backend) {
    let site = TestSite::on(backend).await;
    let desk = log_in(&site, Role::Writer).await;
    let before = media_count(&site).await;
    let jpeg = photo_bytes(320, 240, ImageFormat::Jpeg);

    let no_token = upload(
        &site,
        &desk,
        &[("caption", "x")],
        File("a.jpg", "image/jpeg", &jpeg),
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong = upload(
        &site,
        &desk,
        &[("csrf", "not-the-token")],
        File("a.jpg", "image/jpeg", &jpeg),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // A text file, even when the browser calls it a JPEG: 415 and the Arabic reason.
    let text = upload(
        &site,
        &desk,
        &[("csrf", &desk.csrf), ("caption", "ملاحظات")],
        File("notes.jpg", "image/jpeg", "ملاحظات الاجتماع\n".as_bytes()),
    )
    .await;
    assert_eq!(text.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let doc = text.html();
    let error = one(&doc, "#upload-error");
    assert_eq!(attr(error, "data-error-code"), "upload.not_an_image");
    assert!(
        error
            .text()
            .collect::<String>()
            .contains("ليس صورة بصيغة JPEG أو PNG أو WebP"),
        "{}",
        error.text().collect::<String>()
    );
    assert_eq!(attr(one(&doc, "#upload-file"), "aria-invalid"), "true");
    // What was typed is kept for the next try.
    assert_eq!(
        one(&doc, "#upload-caption").text().collect::<String>(),
        "ملاحظات"
    );

    // A few dozen bytes of PNG declaring 100000×100000 pixels: refused from its header.
    let bomb = upload(
        &site,
        &desk,
        &[("csrf", &desk.csrf)],
        File("bomb.png", "image/png", &png_declaring(100_000, 100_000)),
    )
    .await;
    assert!(
        [
            StatusCode::PAYLOAD_TOO_LARGE,
            StatusCode::UNPROCESSABLE_ENTITY
        ]
        .contains(&bomb.status),
        "{}",
        bomb.status
    );
    let message = one(&bomb.html(), "#upload-error")
        .text()
        .collect::<String>();
    assert!(message.contains("100000×100000"), "{message}");
    assert!(message.contains("أكبر من الحد المسموح به"), "{message}");

    // A damaged JPEG: 422.
    let damaged = upload(
        &site,
        &desk,
        &[("csrf", &desk.csrf)],
        File("cut.jpg", "image/jpeg", &jpeg[..jpeg.len() / 3]),
    )
    .await;
    assert_eq!(damaged.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        one(&damaged.html(), "#upload-error")
            .text()
            .collect::<String>()
            .contains("تعذّرت قراءة الصورة")
    );

    // A body over the upload limit is cut off while it is read: 413, the limit in words.
    let huge = vec![0u8; 21 * 1024 * 1024];
    let too_large = upload(
        &site,
        &desk,
        &[("csrf", &desk.csrf)],
        File("huge.jpg", "image/jpeg", &huge),
    )
    .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    let message = one(&too_large.html(), "#upload-error")
        .text()
        .collect::<String>();
    assert!(message.contains("20 ميغابايت"), "{message}");

    assert_eq!(media_count(&site).await, before, "nothing was stored");
}
on_both_backends!(uploads_without_the_csrf_token_or_of_non_pictures_store_nothing);

async fn a_pictures_caption_credit_archive_flag_and_alt_text_are_edited(backend: Backend) {
    let site = TestSite::on(backend).await;
    let desk = log_in(&site, Role::Writer).await;
    let id = site.hero.id;
    let path = format!("/newsroom/media/{}", id.0);

    let page = get(&site, &desk.cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    let doc = page.html();
    assert_eq!(
        attr(one(&doc, "#edit-credit-agency option[selected]"), "value"),
        "EPA"
    );
    assert_eq!(
        attr(one(&doc, ".lib-preview img"), "src"),
        format!("/newsroom/media/{}/960", id.0)
    );

    let saved = post_form(
        &site,
        &desk,
        &path,
        &[
            ("csrf", &desk.csrf),
            ("caption", "  مبنى السفارة   بعد الترميم "),
            ("credit_agency", "other"),
            ("credit_other", "«الشرق الأوسط»"),
            ("alt", "واجهة مبنى حجري"),
            ("archive", "on"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    assert_eq!(
        saved.header("location"),
        Some(format!("{path}?saved=1").as_str())
    );
    let media = site.store.media(id).await.unwrap();
    assert_eq!(media.caption, "مبنى السفارة بعد الترميم");
    assert_eq!(
        media.credit,
        Some(Credit::Other {
            name: "«الشرق الأوسط»".into()
        })
    );
    assert!(media.archive);
    assert_eq!(media.alt, "واجهة مبنى حجري");
    assert_eq!(media.file, site.hero.file, "the file stays");

    // An agency typed in the "other" field is that agency; unticking clears the flag.
    let saved = post_form(
        &site,
        &desk,
        &path,
        &[
            ("csrf", &desk.csrf),
            ("caption", "الواجهة الجديدة للسفارة"),
            ("credit_agency", ""),
            ("credit_other", "فرانس برس"),
            ("alt", ""),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let media = site.store.media(id).await.unwrap();
    assert_eq!(media.credit, Some(Credit::Agency { code: "AFP".into() }));
    assert!(!media.archive);

    // Refusals: no token (403), an agency not in the list (422, nothing saved).
    let forged = post_form(&site, &desk, &path, &[("caption", "مزور")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unknown = post_form(
        &site,
        &desk,
        &path,
        &[
            ("csrf", &desk.csrf),
            ("caption", "x"),
            ("credit_agency", "NOPE"),
        ],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        attr(one(&unknown.html(), "#edit-error"), "data-error-code"),
        "upload.invalid_field"
    );
    assert_eq!(
        site.store.media(id).await.unwrap().caption,
        "الواجهة الجديدة للسفارة"
    );

    // Published articles show the new words once the node has followed the change.
    site.caught_up().await;
    let short = site
        .get(&format!("/article/{}", site.related_europe.id.0))
        .await;
    let article = site
        .get(short.header("location").expect("the slugged address"))
        .await;
    assert!(
        article.text().contains("الواجهة الجديدة للسفارة"),
        "the reader page shows the new caption"
    );
}
on_both_backends!(a_pictures_caption_credit_archive_flag_and_alt_text_are_edited);

async fn the_library_pages_by_id_newest_first(backend: Backend) {
    let site = TestSite::on(backend).await;
    let desk = log_in(&site, Role::Editor).await;
    let jpeg = photo_bytes(320, 240, ImageFormat::Jpeg);
    for i in 0..26 {
        let reply = upload(
            &site,
            &desk,
            &[("csrf", &desk.csrf), ("caption", &format!("صورة رقم {i}"))],
            File("p.jpg", "image/jpeg", &jpeg),
        )
        .await;
        uploaded_id(&reply);
    }
    let first = get(&site, &desk.cookie, "/newsroom/media").await.html();
    let captions = all_text(&first, ".lib-card-caption");
    assert_eq!(captions.len(), 24);
    assert_eq!(captions[0], "صورة رقم 25");
    let older = attr(one(&first, r#".lib-pager a[rel="next"]"#), "href").to_string();
    let second = get(&site, &desk.cookie, &older).await.html();
    let rest = all_text(&second, ".lib-card-caption");
    assert_eq!(rest[..2], ["صورة رقم 1", "صورة رقم 0"]);
    assert_eq!(rest.len(), 2 + 4, "the 4 pictures the site started with");

    let json = get(&site, &desk.cookie, "/newsroom/api/media?limit=5")
        .await
        .json();
    assert_eq!(json["items"].as_array().unwrap().len(), 5);
    let next = json["next_before"].as_i64().expect("a next page");
    let json = get(
        &site,
        &desk.cookie,
        &format!("/newsroom/api/media?limit=5&before={next}"),
    )
    .await
    .json();
    assert!(json["items"][0]["id"].as_i64().unwrap() < next);
}
on_both_backends!(the_library_pages_by_id_newest_first);

/// A PNG of a few dozen bytes that declares `width`×`height` pixels.
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    let idat = [
        0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
    ];
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut chunk = kind.to_vec();
        chunk.extend_from_slice(data);
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
