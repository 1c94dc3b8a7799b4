//! Writes the demo newsroom into a store, through the `Store` trait only, in one
//! transaction acting as `system`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use warraq_domain::arabic::normalize_text;
use warraq_domain::{
    Actor, Article, ArticleDraft, ArticleId, Block, BureauId, MediaDraft, MediaId, PersonId,
    RelatedLink, SectionId,
};
use warraq_store::{Store, WriteTx};

use crate::content::{
    ContentError, DemoArticle, DemoBlock, DemoContent, DemoCredit, DemoPicture, DemoSection,
};
use crate::picture::{
    HERO_SIZE, INLINE_SIZE, PORTRAIT_PALETTE, PORTRAIT_SIZE, Picture, PictureSpec, render_jpeg,
    render_portrait_jpeg, seed_for,
};
use crate::{DemoError, DemoReport};

/// Fills an empty store (no article yet) with the demo newsroom; does nothing when the
/// store already holds articles, so restarting with `--demo` never duplicates. Calls
/// `store.seed_defaults()` first, since the demo files its articles under those sections.
///
/// Everything is written in one transaction, so a run that fails or is interrupted leaves
/// no partial demo. Pictures are drawn before the transaction starts.
pub async fn seed_demo(store: &dyn Store) -> Result<DemoReport, DemoError> {
    store.seed_defaults().await?;
    if store.count_articles().await? > 0 {
        return Ok(DemoReport {
            articles: 0,
            sections: 0,
            media: 0,
            skipped: true,
        });
    }
    let content = DemoContent::embedded()?;
    let section_ids = section_ids(store, &content).await?;
    let pictures = render_pictures(&content).await?;

    let mut seeder = Seeder {
        tx: store.begin(Actor::System).await?,
        content: &content,
        pictures,
        people: HashMap::new(),
        bureaus: HashMap::new(),
        media: 0,
    };
    // Publication times count back from one instant so the set keeps its order.
    let now = Utc::now();
    let mut created: Vec<(&DemoArticle, Article)> = Vec::new();
    for (section, section_id) in content.sections.iter().zip(section_ids) {
        for article in &section.articles {
            let draft = seeder.draft(article, section_id, now).await?;
            created.push((article, seeder.tx.create_article(&draft).await?));
        }
    }
    // Related links need the ids, so they are added once every article exists.
    let ids: HashMap<&str, ArticleId> = created
        .iter()
        .map(|(demo, stored)| (demo.key.as_str(), stored.id))
        .collect();
    for (demo, stored) in &created {
        let mut draft = stored.content.clone();
        draft.related = related_links(demo, &ids)?;
        seeder
            .tx
            .update_article(stored.id, &draft, Some(stored.version))
            .await?;
    }
    let media = seeder.media;
    seeder.tx.commit().await?;

    Ok(DemoReport {
        articles: created.len(),
        sections: content
            .sections
            .iter()
            .filter(|s| !s.articles.is_empty())
            .count(),
        media,
        skipped: false,
    })
}

fn related_links(
    demo: &DemoArticle,
    ids: &HashMap<&str, ArticleId>,
) -> Result<Vec<RelatedLink>, ContentError> {
    demo.related
        .iter()
        .map(|key| match ids.get(key.as_str()) {
            Some(id) => Ok(RelatedLink::Article { id: *id }),
            None => Err(ContentError::Related {
                article: demo.key.clone(),
                related: key.clone(),
                problem: "not a demo article",
            }),
        })
        .collect()
}

/// The ids of the default sections the demo files into, in the order of
/// `content.sections`, matched on the normalised name.
async fn section_ids(
    store: &dyn Store,
    content: &DemoContent,
) -> Result<Vec<SectionId>, DemoError> {
    let stored: HashMap<String, SectionId> = store
        .list_sections()
        .await?
        .into_iter()
        .map(|s| (normalize_text(&s.name), s.id))
        .collect();
    content
        .sections
        .iter()
        .map(|section| {
            stored
                .get(&normalize_text(&section.name))
                .copied()
                .ok_or_else(|| DemoError::UnknownSection(section.name.clone()))
        })
        .collect()
}

