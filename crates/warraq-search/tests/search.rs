//! Search and related articles as readers meet them: ranking, snippets, filters, paging,
//! and queries that hold nothing to search for.

use chrono::{DateTime, Duration, Utc};
use warraq_domain::{Article, ArticleDraft, ArticleId, Block, SectionId, Status};
use warraq_search::{SearchIndex, SearchQuery, SortOrder};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T12:00:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

fn article(id: i64, section: i64, days_ago: i64, headline: &str, body: &str) -> Article {
    let mut d = ArticleDraft::new(headline, SectionId(section));
    d.lede = String::new();
    d.body = vec![Block::paragraph(body)];
    d.status = Status::Published;
    d.published_at = Some(now() - Duration::days(days_ago));
    Article {
        id: ArticleId(id),
        content: d,
        created_at: now(),
        updated_at: now(),
        version: 1,
    }
}

fn index_of(articles: &[Article]) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("an index");
    index.add_articles(articles, now()).expect("indexed");
    index
}

fn ids(index: &SearchIndex, query: &SearchQuery) -> Vec<i64> {
    index
        .search_at(query, now())
        .expect("search")
        .hits
        .iter()
        .map(|h| h.id.0)
        .collect()
}

#[test]
fn a_headline_match_ranks_above_a_body_only_match() {
    let index = index_of(&[
        article(
            1,
            1,
            0,
            "جلسة لمجلس الأمن",
            "ناقش المجلس ملف المياه والسدود على النيل",
        ),
        article(
            2,
            1,
            30,
            "السدود تحمي المدن من السيول",
            "تقرير عن البنية التحتية",
        ),
    ]);
    assert_eq!(ids(&index, &SearchQuery::new("السدود")), vec![2, 1]);
}

#[test]
fn recent_news_gets_a_mild_boost_between_equal_matches() {
    let index = index_of(&[
        article(1, 1, 200, "زلزال في تركيا", "هزة أرضية"),
        article(2, 1, 1, "زلزال في تركيا", "هزة أرضية"),
    ]);
    assert_eq!(ids(&index, &SearchQuery::new("زلزال")), vec![2, 1]);
}

