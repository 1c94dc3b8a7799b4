//! The article page, checked element by element against the records it was rendered from.

mod support;

use axum::http::StatusCode;
use chrono::FixedOffset;
use support::{BASE_URL, SITE_NAME, TestSite, all_text, attr, one, sel, text_of};
use warraq_domain::Actor;
use warraq_domain::arabic::{format_gregorian, format_hijri};
use warraq_domain::urls::{IMAGE_WIDTHS, article_path, section_path};
use warraq_store::StoreWrites;

fn riyadh() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).unwrap()
}

#[tokio::test]
async fn article_page_shows_every_part_of_the_story_from_its_data() {
    let site = TestSite::new().await;
    let path = article_path(&site.main);
    let reply = site.get(&path).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let doc = reply.html();

    // Language, direction, canonical link, title.
    let html = one(&doc, "html");
    assert_eq!(attr(html, "lang"), "ar");
    assert_eq!(attr(html, "dir"), "rtl");
    assert_eq!(
        attr(one(&doc, r#"link[rel="canonical"]"#), "href"),
        format!("{BASE_URL}{path}")
    );
    assert!(text_of(one(&doc, "title")).starts_with(&site.main.headline));
    assert_eq!(attr(one(&doc, "a.skip-link"), "href"), "#main");
    assert_eq!(text_of(one(&doc, ".site-header .site-name")), SITE_NAME);
    let nav = all_text(&doc, r#"nav[aria-label="الأقسام"] a"#);
    assert!(
        nav.contains(&site.asia.name) && nav.contains(&site.economy.name),
        "section navigation: {nav:?}"
    );
    assert_eq!(
        text_of(one(&doc, r#"nav a[aria-current="page"]"#)),
        site.asia.name
    );

    // One h1: the headline; the subheadline below it.
    assert_eq!(text_of(one(&doc, "h1")), site.main.headline);
    assert_eq!(
        text_of(one(&doc, "article .subheadline")),
        site.main.subheadline.clone().unwrap()
    );

    // The hero figure: responsive image with alt, size, priority; caption and credit.
    let hero = one(&doc, "article figure.hero");
    let img = hero.select(&sel("img")).next().expect("hero img");
    assert_eq!(attr(img, "alt"), site.hero.alt);
    assert_eq!(attr(img, "width"), "1600");
    assert_eq!(attr(img, "height"), "900");
    assert_eq!(attr(img, "fetchpriority"), "high");
    assert!(
        img.value().attr("loading").is_none(),
        "the hero is never lazy"
    );
    assert!(attr(img, "sizes").contains("100vw"));
    let srcset = attr(img, "srcset");
    for w in IMAGE_WIDTHS {
        assert!(
            srcset.contains(&format!("/media/{}/{w} {w}w", site.hero.id)),
            "srcset has {w}: {srcset}"
        );
    }
    assert!(attr(img, "src").starts_with(&format!("/media/{}/", site.hero.id)));
    assert_eq!(
        text_of(hero.select(&sel("figcaption .caption")).next().unwrap()),
        site.hero.caption
    );
    let credit = hero
        .select(&sel("figcaption .credit"))
        .next()
        .expect("credit element");
    assert_eq!(text_of(credit), "إ.ب.أ");
    assert!(credit.value().attr("data-archive").is_none());

    // Byline, bureau, dates in Gregorian and Hijri inside <time datetime>.
    assert_eq!(
        all_text(&doc, "article .byline .author"),
        vec![site.author.name.clone()]
    );
    assert_eq!(
        text_of(one(&doc, "article .dateline .bureau")),
        site.moscow.city
    );
    let time = one(&doc, "article .published time");
    let published = site.main.published_at.unwrap().with_timezone(&riyadh());
    assert_eq!(attr(time, "datetime"), "2024-10-30T12:00:00+03:00");
    assert_eq!(
        text_of(time.select(&sel(".date-gregorian")).next().unwrap()),
        format_gregorian(&published)
    );
    assert_eq!(
        text_of(time.select(&sel(".date-gregorian")).next().unwrap()),
        "الأربعاء 30 أكتوبر 2024"
    );
    assert_eq!(
        text_of(time.select(&sel(".date-hijri")).next().unwrap()),
        format_hijri(&published).unwrap()
    );

    // The text-size control: a labelled group of at least three real buttons, hidden
    // until JavaScript makes them work.
    let control = one(&doc, r#"article [role="group"][aria-label="حجم الخط"]"#);
    assert!(
        control.value().attr("hidden").is_some(),
        "harmless without JavaScript"
    );
    let buttons: Vec<_> = control.select(&sel("button[data-text-size]")).collect();
    assert!(buttons.len() >= 3);
    for button in &buttons {
        assert_eq!(attr(*button, "type"), "button");
        assert!(["true", "false"].contains(&attr(*button, "aria-pressed")));
        assert!(attr(*button, "aria-label").contains("حجم الخط"));
    }
    let script = doc
        .select(&sel("script[src]"))
        .map(|s| attr(s, "src").to_string())
        .find(|s| s.contains("reader"));
    let script = script.expect("reader script");
    assert!(
        script.starts_with("/static/reader.")
            && script.ends_with(".js")
            && script != "/static/reader.js"
    );

    // The body blocks, escaped.
    let paragraphs = all_text(&doc, "article .story-body > p");
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(
        paragraphs[0],
        "أعلنت السلطات، الأربعاء، وصول الوزيرة إلى موسكو."
    );
    assert!(
        paragraphs[1].contains("<script>alert('x')</script>"),
        "markup in text is shown as text"
    );
    assert_eq!(doc.select(&sel("article .story-body script")).count(), 0);
    assert_eq!(
        text_of(one(&doc, "article .story-body h2")),
        "خلفية الزيارة"
    );
    assert_eq!(
        text_of(one(&doc, "article .story-body blockquote p")),
        "«سنوافيكم بتفاصيل إضافية»"
    );
    assert_eq!(
        all_text(&doc, "article .story-body ul li"),
        vec!["البند الأول", "البند الثاني"]
    );
    let body_figure = one(&doc, "article .story-body figure");
    let body_img = body_figure.select(&sel("img")).next().unwrap();
    assert_eq!(attr(body_img, "loading"), "lazy");
    assert_eq!(
        text_of(body_figure.select(&sel(".credit")).next().unwrap()),
        "أ.ف.ب"
    );

    // The wire sources are credited by name.
    let sources = all_text(&doc, "article .wire-sources .wire-source");
    assert_eq!(sources, vec!["وكالة الصحافة الفرنسية", "وكالة رويترز"]);

    // The related module: one entry per related link, in order.
    let related = one(&doc, "article section.related");
    assert_eq!(
        text_of(related.select(&sel(".related-heading")).next().unwrap()),
        "مقالات ذات صلة"
    );
    let items: Vec<_> = related.select(&sel(".related-item")).collect();
    assert_eq!(items.len(), 3);
    let expectations = [
        (
            &site.related_asia,
            &site.asia,
            &site.washington,
            "أرشيفية - رويترز",
            true,
        ),
        (
            &site.related_europe,
            &site.europe,
            &site.moscow,
            "إ.ب.أ",
            false,
        ),
    ];
    for (item, (article, section, bureau, credit, archive)) in items.iter().zip(expectations) {
        let section_link = item
            .select(&sel(".related-section a"))
            .next()
            .expect("section link");
        assert_eq!(text_of(section_link), section.name);
        assert_eq!(attr(section_link, "href"), section_path(section));
        let thumb = item
            .select(&sel("figure.related-thumb img"))
            .next()
            .expect("thumbnail");
        assert_eq!(attr(thumb, "loading"), "lazy");
        assert!(thumb.value().attr("width").is_some() && thumb.value().attr("height").is_some());
        let credit_el = item
            .select(&sel("figure.related-thumb .credit"))
            .next()
            .expect("thumbnail credit");
        assert_eq!(text_of(credit_el), credit);
        assert_eq!(credit_el.value().attr("data-archive").is_some(), archive);
        let title = item
            .select(&sel(".related-title a"))
            .next()
            .expect("title link");
        assert_eq!(text_of(title), article.headline);
        assert_eq!(attr(title, "href"), article_path(article));
        assert_eq!(
            text_of(item.select(&sel(".related-lede")).next().unwrap()),
            article.lede
        );
        assert_eq!(
            text_of(item.select(&sel(".related-byline")).next().unwrap()),
            format!("«{SITE_NAME}» ({})", bureau.city)
        );
    }
    // The external item: its stored texts, no link for the title since it has no URL.
    let external = items[2];
    assert_eq!(
        text_of(external.select(&sel(".related-title")).next().unwrap()),
        site.external.title
    );
    assert_eq!(
        external.select(&sel(".related-title a")).count(),
        0,
        "never a dead link"
    );
    assert_eq!(
        text_of(external.select(&sel(".related-section")).next().unwrap()),
        "الولايات المتحدة"
    );
    assert_eq!(
        text_of(external.select(&sel(".related-lede")).next().unwrap()),
        site.external.lede.clone().unwrap()
    );
    assert_eq!(
        text_of(external.select(&sel(".related-byline")).next().unwrap()),
        "«صحيفة المساء» (واشنطن)"
    );
    let ext_credit = external
        .select(&sel(".credit"))
        .next()
        .expect("external thumbnail credit");
    assert_eq!(text_of(ext_credit), "أرشيفية - رويترز");

    // The next article: a plain link to the next older published article.
    let next = one(&doc, r#"article a[rel="next"]"#);
    assert_eq!(attr(next, "href"), article_path(&site.related_europe));
    assert_eq!(
        attr(next, "data-fragment"),
        format!("/fragment/article/{}", site.related_europe.id)
    );
    assert!(text_of(next).contains(&site.related_europe.headline));

    // JSON-LD NewsArticle.
    let script = one(&doc, r#"script[type="application/ld+json"]"#);
    let ld: serde_json::Value = serde_json::from_str(&script.inner_html()).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], site.main.headline.as_str());
    assert_eq!(ld["inLanguage"], "ar");
    assert_eq!(ld["datePublished"], "2024-10-30T12:00:00+03:00");
    assert!(ld["dateModified"].as_str().unwrap().ends_with("+03:00"));
    assert_eq!(ld["articleSection"], site.asia.name.as_str());
    assert_eq!(ld["dateline"], site.moscow.city.as_str());
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(ld["author"][0]["name"], site.author.name.as_str());
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], SITE_NAME);
    assert!(
        ld["publisher"]["logo"]["url"]
            .as_str()
            .unwrap()
            .starts_with(BASE_URL)
    );
    assert_eq!(ld["mainEntityOfPage"]["@id"], format!("{BASE_URL}{path}"));
    assert_eq!(
        ld["image"][0]["url"],
        format!("{BASE_URL}/media/{}/1280", site.hero.id)
    );

    // Open Graph and Twitter.
    let og = |property: &str| -> String {
        attr(
            one(&doc, &format!(r#"meta[property="{property}"]"#)),
            "content",
        )
        .to_string()
    };
    assert_eq!(og("og:type"), "article");
    assert_eq!(og("og:title"), site.main.headline);
    assert_eq!(og("og:description"), site.main.lede);
    assert_eq!(og("og:url"), format!("{BASE_URL}{path}"));
    assert_eq!(
        og("og:image"),
        format!("{BASE_URL}/media/{}/1280", site.hero.id)
    );
    assert_eq!(og("og:image:width"), "1280");
    assert_eq!(og("og:image:height"), "720");
    assert_eq!(og("og:locale"), "ar_AR");
    assert_eq!(og("article:published_time"), "2024-10-30T12:00:00+03:00");
    assert!(og("article:modified_time").ends_with("+03:00"));
    assert_eq!(og("article:section"), site.asia.name);
    assert_eq!(
        attr(one(&doc, r#"meta[name="twitter:card"]"#), "content"),
        "summary_large_image"
    );
}

#[tokio::test]
async fn json_ld_escapes_text_that_would_close_its_script() {
    let site = TestSite::new().await;
    let mut draft = site.main.content.clone();
    draft.headline = "عنوان </script><script>alert(1)</script>".into();
    draft.related.clear();
    let updated = site
        .store
        .update_article(Actor::System, site.main.id, &draft, None)
        .await
        .unwrap();
    site.caught_up().await;
    let doc = site.get(&article_path(&updated)).await.html();
    assert_eq!(
        doc.select(&sel("script"))
            .filter(|s| s.inner_html().contains("alert(1)") && s.value().attr("type").is_none())
            .count(),
        0
    );
    let ld: serde_json::Value =
        serde_json::from_str(&one(&doc, r#"script[type="application/ld+json"]"#).inner_html())
            .unwrap();
    assert_eq!(ld["headline"], draft.headline.as_str());
}

#[tokio::test]
async fn an_outdated_slug_redirects_permanently_to_the_canonical_address() {
    let site = TestSite::new().await;
    let canonical = article_path(&site.main);
    for wrong in [
        format!("/article/{}/old-slug", site.main.id),
        format!("/article/{}", site.main.id),
    ] {
        let reply = site.get(&wrong).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{wrong}");
        assert_eq!(reply.header("location"), Some(canonical.as_str()));
    }
}

#[tokio::test]
async fn an_old_address_from_an_import_redirects_to_the_article() {
    let site = TestSite::new().await;
    site.store
        .add_redirect(Actor::System, "/2024/03/01/محطة-تحلية/", site.main.id)
        .await
        .expect("redirect");
    site.store
        .add_redirect(Actor::System, "/old/draft/", site.draft.id)
        .await
        .expect("redirect");
    let canonical = article_path(&site.main);
    // As a browser sends it (percent-encoded), with and without the trailing slash.
    for old in [
        "/2024/03/01/%D9%85%D8%AD%D8%B7%D8%A9-%D8%AA%D8%AD%D9%84%D9%8A%D8%A9/",
        "/2024/03/01/%D9%85%D8%AD%D8%B7%D8%A9-%D8%AA%D8%AD%D9%84%D9%8A%D8%A9",
    ] {
        let reply = site.get(old).await;
        assert_eq!(reply.status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(reply.header("location"), Some(canonical.as_str()));
    }
    // An old address of an unpublished article does not reveal it.
    assert_eq!(site.get("/old/draft/").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        site.get("/2024/03/02/other/").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn drafts_and_missing_articles_are_not_found_in_arabic() {
    let site = TestSite::new().await;
    for path in [
        article_path(&site.draft),
        "/article/999999/x".to_string(),
        "/article/abc/x".to_string(),
        "/no/such/page".to_string(),
    ] {
        let reply = site.get(&path).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        let doc = reply.html();
        assert_eq!(attr(one(&doc, "html"), "dir"), "rtl");
        assert_eq!(text_of(one(&doc, "h1")), "الصفحة غير موجودة");
        assert!(text_of(one(&doc, ".error-page")).contains("لم نعثر"));
        assert!(
            !doc.select(&sel("nav a")).collect::<Vec<_>>().is_empty(),
            "the error page keeps the navigation"
        );
    }
}

#[tokio::test]
async fn the_fragment_holds_the_next_article_with_its_own_next_link() {
    let site = TestSite::new().await;
    let reply = site
        .get(&format!("/fragment/article/{}", site.related_europe.id))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = scraper::Html::parse_fragment(&reply.text());
    assert_eq!(
        doc.select(&sel("html[lang]")).count(),
        0,
        "a fragment, not a page"
    );
    let article = one(&doc, "article.story");
    assert_eq!(
        attr(article, "data-url"),
        article_path(&site.related_europe)
    );
    assert!(attr(article, "data-title").starts_with(&site.related_europe.headline));
    assert_eq!(
        doc.select(&sel("h1")).count(),
        0,
        "only the page's own headline is an h1"
    );
    assert_eq!(
        text_of(one(&doc, ".headline")),
        site.related_europe.headline
    );
    assert_eq!(
        attr(one(&doc, r#"a[rel="next"]"#), "href"),
        article_path(&site.related_asia)
    );
}

#[tokio::test]
async fn the_oldest_article_has_no_next_link() {
    let site = TestSite::new().await;
    let oldest = site
        .fillers
        .iter()
        .min_by_key(|a| (a.published_at, a.id))
        .unwrap();
    let doc = site.get(&article_path(oldest)).await.html();
    assert_eq!(doc.select(&sel(r#"a[rel="next"]"#)).count(), 0);
}

#[tokio::test]
async fn article_pages_are_cached_until_the_follower_applies_a_change() {
    let site = TestSite::new().await;
    let path = article_path(&site.main);
    assert_eq!(site.get(&path).await.header("x-warraq-cache"), Some("miss"));
    assert_eq!(site.get(&path).await.header("x-warraq-cache"), Some("hit"));
    let mut draft = site.main.content.clone();
    draft.subheadline = Some("عنوان فرعي محدّث".into());
    site.store
        .update_article(Actor::System, site.main.id, &draft, None)
        .await
        .unwrap();
    site.caught_up().await;
    // The page was read recently, so the follower rendered it again before reporting the
    // change applied: the next reader gets the new page from the cache.
    let reply = site.get(&path).await;
    assert_eq!(reply.header("x-warraq-cache"), Some("hit"));
    assert_eq!(
        text_of(one(&reply.html(), ".subheadline")),
        "عنوان فرعي محدّث"
    );
}
