//! Export then import into an empty store gives the same articles back.

use chrono::{DateTime, Utc};
use warraq_domain::{
    Actor, ArticleDraft, Block, Credit, ExternalRelated, Mark, MediaDraft, RelatedLink,
    ResolvedArticle, ResolvedRelated, SectionDraft, Status, UserId,
};
use warraq_import::{ExportArgs, ExportFormat, ImportArgs, ImportAs, run_export_to};
use warraq_store::{ArticleQuery, Scope, Store, StoreWrites, resolve_article};

use crate::both_backends;
use crate::support::{BASE_URL, Backend, SITE_NAME, import, store};

both_backends!(exporting_then_importing_into_an_empty_store_gives_back_the_same_articles);

/// The seeded articles are the newsroom's work.
const EDITOR: Actor = Actor::User(UserId(1));

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .expect("date")
        .with_timezone(&Utc)
}

/// Three articles of our own covering every field an export must carry: statuses (draft,
/// published), dates, section (default and created), tags, authors, bureau, byline, wire sources,
/// hero caption/credit/archive, body blocks, related (linked and external), extra fields.
async fn seed(store: &dyn Store) {
    let sections = store.list_sections().await.expect("sections");
    let economy = sections
        .iter()
        .find(|s| s.name == "اقتصاد")
        .expect("default section")
        .id;
    let environment = store
        .create_section(EDITOR, &SectionDraft::new("بيئة", 50))
        .await
        .expect("section")
        .id;
    let dubai = store
        .find_or_create_bureau(EDITOR, "دبي")
        .await
        .expect("bureau")
        .id;
    let sara = store
        .find_or_create_person(EDITOR, "سارة المنصوري", None)
        .await
        .expect("person")
        .id;
    let khaled = store
        .find_or_create_person(EDITOR, "خالد العتيبي", None)
        .await
        .expect("person")
        .id;
    let hero = store
        .create_media(
            EDITOR,
            &MediaDraft {
                source_url: Some("https://img.example/solar-farm.jpg".into()),
                caption: "ألواح شمسية في محطة قرب دبي".into(),
                alt: "ألواح شمسية".into(),
                credit: Some(Credit::Agency { code: "AFP".into() }),
                archive: true,
                width: Some(1600),
                height: Some(900),
                mime: Some("image/jpeg".into()),
                ..MediaDraft::default()
            },
        )
        .await
        .expect("media");
    let other_hero = store
        .create_media(
            EDITOR,
            &MediaDraft {
                source_url: Some("https://img.example/port.jpg".into()),
                caption: "ميناء جبل علي".into(),
                credit: Some(Credit::Other {
                    name: "«وراق»".into(),
                }),
                ..MediaDraft::default()
            },
        )
        .await
        .expect("media");

    let mut first = ArticleDraft::new("دبي تفتتح أكبر محطة للطاقة الشمسية في المنطقة", environment);
    first.subheadline = Some("المحطة تغذي 400 ألف منزل".into());
    first.lede = "افتتحت دبي، الثلاثاء، المرحلة الأخيرة من مجمع للطاقة الشمسية.".into();
    // Marks of every kind, overlapping, at both ends, with a link to one of our pages
    // (exported absolute, read back as a path) and one elsewhere.
    first.body = vec![
        Block::Paragraph {
            text: "قالت هيئة الكهرباء إن المحطة ستخفض الانبعاثات.".into(),
            marks: vec![
                Mark::strong(0, 4),
                Mark::link(5, 18, "/article/9/محطة"),
                Mark::emphasis(10, 28),
                Mark::link(35, 46, "https://other.example/report?a=1&b=\"2\""),
            ],
        },
        Block::Subheading {
            text: "أرقام المشروع".into(),
        },
        Block::Quote {
            text: "«هذه خطوة نحو الحياد الكربوني»".into(),
            attribution: Some("مدير الهيئة".into()),
            marks: vec![
                Mark::emphasis(0, 30),
                Mark::link(14, 29, "mailto:desk@example.org"),
            ],
        },
        Block::List {
            ordered: true,
            items: vec![
                "القدرة: 1800 ميغاواط".into(),
                "التكلفة: 13 مليار درهم".into(),
                "المدة: عامان".into(),
            ],
            item_marks: vec![vec![], vec![Mark::strong(0, 7)]],
        },
    ];
    first.tags = vec!["طاقة شمسية".into(), "مناخ".into()];
    first.author_ids = vec![sara, khaled];
    first.byline = Some("«وراق»".into());
    first.bureau_id = Some(dubai);
    first.wire_sources = vec!["AFP".into()];
    first.hero_id = Some(hero.id);
    first.related = vec![RelatedLink::External(ExternalRelated {
        title: "الرياح تولد خمس الكهرباء في المغرب".into(),
        lede: Some("تقرير عن مزارع الرياح على الساحل الأطلسي.".into()),
        url: Some("https://other.example/wind".into()),
        section: Some("الخليج".into()),
        outlet: Some("«الشرق الأوسط»".into()),
        bureau: Some("الرباط".into()),
        thumbnail_caption: Some("توربينات رياح قرب طرفاية".into()),
        thumbnail_credit: Some(Credit::Agency {
            code: "Reuters".into(),
        }),
        thumbnail_archive: true,
    })];
    first.extra.insert("urgency".into(), serde_json::json!(2));
    first.extra.insert(
        "copyrightNotice".into(),
        serde_json::json!("جميع الحقوق محفوظة لوكالة شريكة"),
    );
    first.publish(at("2024-10-29T07:15:00Z"));
    let first = store.create_article(EDITOR, &first).await.expect("first");

    let mut second = ArticleDraft::new("ارتفاع صادرات ميناء جبل علي", economy);
    second.lede = "سجل الميناء نموا في الربع الثالث.".into();
    second.body = vec![Block::paragraph("ارتفعت الصادرات بنسبة ٧٪ على أساس سنوي.")];
    second.hero_id = Some(other_hero.id);
    second.bureau_id = Some(dubai);
    second.tags = vec!["موانئ".into()];
    let second = store.create_article(EDITOR, &second).await.expect("second");

    // The first article links to the second, exported after it: the import links it in
    // its second pass.
    let mut linked = first.content.clone();
    linked
        .related
        .insert(0, RelatedLink::Article { id: second.id });
    store
        .update_article(EDITOR, first.id, &linked, None)
        .await
        .expect("link");

    // A draft: no publication time.
    let mut third = ArticleDraft::new("مسودة تقرير عن أسعار الوقود", economy);
    third.body = vec![Block::paragraph("تقرير قيد المراجعة.")];
    store.create_article(EDITOR, &third).await.expect("third");

    // Scheduled for a time still ahead, embargoed until a time still ahead, and withdrawn
    // after going live: each comes back in the same state.
    let mut scheduled = ArticleDraft::new("القمة الخليجية تنعقد في الرياض", economy);
    scheduled.body = vec![Block::paragraph("يجتمع القادة لبحث التكامل الاقتصادي.")];
    scheduled.status = Status::Scheduled;
    scheduled.published_at = Some(at("2031-03-01T06:00:00Z"));
    store
        .create_article(EDITOR, &scheduled)
        .await
        .expect("scheduled");
    let mut embargoed = ArticleDraft::new("نتائج مسح الإنفاق الأسري", economy);
    embargoed.body = vec![Block::paragraph("أظهر المسح ارتفاع الإنفاق على التعليم.")];
    embargoed.status = Status::Embargoed;
    embargoed.published_at = Some(at("2024-11-01T06:00:00Z"));
    embargoed.embargo_until = Some(at("2030-06-01T09:00:00Z"));
    store
        .create_article(EDITOR, &embargoed)
        .await
        .expect("embargoed");
    let mut withdrawn = ArticleDraft::new("خبر سحب بعد نشره", economy);
    withdrawn.body = vec![Block::paragraph("نص الخبر المسحوب.")];
    withdrawn.status = Status::Unpublished;
    withdrawn.published_at = Some(at("2024-10-01T06:00:00Z"));
    store
        .create_article(EDITOR, &withdrawn)
        .await
        .expect("withdrawn");
}

