//! Export of a rich article to ninjs 3.1, and the way back.

mod fixture;

use serde_json::{Value, json};
use warraq_domain::marks::normalize_marks;
use warraq_domain::{Block, Credit, IncomingArticle, Mark, MarkKind, default_agencies};
use warraq_ninjs::{
    ExportContext, NinjsItem, NinjsVersion, article_to_ninjs, detect_version, ninjs_to_incoming,
    ninjs_to_incoming_with_warnings, validate,
};

fn export() -> Value {
    let agencies = default_agencies();
    let ctx = ExportContext {
        base_url: fixture::BASE_URL,
        site_name: "أخبار المثال",
        agencies: &agencies,
    };
    article_to_ninjs(&fixture::rich_article(), &ctx)
}

fn association<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["associations"]
        .as_array()
        .and_then(|items| items.iter().find(|a| a["name"] == name))
        .unwrap_or_else(|| panic!("no association `{name}` in {:#}", doc["associations"]))
}

#[test]
fn a_rich_article_exports_as_a_valid_ninjs_3_1_document() {
    let doc = export();
    if let Err(violations) = validate(&doc, NinjsVersion::V3_1) {
        panic!("export is not valid ninjs 3.1: {violations:#?}\n{doc:#}");
    }
    assert_eq!(detect_version(&doc, None), NinjsVersion::V3_1);
}

#[test]
fn the_export_carries_identity_dates_and_headlines() {
    let doc = export();
    let path = "/article/42/%D9%88%D8%B2%D8%B1%D8%A7%D8%A1-%D8%A7%D9%84%D8%AE%D8%A7%D8%B1%D8%AC%D9%8A%D8%A9-%D8%A7%D9%84%D8%B9%D8%B1%D8%A8";
    assert_eq!(doc["uri"], format!("https://news.example{path}"));
    assert_eq!(
        doc["standard"],
        json!({"name": "ninjs", "version": "3.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"})
    );
    assert_eq!(doc["type"], "text");
    assert_eq!(doc["version"], "3");
    assert_eq!(doc["firstCreated"], "2024-10-30T09:15:00Z");
    assert_eq!(doc["versionCreated"], "2024-10-30T11:45:00Z");
    assert_eq!(doc["contentCreated"], "2024-10-30T08:00:00Z");
    assert_eq!(doc["pubStatus"], "usable");
    assert_eq!(doc["language"], "ar");
    assert_eq!(doc["slugline"], "وزراء-الخارجية-العرب");
    assert_eq!(
        doc["headlines"],
        json!([
            {"role": "main", "value": "وزراء الخارجية العرب يبحثون خطة لإعادة إعمار المدن المتضررة"},
            {"role": "sub", "value": "اجتماع طارئ في القاهرة بمشاركة اثنتي عشرة دولة"}
        ])
    );
    assert_eq!(
        doc["descriptions"],
        json!([{"role": "summary", "value": "اتفق الوزراء على تشكيل لجنة فنية تقدّم تقريرها خلال ٣٠ يوماً."}])
    );
}

#[test]
fn the_body_is_escaped_html_with_one_element_per_block() {
    let doc = export();
    let body = &doc["bodies"][0];
    assert_eq!(body["role"], "main");
    assert_eq!(body["contentType"], "text/html");
    assert_eq!(
        body["value"],
        "<p>افتتح الأمين العام الاجتماع بكلمة دعا فيها إلى &quot;تحرك سريع&quot; &lt;قبل&gt; الشتاء &amp; بعده.</p>\
         <h2>لجنة فنية</h2>\
         <blockquote><p>«لن نترك المدن وحدها»</p><footer>وزير الخارجية</footer></blockquote>\
         <ul><li>الإسكان</li><li>المياه</li><li>الكهرباء</li></ul>\
         <ol><li>المرحلة الأولى</li><li>المرحلة الثانية</li></ol>\
         <figure><img src=\"https://news.example/media/11\" alt=\"صورة رقم 11\" width=\"1200\" height=\"800\">\
         <figcaption>جانب من الاجتماع <small>رويترز</small></figcaption></figure>\
         <p>ومن المقرر أن يعقد الاجتماع المقبل في الرياض.</p>"
    );
    assert!(body["wordCount"].as_u64().is_some_and(|n| n > 20));
}

