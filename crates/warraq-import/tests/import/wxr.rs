use warraq_domain::ArticleId;
use warraq_domain::arabic::fold_for_matching;
use warraq_import::{ImportArgs, ImportAs};

use crate::both_backends;
use crate::support::{Backend, import, shared, store};

both_backends!(
    the_wordpress_export_imports_21_posts_with_sections_tags_authors_slugs_images_and_redirects
);

async fn the_wordpress_export_imports_21_posts_with_sections_tags_authors_slugs_images_and_redirects(
    backend: Backend,
) {
    let Some(wxr) = shared("samples/wordpress-6.1-export.xml") else {
        return;
    };
    let ts = store(backend).await;
    let store = ts.get();
    let mut args = ImportArgs::for_paths([&wxr]);
    args.as_status = ImportAs::Published;

    let run = import(Some(store), &args).await;
    let report = &run.report;
    assert_eq!(report.counts.created, 21, "{}", run.stdout);
    assert_eq!(report.counts.refused, 0, "{}", run.stdout);
    assert_eq!(store.count_articles().await.expect("count"), 21);

    // Categories the default sections lack are created; the others are matched by name.
    let created: Vec<String> = report
        .sections_created
        .iter()
        .map(|s| fold_for_matching(s))
        .collect();
    for name in ["بيئة", "سياسة", "محليات"] {
        assert!(
            created.contains(&fold_for_matching(name)),
            "{name} not in {:?}",
            report.sections_created
        );
    }
    assert!(
        !created.contains(&fold_for_matching("اقتصاد")),
        "اقتصاد is a default section"
    );

    let mut tagged = 0;
    let mut redirected = 0;
    let articles: Vec<_> = report
        .items
        .iter()
        .filter(|e| e.article_id.is_some())
        .collect();
    for entry in &articles {
        let id = ArticleId(entry.article_id.expect("article id"));
        let article = store.article(id).await.expect("article");
        assert!(
            !article.slug.contains('%'),
            "slugs are kept decoded: {}",
            article.slug
        );
        assert!(
            !article.author_ids.is_empty(),
            "{} has no author",
            article.headline
        );
        assert!(article.published_at.is_some());
        let hero = store
            .media(article.hero_id.expect("featured image"))
            .await
            .expect("hero");
        assert!(
            hero.source_url
                .as_deref()
                .unwrap_or_default()
                .starts_with("http"),
            "{:?}",
            hero.source_url
        );
        if article.tags.iter().any(|t| t == "طاقة شمسية") {
            tagged += 1;
        }
        let resolved = warraq_store::resolve_article(store, article, None)
            .await
            .expect("resolve");
        assert!(resolved.authors.iter().all(|p| !p.name.is_empty()));
    }
    // Every old address the parser read from the export redirects to its article.
    let bytes = std::fs::read(&wxr).expect("read the export");
    let parsed = warraq_ingest::parse_wxr(&bytes).expect("parse the export");
    for (incoming, entry) in parsed.articles().zip(&articles) {
        let id = ArticleId(entry.article_id.expect("article id"));
        assert!(
            !incoming.old_paths.is_empty(),
            "{} has no old address",
            incoming.headline
        );
        let mut all = true;
        for path in &incoming.old_paths {
            all &= store.redirect(path).await.expect("redirect") == Some(id);
        }
        redirected += usize::from(all);
    }
    assert!(tagged >= 1, "the tag طاقة شمسية is on no article");
    assert_eq!(redirected, 21, "every post's old address redirects to it");

    // Importing the export again changes nothing.
    let again = import(Some(store), &args).await;
    assert_eq!(again.report.counts.unchanged, 21, "{}", again.stdout);
    assert_eq!(store.count_articles().await.expect("count"), 21);
}
