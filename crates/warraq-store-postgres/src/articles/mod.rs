mod read;
mod row;
mod write;

pub(crate) use read::{
    article, article_id_by_key, articles_by_ids, count_articles, find_articles_by_headline,
    list_articles,
};
pub(crate) use write::{create_article, update_article, upsert_article_by_key};