#[test]
fn the_export_names_section_tags_people_place_and_sources() {
    let doc = export();
    assert_eq!(
        doc["subjects"],
        json!([
            {"name": "العالم العربي", "rel": "section", "uri": "https://news.example/section/%D8%A7%D9%84%D8%B9%D8%A7%D9%84%D9%85-%D8%A7%D9%84%D8%B9%D8%B1%D8%A8%D9%8A"},
            {"name": "إعادة الإعمار", "rel": "tag"},
            {"name": "جامعة الدول العربية", "rel": "tag"}
        ])
    );
    assert_eq!(doc["by"], "سارة المصري، خالد العتيبي");
    assert_eq!(
        doc["people"],
        json!([
            {"name": "سارة المصري", "rel": "author", "literal": "سارة-المصري"},
            {"name": "خالد العتيبي", "rel": "author", "literal": "خالد-العتيبي"}
        ])
    );
    assert_eq!(doc["located"], "القاهرة");
    assert_eq!(
        doc["infoSources"],
        json!([
            {"name": "وكالة الصحافة الفرنسية", "literal": "AFP", "role": "source"},
            {"name": "وكالة رويترز", "literal": "Reuters", "role": "source"}
        ])
    );
}

#[test]
fn the_hero_is_a_picture_association_with_caption_credit_archive_genre_and_renditions() {
    let doc = export();
    let hero = association(&doc, "hero");
    assert_eq!(hero["rel"], "hero");
    assert_eq!(hero["type"], "picture");
    assert_eq!(hero["uri"], "https://news.example/media/10");
    assert_eq!(
        hero["descriptions"][0],
        json!({"role": "caption", "value": "الوزراء خلال الجلسة الافتتاحية في القاهرة"})
    );
    assert_eq!(
        hero["descriptions"][1],
        json!({"role": "alt", "value": "صورة رقم 10"})
    );
    assert_eq!(hero["by"], "إ.ب.أ");
    assert_eq!(hero["genres"][0]["literal"], "archive");
    assert_eq!(hero["genres"][0]["name"], "أرشيفية");
    let renditions = hero["renditions"].as_array().expect("renditions");
    assert_eq!(
        renditions[0],
        json!({"name": "original", "href": "https://news.example/media/10", "contentType": "image/jpeg", "width": 1200, "height": 800, "sizeInBytes": 250000})
    );
    let widths: Vec<u64> = renditions[1..]
        .iter()
        .filter_map(|r| r["width"].as_u64())
        .collect();
    assert_eq!(widths, vec![320, 640, 960]);
    assert_eq!(renditions[2]["href"], "https://news.example/media/10/640");
    assert_eq!(renditions[2]["height"], 426);
    let inline = association(&doc, "inline-1");
    assert_eq!(inline["descriptions"][0]["value"], "جانب من الاجتماع");
    assert_eq!(inline["by"], "رويترز");
}

#[test]
fn related_stories_are_text_associations_with_their_own_headline_section_and_thumbnail() {
    let doc = export();
    let first = association(&doc, "related-1");
    assert_eq!(first["rel"], "related");
    assert_eq!(first["type"], "text");
    assert!(
        first["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://news.example/article/40/"))
    );
    assert_eq!(
        first["headlines"],
        json!([{"role": "main", "value": "انطلاق أعمال القمة الاقتصادية في عمّان"}])
    );
    assert_eq!(
        first["descriptions"][0]["value"],
        "ناقشت القمة سبل دعم التجارة البينية."
    );
    assert_eq!(first["subjects"][0]["name"], "العالم العربي");
    assert_eq!(first["located"], "عمّان");
    let thumb = &first["associations"][0];
    assert_eq!(thumb["type"], "picture");
    assert_eq!(thumb["uri"], "https://news.example/media/20");
    assert_eq!(thumb["by"], "«الشرق الأوسط»");

    let second = association(&doc, "related-2");
    assert_eq!(second["subjects"][0]["name"], "آسيا");
    assert!(second.get("associations").is_none());

    let external = association(&doc, "related-3");
    assert!(
        external["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("urn:warraq:related:"))
    );
    assert_eq!(
        external["headlines"][0]["value"],
        "كوريا الشمالية تطلق صاروخاً باليستياً جديداً"
    );
    assert_eq!(external["by"], "«الشرق الأوسط»");
    assert_eq!(external["located"], "سيول");
    assert_eq!(external["associations"][0]["by"], "إ.ب.أ");
    assert_eq!(
        external["associations"][0]["genres"][0]["literal"],
        "archive"
    );
}