/// An article as readers and exports see it, without ids or the store's own timestamps.
#[derive(Debug, PartialEq)]
struct Comparable {
    headline: String,
    subheadline: Option<String>,
    slug: String,
    lede: String,
    body: Vec<Block>,
    section: String,
    tags: Vec<String>,
    authors: Vec<String>,
    byline: Option<String>,
    bureau: Option<String>,
    wire_sources: Vec<String>,
    hero: Option<(String, String, Option<Credit>, bool)>,
    related: Vec<String>,
    status: Status,
    published_at: Option<DateTime<Utc>>,
    embargo_until: Option<DateTime<Utc>>,
    extra: serde_json::Map<String, serde_json::Value>,
}

fn comparable(r: &ResolvedArticle) -> Comparable {
    let a = &r.article;
    Comparable {
        headline: a.headline.clone(),
        subheadline: a.subheadline.clone(),
        slug: a.slug.clone(),
        lede: a.lede.clone(),
        body: a.body.clone(),
        section: r.section.name.clone(),
        tags: a.tags.clone(),
        authors: r.authors.iter().map(|p| p.name.clone()).collect(),
        byline: a.byline.clone(),
        bureau: r.bureau.as_ref().map(|b| b.city.clone()),
        wire_sources: a.wire_sources.clone(),
        hero: r.hero.as_ref().map(|m| {
            (
                m.caption.clone(),
                m.alt.clone(),
                m.credit.clone(),
                m.archive,
            )
        }),
        related: r
            .related
            .iter()
            .map(|rel| match rel {
                ResolvedRelated::Article { article, .. } => {
                    format!("article: {}", article.headline)
                }
                ResolvedRelated::External(e) => format!("external: {e:?}"),
            })
            .collect(),
        status: a.status,
        published_at: a.published_at,
        embargo_until: a.embargo_until,
        extra: a.extra.clone(),
    }
}