/// Where a picture goes: its blob key and what to draw.
struct PictureJob {
    key: String,
    spec: PictureSpec,
    /// A person's photo rather than a news picture.
    portrait: bool,
}

fn picture_jobs(content: &DemoContent) -> Vec<PictureJob> {
    let job = |key: String, section: &DemoSection, (width, height): (u32, u32)| PictureJob {
        spec: PictureSpec {
            palette: section.palette,
            seed: seed_for(&key),
            width,
            height,
        },
        key,
        portrait: false,
    };
    let mut jobs = Vec::new();
    for (section, article) in content.articles() {
        jobs.push(job(hero_key(article), section, HERO_SIZE));
        for index in inline_picture_indexes(article) {
            jobs.push(job(inline_key(article, index), section, INLINE_SIZE));
        }
    }
    for person in content.people.iter().filter(|p| p.photo) {
        let key = portrait_key(&person.name);
        jobs.push(PictureJob {
            spec: PictureSpec {
                palette: PORTRAIT_PALETTE,
                seed: seed_for(&key),
                width: PORTRAIT_SIZE.0,
                height: PORTRAIT_SIZE.1,
            },
            key,
            portrait: true,
        });
    }
    jobs
}

/// Draws every picture off the async runtime, on all cores: encoding forty 1600-pixel
/// JPEGs is the only slow part of seeding.
async fn render_pictures(content: &DemoContent) -> Result<HashMap<String, Picture>, DemoError> {
    let jobs = picture_jobs(content);
    tokio::task::spawn_blocking(move || {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = jobs.len().div_ceil(workers).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .chunks(chunk)
                .map(|chunk| {
                    scope.spawn(move || {
                        chunk
                            .iter()
                            .map(|job| {
                                let drawn = if job.portrait {
                                    render_portrait_jpeg(&job.spec)
                                } else {
                                    render_jpeg(&job.spec)
                                };
                                drawn
                                    .map(|picture| (job.key.clone(), picture))
                                    .map_err(|e| {
                                        DemoError::Image(format!("drawing `{}`: {e}", job.key))
                                    })
                            })
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .collect();
            let mut pictures = HashMap::new();
            for handle in handles {
                let rendered = handle
                    .join()
                    .map_err(|_| DemoError::Image("a drawing thread panicked".into()))?;
                pictures.extend(rendered?);
            }
            Ok(pictures)
        })
    })
    .await
    .map_err(|e| DemoError::Image(format!("the drawing task failed: {e}")))?
}

fn hero_key(article: &DemoArticle) -> String {
    format!("demo/{}.jpg", article.key)
}

/// A person's photo, under a key made from their name (blob keys stay ASCII).
fn portrait_key(name: &str) -> String {
    format!("demo/people/{:016x}.jpg", seed_for(name))
}

fn inline_key(article: &DemoArticle, index: usize) -> String {
    format!("demo/{}-{index}.jpg", article.key)
}

fn inline_picture_indexes(article: &DemoArticle) -> impl Iterator<Item = usize> + '_ {
    article
        .body
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, DemoBlock::Image(_)))
        .map(|(i, _)| i)
}

struct Seeder<'a> {
    tx: Box<dyn WriteTx>,
    content: &'a DemoContent,
    pictures: HashMap<String, Picture>,
    people: HashMap<String, PersonId>,
    bureaus: HashMap<String, BureauId>,
    media: usize,
}