#[test]
fn kept_fields_come_back_only_where_3_1_allows_them() {
    let doc = export();
    assert_eq!(doc["urgency"], 3);
    assert_eq!(doc["copyrightNotice"], "جميع الحقوق محفوظة");
    assert_eq!(
        doc["genres"],
        json!([{"name": "تقرير", "literal": "report"}])
    );
    assert_eq!(doc["copyrightHolder"], "أخبار المثال");
    assert!(doc.get("wordpress_id").is_none(), "not a ninjs property");
    assert!(
        doc.get("expires").is_none(),
        "an invalid value is dropped, not exported"
    );
}

fn round_trip() -> IncomingArticle {
    let doc = export();
    match ninjs_to_incoming(&doc, detect_version(&doc, None)) {
        Ok(NinjsItem::Article(article)) => *article,
        other => panic!("the export did not import as an article: {other:?}"),
    }
}

#[test]
fn round_trip_keeps_headline_lede_body_and_dates() {
    let original = fixture::rich_article();
    let incoming = round_trip();
    assert!(
        incoming
            .source_key
            .starts_with("https://news.example/article/42/")
    );
    assert_eq!(incoming.headline, original.article.headline);
    assert_eq!(incoming.subheadline, original.article.subheadline);
    assert_eq!(incoming.slug.as_deref(), Some("وزراء-الخارجية-العرب"));
    assert_eq!(
        incoming.lede.as_deref(),
        Some(original.article.lede.as_str())
    );
    let text_blocks: Vec<Block> = original
        .article
        .body
        .iter()
        .filter(|b| !matches!(b, Block::Image { .. }))
        .cloned()
        .collect();
    assert_eq!(incoming.body, text_blocks);
    assert_eq!(incoming.published_at, original.article.published_at);
    assert_eq!(incoming.updated_at, Some(original.article.updated_at));
}

#[test]
fn round_trip_keeps_section_tags_authors_bureau_and_wire_sources() {
    let incoming = round_trip();
    assert_eq!(incoming.sections, vec!["العالم العربي".to_string()]);
    assert_eq!(
        incoming.tags,
        vec![
            "إعادة الإعمار".to_string(),
            "جامعة الدول العربية".to_string()
        ]
    );
    assert_eq!(
        incoming.authors,
        vec!["سارة المصري".to_string(), "خالد العتيبي".to_string()]
    );
    assert_eq!(incoming.byline, None);
    assert_eq!(incoming.bureau.as_deref(), Some("القاهرة"));
    assert_eq!(
        incoming.wire_sources,
        vec!["AFP".to_string(), "Reuters".to_string()]
    );
}

#[test]
fn round_trip_keeps_the_hero_caption_credit_and_archive_flag() {
    let incoming = round_trip();
    let hero = incoming.hero.expect("hero");
    assert_eq!(hero.caption, "الوزراء خلال الجلسة الافتتاحية في القاهرة");
    assert_eq!(hero.alt.as_deref(), Some("صورة رقم 10"));
    assert_eq!(hero.credit, Some(Credit::Agency { code: "EPA".into() }));
    assert!(hero.archive);
    assert_eq!(
        hero.source_url.as_deref(),
        Some("https://news.example/media/10")
    );
    assert_eq!((hero.width, hero.height), (Some(1200), Some(800)));
    assert_eq!(incoming.other_media.len(), 1);
    assert_eq!(
        incoming.other_media[0].credit,
        Some(Credit::Agency {
            code: "Reuters".into()
        })
    );
    assert!(!incoming.other_media[0].archive);
}