async fn everything(store: &dyn Store) -> Vec<Comparable> {
    let query = ArticleQuery {
        scope: Scope::All,
        limit: 100,
        ..ArticleQuery::default()
    };
    let mut out = Vec::new();
    for article in store.list_articles(&query).await.expect("list").items {
        out.push(comparable(
            &resolve_article(store, article, None)
                .await
                .expect("resolve"),
        ));
    }
    out.sort_by(|a, b| a.headline.cmp(&b.headline));
    out
}

async fn exporting_then_importing_into_an_empty_store_gives_back_the_same_articles(
    backend: Backend,
) {
    let source = store(backend).await;
    seed(source.get()).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let export_dir = dir.path().join("export");
    let mut out = Vec::new();
    let exported = run_export_to(
        source.get(),
        &ExportArgs {
            format: ExportFormat::Ninjs,
            dir: export_dir.clone(),
        },
        BASE_URL,
        SITE_NAME,
        &mut out,
    )
    .await
    .expect("export");
    assert_eq!(exported.written, 6);
    assert!(exported.invalid.is_empty(), "{:?}", exported.invalid);
    let files = std::fs::read_dir(&export_dir).expect("export dir").count();
    assert_eq!(files, 6, "one file per article, no leftovers");
    let exported_text: String = std::fs::read_dir(&export_dir)
        .expect("export dir")
        .map(|f| std::fs::read_to_string(f.expect("entry").path()).expect("file"))
        .collect();
    assert!(
        exported_text.contains(&format!(
            "<a href=\\\"{}/article/9/محطة\\\">",
            BASE_URL.trim_end_matches('/')
        )),
        "links to our pages are exported absolute"
    );

    let target = store(backend).await;
    let mut args = ImportArgs::for_paths([&export_dir]);
    args.as_status = ImportAs::Source;
    let run = import(Some(target.get()), &args).await;
    assert_eq!(run.report.counts.created, 6, "{}", run.stdout);
    assert_eq!(run.report.counts.refused, 0, "{}", run.stdout);

    let before = everything(source.get()).await;
    let after = everything(target.get()).await;
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }

    // Importing the export again into the restored store changes nothing.
    let again = import(Some(target.get()), &args).await;
    assert_eq!(again.report.counts.unchanged, 6, "{}", again.stdout);
}