impl Seeder<'_> {
    async fn draft(
        &mut self,
        article: &DemoArticle,
        section_id: SectionId,
        now: DateTime<Utc>,
    ) -> Result<ArticleDraft, DemoError> {
        let mut draft = ArticleDraft::new(&article.headline, section_id);
        draft.lede = normalize_text(&article.lede);
        draft.body = self.body(article).await?;
        draft.tags = article.tags.iter().map(|t| normalize_text(t)).collect();
        for name in &article.authors {
            draft.author_ids.push(self.person(name).await?);
        }
        draft.byline = article.byline.as_deref().map(normalize_text);
        draft.bureau_id = Some(self.bureau(&article.bureau).await?);
        draft.wire_sources = article.wire.clone();
        draft.hero_id = Some(self.media(&hero_key(article), &article.hero).await?);
        // A few minutes past the hour, from the key, so the times do not look machine-made.
        let minutes = i64::try_from(seed_for(&article.key) % 60).unwrap_or(0);
        draft.publish(
            now - Duration::hours(i64::from(article.hours_ago)) - Duration::minutes(minutes),
        );
        draft.validate().map_err(warraq_store::StoreError::from)?;
        Ok(draft)
    }

    async fn body(&mut self, article: &DemoArticle) -> Result<Vec<Block>, DemoError> {
        let mut body = Vec::with_capacity(article.body.len());
        for (index, block) in article.body.iter().enumerate() {
            body.push(match block {
                DemoBlock::Paragraph(text) => Block::paragraph(normalize_text(text)),
                DemoBlock::Subheading(text) => Block::Subheading {
                    text: normalize_text(text),
                },
                DemoBlock::Quote { text, attribution } => Block::Quote {
                    text: normalize_text(text),
                    attribution: attribution.as_deref().map(normalize_text),
                    marks: Vec::new(),
                },
                DemoBlock::List { ordered, items } => Block::List {
                    ordered: *ordered,
                    items: items.iter().map(|i| normalize_text(i)).collect(),
                    item_marks: Vec::new(),
                },
                DemoBlock::Image(picture) => Block::Image {
                    media_id: self.media(&inline_key(article, index), picture).await?,
                    caption: Some(normalize_text(&picture.caption)),
                    credit: Some((&picture.credit).into()),
                },
            });
        }
        Ok(body)
    }

    async fn person(&mut self, name: &str) -> Result<PersonId, DemoError> {
        if let Some(id) = self.people.get(name) {
            return Ok(*id);
        }
        let demo = self.content.person(name);
        let title = demo.map(|p| normalize_text(&p.title));
        let person = self
            .tx
            .find_or_create_person(&normalize_text(name), title.as_deref())
            .await?;
        if demo.is_some_and(|p| p.photo) {
            let words = DemoPicture {
                alt: name.to_string(),
                caption: name.to_string(),
                credit: DemoCredit::Other("«ورّاق»".to_string()),
                archive: false,
            };
            let photo = self.media(&portrait_key(name), &words).await?;
            self.tx.set_person_photo(person.id, Some(photo)).await?;
        }
        self.people.insert(name.to_string(), person.id);
        Ok(person.id)
    }

    async fn bureau(&mut self, city: &str) -> Result<BureauId, DemoError> {
        if let Some(id) = self.bureaus.get(city) {
            return Ok(*id);
        }
        let bureau = self.tx.find_or_create_bureau(&normalize_text(city)).await?;
        self.bureaus.insert(city.to_string(), bureau.id);
        Ok(bureau.id)
    }

    /// Stores a drawn picture's bytes and its record.
    async fn media(&mut self, key: &str, words: &DemoPicture) -> Result<MediaId, DemoError> {
        let picture = self
            .pictures
            .remove(key)
            .ok_or_else(|| DemoError::Image(format!("no picture was drawn for `{key}`")))?;
        self.tx.put_blob(key, "image/jpeg", &picture.bytes).await?;
        let media = self
            .tx
            .create_media(&MediaDraft {
                file: Some(key.to_string()),
                source_url: None,
                mime: Some("image/jpeg".into()),
                width: Some(picture.width),
                height: Some(picture.height),
                byte_size: Some(picture.bytes.len() as u64),
                alt: normalize_text(&words.alt),
                caption: normalize_text(&words.caption),
                credit: Some((&words.credit).into()),
                archive: words.archive,
            })
            .await?;
        self.media += 1;
        Ok(media.id)
    }
}