#[test]
fn round_trip_keeps_related_titles_and_their_details() {
    let incoming = round_trip();
    let titles: Vec<&str> = incoming.related.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "انطلاق أعمال القمة الاقتصادية في عمّان",
            "زلزال بقوة ٦ درجات يضرب جزيرة في المحيط الهادئ",
            "كوريا الشمالية تطلق صاروخاً باليستياً جديداً"
        ]
    );
    let first = &incoming.related[0];
    assert!(
        first
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://news.example/article/40/"))
    );
    assert_eq!(first.bureau.as_deref(), Some("عمّان"));
    assert_eq!(
        first.thumbnail_credit,
        Some(Credit::Other {
            name: "«الشرق الأوسط»".into()
        })
    );
    let external = &incoming.related[2];
    assert_eq!(external.url, None, "a URN is not an address");
    assert_eq!(external.section.as_deref(), Some("آسيا"));
    assert_eq!(external.outlet.as_deref(), Some("«الشرق الأوسط»"));
    assert_eq!(external.thumbnail_caption.as_deref(), Some("صورة من الإطلاق"));
    assert_eq!(
        external.thumbnail_credit,
        Some(Credit::Agency { code: "EPA".into() })
    );
    assert!(external.thumbnail_archive);
}

#[test]
fn round_trip_keeps_the_extra_fields() {
    let incoming = round_trip();
    assert_eq!(incoming.extra.get("urgency"), Some(&json!(3)));
    assert_eq!(
        incoming.extra.get("copyrightNotice"),
        Some(&json!("جميع الحقوق محفوظة"))
    );
    assert_eq!(
        incoming.extra.get("genres"),
        Some(&json!([{"name": "تقرير", "literal": "report"}]))
    );
}

fn export_with(change: impl FnOnce(&mut warraq_domain::ArticleDraft)) -> Value {
    let agencies = default_agencies();
    let ctx = ExportContext {
        base_url: fixture::BASE_URL,
        site_name: "أخبار المثال",
        agencies: &agencies,
    };
    let mut article = fixture::rich_article();
    change(&mut article.article.content);
    article_to_ninjs(&article, &ctx)
}

#[test]
fn pub_status_says_whether_the_article_is_meant_for_readers() {
    use warraq_domain::Status;
    let expected = [
        (Status::Draft, "withheld"),
        (Status::InReview, "withheld"),
        (Status::Scheduled, "usable"),
        (Status::Embargoed, "usable"),
        (Status::Published, "usable"),
        (Status::Unpublished, "canceled"),
    ];
    for (status, pub_status) in expected {
        let doc = export_with(|a| {
            a.status = status;
            a.embargo_until = Some(fixture::at("2030-01-01T06:00:00Z"));
        });
        assert_eq!(doc["pubStatus"], pub_status, "{status:?}");
        assert_eq!(validate(&doc, NinjsVersion::V3_1), Ok(()), "{status:?}");
    }
}

#[test]
fn a_scheduled_article_exports_its_future_publication_time_and_an_embargo_its_end() {
    let doc = export_with(|a| {
        a.status = warraq_domain::Status::Scheduled;
        a.published_at = Some(fixture::at("2031-05-01T06:00:00Z"));
    });
    assert_eq!(doc["firstCreated"], "2031-05-01T06:00:00Z");
    assert!(doc.get("embargoedUntil").is_none(), "{doc:#}");

    let doc = export_with(|a| {
        a.status = warraq_domain::Status::Embargoed;
        a.embargo_until = Some(fixture::at("2030-01-01T06:00:00Z"));
        // A kept field of an old import never replaces the article's own embargo.
        a.extra
            .insert("embargoedUntil".into(), json!("2020-01-01T00:00:00Z"));
    });
    assert_eq!(doc["embargoedUntil"], "2030-01-01T06:00:00Z");
    assert_eq!(doc["firstCreated"], "2024-10-30T09:15:00Z");
    let back = match ninjs_to_incoming(&doc, NinjsVersion::V3_1) {
        Ok(NinjsItem::Article(article)) => article,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        back.embargo_until,
        Some(fixture::at("2030-01-01T06:00:00Z"))
    );
}