#[test]
fn snippets_and_headlines_are_escaped_with_marked_words() {
    let index = index_of(&[article(
        1,
        1,
        0,
        "<script>الحكومة</script> تقر الموازنة",
        "قالت الحكومة إن <b>الموازنة</b> الجديدة تخفض العجز & تزيد الإنفاق.",
    )]);
    let hit = &index
        .search_at(&SearchQuery::new("موازنه"), now())
        .expect("search")
        .hits[0];
    assert_eq!(
        hit.headline_html,
        "&lt;script&gt;الحكومة&lt;/script&gt; تقر <mark>الموازنة</mark>"
    );
    assert!(
        hit.snippet_html
            .contains("&lt;b&gt;<mark>الموازنة</mark>&lt;/b&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(hit.snippet_html.contains("&amp;"), "{}", hit.snippet_html);
    assert!(!hit.snippet_html.contains("<b>"));
    assert_eq!(hit.published, now());
}

#[test]
fn empty_and_stop_word_only_queries_find_nothing_without_error() {
    let index = index_of(&[article(1, 1, 0, "خبر", "في من إلى على")]);
    for text in ["", "   ", "في من إلى على", "، ؟ «»"] {
        let results = index.search_at(&SearchQuery::new(text), now()).expect(text);
        assert_eq!(results.total, 0, "{text:?}");
        assert!(results.hits.is_empty());
    }
}

#[test]
fn section_and_date_filters_narrow_the_results() {
    let index = index_of(&[
        article(1, 1, 1, "مباراة الهلال", "الدوري"),
        article(2, 2, 10, "مباراة النصر", "الدوري"),
        article(3, 2, 40, "مباراة الاتحاد", "الدوري"),
    ]);
    let mut q = SearchQuery::new("مباراة");
    q.section = Some(SectionId(2));
    assert_eq!(ids(&index, &q), vec![2, 3]);
    q.from = Some(now() - Duration::days(20));
    assert_eq!(ids(&index, &q), vec![2]);
    let mut q = SearchQuery::new("مباراة");
    q.to = Some(now() - Duration::days(5));
    q.sort = SortOrder::Newest;
    assert_eq!(ids(&index, &q), vec![2, 3]);
}

#[test]
fn pages_cover_every_result_once_and_total_counts_them_all() {
    let articles: Vec<Article> = (1..=25)
        .map(|i| article(i, 1, i, &format!("تقرير رقم {i} عن الاقتصاد"), "نمو"))
        .collect();
    let index = index_of(&articles);
    let mut seen = Vec::new();
    for page in 1..=3 {
        let mut q = SearchQuery::new("الاقتصاد");
        q.sort = SortOrder::Newest;
        q.limit = 10;
        q.page = page;
        let results = index.search_at(&q, now()).expect("search");
        assert_eq!(results.total, 25);
        seen.extend(results.hits.iter().map(|h| h.id.0));
    }
    assert_eq!(
        seen,
        (1..=25).collect::<Vec<_>>(),
        "newest first, each once"
    );
}

#[test]
fn an_article_not_yet_visible_at_the_query_moment_is_not_found() {
    // Indexed (say, just before a clock step back) but its moment is ahead of `now`.
    let mut early = article(1, 1, 0, "إعلان الميزانية", "الأرقام");
    early.content.published_at = Some(now() + Duration::hours(1));
    let index = SearchIndex::in_memory().expect("an index");
    index
        .add_articles(&[early], now() + Duration::hours(2))
        .expect("indexed");
    assert_eq!(
        index
            .search_at(&SearchQuery::new("الميزانية"), now())
            .expect("search")
            .total,
        0
    );
    assert_eq!(
        index
            .search_at(&SearchQuery::new("الميزانية"), now() + Duration::hours(1))
            .expect("search")
            .total,
        1
    );
}

#[test]
fn related_articles_share_the_subject_never_the_article_itself() {
    let mut a = article(
        1,
        1,
        0,
        "أوبك تمدد خفض إنتاج النفط",
        "قرر تحالف أوبك تمديد خفض الإنتاج لدعم أسعار النفط",
    );
    a.content.tags = vec!["نفط".into()];
    let mut b = article(
        2,
        1,
        1,
        "أسعار النفط ترتفع بعد قرار أوبك",
        "صعدت أسعار الخام بعد تمديد الخفض",
    );
    b.content.tags = vec!["نفط".into()];
    let c = article(
        3,
        2,
        1,
        "الهلال يفوز على النصر",
        "سجل المهاجم هدفين في المباراة",
    );
    let d = article(
        4,
        1,
        2,
        "البنك المركزي يرفع الفائدة",
        "قرار لكبح التضخم وأسعار الغذاء",
    );
    let index = index_of(&[a, b, c, d]);
    let related = index.related_at(ArticleId(1), 3, now()).expect("related");
    assert_eq!(related.first().map(|r| r.id), Some(ArticleId(2)));
    assert!(related.iter().all(|r| r.id != ArticleId(1)));
    assert!(
        index
            .related_at(ArticleId(99), 3, now())
            .expect("unknown")
            .is_empty()
    );
}

#[test]
fn a_shared_tag_alone_brings_an_article_in_ranked_by_how_much_it_shares() {
    let tagged = |id, section, headline, body, tags: &[&str]| {
        let mut a = article(id, section, id, headline, body);
        a.content.tags = tags.iter().map(|t| (*t).into()).collect();
        a
    };
    let index = index_of(&[
        tagged(
            1,
            1,
            "فيضانات تجتاح مدينة درنة",
            "السيول جرفت أحياء كاملة قرب الوادي",
            &["ليبيا", "الأمم المتحدة"],
        ),
        // No word of the article, both its tags.
        tagged(
            2,
            2,
            "مبعوث يزور طرابلس",
            "لقاءات مع قادة الأطراف في العاصمة",
            &["ليبيا", "الأمم المتحدة"],
        ),
        // No word of the article, one of its tags.
        tagged(
            3,
            2,
            "مجلس الأمن يناقش تقريرا",
            "جلسة مغلقة حول البعثات",
            &["الأمم المتحدة"],
        ),
        // One word of a two-word tag only: not the same tag.
        tagged(
            4,
            2,
            "سفارة الولايات المتحدة تنتقل",
            "إجراءات أمنية مشددة",
            &["الولايات المتحدة"],
        ),
        // Nothing shared.
        tagged(5, 2, "انتخابات بلدية في تونس", "اقتراع هادئ", &["تونس"]),
    ]);
    let related: Vec<i64> = index
        .related_at(ArticleId(1), 5, now())
        .expect("related")
        .iter()
        .map(|r| r.id.0)
        .collect();
    assert_eq!(related.first(), Some(&2), "{related:?}");
    assert_eq!(related.get(1), Some(&3), "{related:?}");
    assert!(!related.contains(&5), "{related:?}");
    assert!(!related.contains(&1), "{related:?}");
}

#[test]
fn a_typo_in_a_long_word_still_finds_it() {
    let index = index_of(&[article(1, 1, 0, "فيضانات في ليبيا", "سيول")]);
    assert_eq!(ids(&index, &SearchQuery::new("الفيضانت")), vec![1]);
}
