//! A correction made in the newsroom shows on the article page, dated, and the page
//! changes within a follower poll: on both backends.

#[macro_use]
mod support;

use support::{Backend, TestSite, all_text, one};
use warraq_domain::Role;
use warraq_domain::urls::article_path;

async fn a_correction_is_shown_dated_under_the_article(backend: Backend) {
    let site = TestSite::on(backend).await;
    let newsroom = site.node.state().newsroom().clone();
    let (editor, _) = newsroom
        .add_user(
            None,
            "editor@news.test",
            "محرر",
            Role::Editor,
            Some("a-long-password"),
        )
        .await
        .expect("editor");
    let path = article_path(&site.main);
    let before = site.get(&path).await.html();
    assert!(
        all_text(&before, ".corrections").is_empty(),
        "no correction yet"
    );

    let mut fixed = site.main.content.clone();
    fixed.lede = "وصل الوزير مساء الثلاثاء لا صباح الأربعاء".into();
    newsroom
        .correct_article(
            &editor,
            site.main.id,
            fixed,
            "صُحّح موعد وصول الوزير",
            site.main.version,
        )
        .await
        .expect("correction");
    site.caught_up().await;

    let page = site.get(&path).await.html();
    let items = all_text(&page, ".corrections .correction");
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].ends_with(": صُحّح موعد وصول الوزير"), "{}", items[0]);
    let time = one(&page, ".corrections time");
    let datetime = time.value().attr("datetime").expect("datetime");
    assert!(
        datetime.starts_with(&chrono::Utc::now().format("%Y-").to_string()),
        "{datetime}"
    );
    assert_eq!(
        one(&page, ".corrections-heading")
            .text()
            .collect::<String>(),
        "تصحيح"
    );
}

on_both_backends!(a_correction_is_shown_dated_under_the_article);