/// The mark of `kind` over the first `words` in `text` (offsets in characters).
fn mark(text: &str, words: &str, kind: MarkKind) -> Mark {
    let byte = text.find(words).expect("words in the text");
    let start = text[..byte].chars().count() as u32;
    Mark::new(start, start + words.chars().count() as u32, kind)
}

fn link(href: &str) -> MarkKind {
    MarkKind::Link { href: href.into() }
}

/// Marks of every kind in every block that has them: overlapping, at both ends of their
/// text, across a line break, on Arabic text, a link whose href has `&` and quotes.
fn marked_body() -> Vec<Block> {
    let first = "عاجل: قال الوزير إن «الخطة» ستنفذ & تُعرض خلال ٣٠ يوماً";
    let lines = "سطر أول\nسطر ثان";
    let quote = "«نعم للحوار»\nقالها مرتين";
    vec![
        Block::Paragraph {
            text: first.into(),
            marks: normalize_marks(&[
                mark(first, "عاجل:", MarkKind::Strong),
                mark(
                    first,
                    "الوزير إن",
                    link("https://example.org/q?a=1&b=\"x\"'"),
                ),
                mark(first, "إن «الخطة»", MarkKind::Emphasis),
                mark(first, "«الخطة» ستنفذ", MarkKind::Strong),
                mark(first, "خلال ٣٠ يوماً", MarkKind::Emphasis),
            ]),
        },
        Block::Paragraph {
            text: lines.into(),
            marks: vec![mark(lines, "أول\nسطر", MarkKind::Strong)],
        },
        Block::Subheading {
            text: "عنوان فرعي".into(),
        },
        Block::Quote {
            text: quote.into(),
            attribution: Some("المتحدث".into()),
            marks: vec![
                mark(quote, "للحوار", MarkKind::Emphasis),
                mark(quote, "مرتين", link("mailto:desk@example.org")),
            ],
        },
        Block::List {
            ordered: false,
            items: vec!["أول".into(), "ثان مهم".into(), "ثالث".into()],
            item_marks: vec![vec![], vec![Mark::strong(0, 3), Mark::emphasis(0, 7)]],
        },
    ]
}

#[test]
fn marks_come_back_from_an_export_as_they_were() {
    let doc = export_with(|a| a.body = marked_body());
    assert_eq!(validate(&doc, NinjsVersion::V3_1), Ok(()));
    let (item, warnings) = ninjs_to_incoming_with_warnings(&doc, NinjsVersion::V3_1).unwrap();
    assert_eq!(warnings, Vec::<String>::new());
    let NinjsItem::Article(back) = item else {
        panic!("not an article: {item:?}");
    };
    assert_eq!(back.body, marked_body());
}

#[test]
fn marks_are_exported_as_the_tags_the_page_uses_with_site_links_absolute() {
    let text = "اقرأ التقرير كاملاً";
    let doc = export_with(|a| {
        a.body = vec![Block::Paragraph {
            text: text.into(),
            marks: vec![
                mark(text, "اقرأ", MarkKind::Strong),
                mark(text, "التقرير كاملاً", link("/article/7/تقرير")),
                mark(text, "كاملاً", MarkKind::Emphasis),
            ],
        }]
    });
    assert_eq!(
        doc["bodies"][0]["value"],
        "<p><strong>اقرأ</strong> <a href=\"https://news.example/article/7/تقرير\">التقرير <em>كاملاً</em></a></p>"
    );
    // Read back by itself the link stays absolute; `warraq import` makes links to its own
    // site paths again.
    let back = match ninjs_to_incoming(&doc, NinjsVersion::V3_1) {
        Ok(NinjsItem::Article(article)) => article,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        back.body,
        vec![Block::Paragraph {
            text: text.into(),
            marks: vec![
                Mark::strong(0, 4),
                mark(
                    text,
                    "التقرير كاملاً",
                    link("https://news.example/article/7/تقرير")
                ),
                mark(text, "كاملاً", MarkKind::Emphasis),
            ],
        }]
    );
}
