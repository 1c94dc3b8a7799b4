//! `warraq generate --articles N`: fills a store with N generated Arabic articles, for
//! measuring warraq at scale (issue 10: 1,000 to 1,000,000 articles).
//!
//! Headlines, ledes and bodies are put together from word lists written here (subjects,
//! verbs, objects, places), so no two neighbouring stories read alike and the text has the
//! length and the letters of real news. Articles go into the default sections (some busier
//! than others), are signed by a staff of generated people, filed from bureaus, tagged
//! from a pool where a few tags are common and most are rare, and published over the
//! past years at a steady rate (`--per-day`, 300 by default), oldest first, so that ids
//! follow publication as on a real site and the newest pages look the same whatever the
//! size of the store. A few drafts, scheduled and embargoed stories (fixed numbers, not a
//! share of the store: a newsroom has a handful in flight) stay hidden from readers.
//!
//! Articles are written in transactions of `--batch` articles by the store's bulk
//! creation (`SqlStore::create_articles_bulk`), which writes what one creation through the
//! write API writes (revisions, the change log, the audit entry, `article_tags`,
//! `article_authors`, `article_media`, the folded headline) in multi-row statements;
//! `--write-api` goes through `WriteTx::create_article` one article at a time instead. The output is the same for the same
//! `--seed` and `--articles`, apart from the creation times the store stamps.

use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use warraq_domain::{
    Actor, ArticleDraft, Block, BureauId, Credit, MediaDraft, MediaId, PersonId, SectionId, Status,
};
use warraq_store::{ArticleStore, Store};
use warraq_store_sql::SqlStore;
use warraq_web::SiteConfig;

use crate::store_options::StoreOptions;

#[derive(Debug, Args)]
pub struct GenerateCommand {
    #[command(flatten)]
    pub store: StoreOptions,
    /// How many articles to write (the store must hold none yet).
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub articles: u64,
    /// Seed of the generator: the same seed and count give the same articles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Articles published per day, which sets how far back the oldest goes.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub per_day: u32,
    /// Articles per write transaction.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
    /// Hero pictures drawn and shared by the articles (0: articles without pictures).
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(0..=1_000))]
    pub pictures: u32,
    /// Write each article through the write API (`create_article`), as the newsroom and
    /// imports do, instead of the bulk creation: slower, for comparing the two.
    #[arg(long)]
    pub write_api: bool,
    /// Do not build the search index afterwards (then run `warraq reindex`, or `serve`
    /// builds it as it starts).
    #[arg(long)]
    pub no_index: bool,
}

/// What a run wrote, for the summary line and the tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub visible: u64,
    pub drafts: u64,
    pub scheduled: u64,
    pub embargoed: u64,
}

impl Counts {
    /// How many of `total` articles are kept from readers: 1 % of the store each, and
    /// never more than 40 drafts, 10 scheduled and 10 embargoed stories.
    pub fn for_total(total: u64) -> Self {
        let hidden = |max: u64| (total / 100).min(max);
        let drafts = hidden(40);
        let scheduled = hidden(10);
        let embargoed = hidden(10);
        Counts {
            visible: total - drafts - scheduled - embargoed,
            drafts,
            scheduled,
            embargoed,
        }
    }
}

/// The SQL store of the options (the bulk creation is the SQL store's own).
async fn open(options: &StoreOptions) -> anyhow::Result<SqlStore> {
    match &options.database_url {
        Some(url) => SqlStore::connect_postgres(url)
            .await
            .context("cannot open the PostgreSQL database"),
        None => {
            std::fs::create_dir_all(&options.data).with_context(|| {
                format!("cannot create the data folder {}", options.data.display())
            })?;
            let path = options.data.join("warraq.db");
            SqlStore::open_sqlite(&path)
                .await
                .with_context(|| format!("cannot open the database {}", path.display()))
        }
    }
}

pub async fn generate(args: GenerateCommand) -> anyhow::Result<()> {
    let store = open(&args.store).await?;
    let started = Instant::now();
    store
        .seed_defaults()
        .await
        .context("cannot add the default sections")?;
    let existing = store.count_articles().await?;
    if existing > 0 {
        anyhow::bail!(
            "the store already holds {existing} articles: generate into an empty data folder or database"
        );
    }
    let catalog = Catalog::make(&store, args.seed, args.pictures).await?;
    let counts = Counts::for_total(args.articles);
    let bar = ProgressBar::new(args.articles).with_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles, {per_sec}, {elapsed} (ETA {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let writing = Instant::now();
    let mut words = Words::new(args.seed);
    let now = Utc::now();
    let step = Duration::microseconds(86_400_000_000 / i64::from(args.per_day));
    let mut written = 0u64;
    while written < args.articles {
        let batch = (args.articles - written).min(u64::from(args.batch));
        let drafts: Vec<ArticleDraft> = (written..written + batch)
            .map(|n| words.article(&catalog, &counts, args.articles, n, now, step))
            .collect();
        if args.write_api {
            let mut tx = store.begin(Actor::System).await?;
            for (n, draft) in (written..).zip(&drafts) {
                tx.create_article(draft)
                    .await
                    .with_context(|| format!("cannot write generated article {}", n + 1))?;
            }
            tx.commit().await.context("cannot commit a batch")?;
        } else {
            store
                .create_articles_bulk(Actor::System, &drafts)
                .await
                .with_context(|| format!("cannot write generated articles from {}", written + 1))?;
        }
        written += batch;
        bar.set_position(written);
    }
    bar.finish_and_clear();
    store
        .mark_history_announced(Utc::now())
        .await
        .context("cannot mark the generated history as announced to webhooks")?;
    // The sitemap indexes read one kept summary per file; summarise them now, at the
    // default file size, as their first readers would otherwise have to (a thousand
    // files at a million articles, a hundred an index).
    store
        .sitemap_files(
            Utc::now(),
            SiteConfig::default().sitemap_ids_per_file,
            1..=u32::MAX,
        )
        .await
        .context("cannot summarise the sitemap files")?;
    let secs = writing.elapsed().as_secs_f64();
    eprintln!(
        "generated {} articles ({} visible, {} drafts, {} scheduled, {} embargoed) in {:.1} s, {:.0} articles/s",
        args.articles,
        counts.visible,
        counts.drafts,
        counts.scheduled,
        counts.embargoed,
        secs,
        args.articles as f64 / secs.max(1e-9)
    );
    if args.no_index {
        eprintln!(
            "search index not built: run `warraq reindex` (or `warraq serve` builds it as it starts)"
        );
    } else {
        let indexing = Instant::now();
        let index = crate::search::open_index(&args.store)?;
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} indexed ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        index
            .rebuild(&store, |p| {
                bar.set_length(p.total);
                bar.set_position(p.indexed);
            })
            .await
            .context("cannot build the search index")?;
        bar.finish_and_clear();
        eprintln!(
            "search index built: {} articles in {:.1} s",
            index.len(),
            indexing.elapsed().as_secs_f64()
        );
    }
    println!(
        "generated {} articles in {:.1} s",
        args.articles,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// SplitMix64: small, fast and good enough to pick words; no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Skewed towards the start of `0..n`: index `i` about as likely as 1/(i+1) (Zipf), so
    /// that a few tags, sections and writers carry much of the news.
    fn zipf(&mut self, n: usize) -> usize {
        // Inverse of the continuous 1/x law on [1, n+1).
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let x = ((n as f64 + 1.0).ln() * u).exp() - 1.0;
        (x as usize).min(n - 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The people, bureaus, sections and pictures the articles point to.
struct Catalog {
    sections: Vec<SectionId>,
    people: Vec<PersonId>,
    bureaus: Vec<BureauId>,
    pictures: Vec<MediaId>,
}

impl Catalog {
    async fn make(store: &dyn Store, seed: u64, pictures: u32) -> anyhow::Result<Catalog> {
        let sections: Vec<SectionId> = store.list_sections().await?.iter().map(|s| s.id).collect();
        anyhow::ensure!(!sections.is_empty(), "the store has no section");
        let drawn = draw_pictures(seed, pictures).await?;
        let mut rng = Rng(seed ^ 0x5eed);
        let mut tx = store.begin(Actor::System).await?;
        let mut people = Vec::new();
        for first in FIRST_NAMES {
            for last in LAST_NAMES.iter().take(4) {
                let name = format!("{first} {}", rng.pick(LAST_NAMES).replace('_', last));
                let title = rng.pick(TITLES);
                let person = tx.find_or_create_person(&name, Some(title)).await?;
                if !people.contains(&person.id) {
                    people.push(person.id);
                }
            }
        }
        let mut bureaus = Vec::new();
        for city in BUREAUS {
            bureaus.push(tx.find_or_create_bureau(city).await?.id);
        }
        let mut media = Vec::new();
        for (i, picture) in drawn.into_iter().enumerate() {
            let key = format!("generated/{seed}-{i}.jpg");
            tx.put_blob(&key, "image/jpeg", &picture.bytes).await?;
            let place = PLACES[i % PLACES.len()];
            let caption = format!("{} {place}", CAPTIONS[i % CAPTIONS.len()]);
            let created = tx
                .create_media(&MediaDraft {
                    file: Some(key),
                    source_url: None,
                    mime: Some("image/jpeg".into()),
                    width: Some(picture.width),
                    height: Some(picture.height),
                    byte_size: Some(picture.bytes.len() as u64),
                    alt: caption.clone(),
                    caption,
                    credit: Some(Credit::Agency {
                        code: AGENCIES[i % AGENCIES.len()].into(),
                    }),
                    archive: i % 5 == 4,
                })
                .await?;
            media.push(created.id);
        }
        tx.commit().await?;
        Ok(Catalog {
            sections,
            people,
            bureaus,
            pictures: media,
        })
    }
}

/// Draws the shared hero pictures on all cores (encoding is the slow part).
async fn draw_pictures(
    seed: u64,
    count: u32,
) -> anyhow::Result<Vec<warraq_demo::picture::Picture>> {
    use warraq_demo::picture::{HERO_SIZE, Palette, PictureSpec, render_jpeg};
    const PALETTES: [Palette; 4] = [
        Palette {
            base: [32, 64, 96],
            accent: [220, 160, 60],
        },
        Palette {
            base: [40, 90, 70],
            accent: [230, 210, 140],
        },
        Palette {
            base: [90, 40, 50],
            accent: [240, 190, 170],
        },
        Palette {
            base: [50, 50, 70],
            accent: [150, 200, 230],
        },
    ];
    tokio::task::spawn_blocking(move || {
        std::thread::scope(|scope| {
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    scope.spawn(move || {
                        (w..count)
                            .step_by(workers as usize)
                            .map(|i| {
                                let spec = PictureSpec {
                                    palette: PALETTES[i as usize % PALETTES.len()],
                                    seed: seed.wrapping_mul(1_000).wrapping_add(u64::from(i)),
                                    width: HERO_SIZE.0,
                                    height: HERO_SIZE.1,
                                };
                                render_jpeg(&spec).map(|p| (i, p))
                            })
                            .collect::<Result<Vec<_>, _>>()
                    })
                })
                .collect();
            let mut all = Vec::new();
            for handle in handles {
                let drawn = handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("a drawing thread panicked"))?
                    .context("cannot draw a picture")?;
                all.extend(drawn);
            }
            all.sort_by_key(|(i, _)| *i);
            Ok(all.into_iter().map(|(_, p)| p).collect())
        })
    })
    .await
    .context("the drawing task failed")?
}

/// Puts articles together from the word lists.
struct Words {
    rng: Rng,
}

impl Words {
    fn new(seed: u64) -> Self {
        Words { rng: Rng(seed) }
    }

    /// Article `n` of `total` (0 is the oldest). The last ones are the hidden drafts,
    /// scheduled and embargoed stories, newest of all as in a real newsroom.
    fn article(
        &mut self,
        catalog: &Catalog,
        counts: &Counts,
        total: u64,
        n: u64,
        now: DateTime<Utc>,
        step: Duration,
    ) -> ArticleDraft {
        let rng = &mut self.rng;
        let headline = headline(rng);
        // Sections: the first ones (Arab world, Gulf...) are the busiest.
        let section = catalog.sections[rng.zipf(catalog.sections.len())];
        let mut draft = ArticleDraft::new(&headline, section);
        if rng.chance(30) {
            draft.subheadline = Some(sentence(rng));
        }
        draft.lede = format!("{} {}", sentence(rng), sentence(rng));
        let paragraphs = 4 + rng.below(6);
        for p in 0..paragraphs {
            if p == 3 && rng.chance(40) {
                draft.body.push(Block::Subheading {
                    text: headline_short(rng),
                });
            }
            if p == 2 && rng.chance(30) {
                draft.body.push(Block::Quote {
                    text: sentence(rng),
                    attribution: Some(rng.pick(SPEAKERS).to_string()),
                    marks: Vec::new(),
                });
            }
            let sentences = 2 + rng.below(4);
            let text: Vec<String> = (0..sentences).map(|_| sentence(rng)).collect();
            draft.body.push(Block::paragraph(text.join(" ")));
        }
        let tags = 2 + rng.below(4);
        for _ in 0..tags {
            let tag = tag(rng);
            if !draft.tags.contains(&tag) {
                draft.tags.push(tag);
            }
        }
        draft
            .author_ids
            .push(catalog.people[rng.zipf(catalog.people.len())]);
        if rng.chance(15) {
            let second = *rng.pick(&catalog.people);
            if !draft.author_ids.contains(&second) {
                draft.author_ids.push(second);
            }
        }
        draft.bureau_id = Some(*rng.pick(&catalog.bureaus));
        if rng.chance(35) {
            draft.wire_sources.push(rng.pick(AGENCIES).to_string());
        }
        if !catalog.pictures.is_empty() && rng.chance(85) {
            draft.hero_id = Some(*rng.pick(&catalog.pictures));
        }
        // Published at a steady rate counting back from now, a little jitter so times
        // are not machine-even; the newest visible story is a few minutes old.
        let visible = counts.visible;
        let jitter = Duration::microseconds((rng.next() % 1_000_000) as i64);
        if n < visible {
            let back = i64::try_from(visible - n).unwrap_or(i64::MAX / 2);
            draft.publish(now - step * back.min(i32::MAX as i64) as i32 + jitter);
            return draft;
        }
        let hidden = n - visible;
        let ahead = Duration::days(2) + Duration::hours(i64::try_from(hidden).unwrap_or(0));
        if hidden < counts.scheduled {
            draft.status = Status::Scheduled;
            draft.published_at = Some(now + ahead);
        } else if hidden < counts.scheduled + counts.embargoed {
            draft.status = Status::Embargoed;
            draft.published_at = Some(now - Duration::minutes(30));
            draft.embargo_until = Some(now + ahead);
        } else {
            // A draft: no status change (ArticleDraft::new is a draft).
            debug_assert!(n < total);
        }
        draft
    }
}

fn headline(rng: &mut Rng) -> String {
    let (subject, feminine) = *rng.pick(SUBJECTS);
    let verb = rng.pick(VERBS);
    let verb = if feminine { verb.1 } else { verb.0 };
    let object = rng.pick(OBJECTS);
    let place = rng.pick(PLACES);
    if rng.chance(20) {
        let number = 2 + rng.below(480);
        format!("{subject} {verb} {object} {place} بقيمة {number} مليون دولار")
    } else {
        format!("{subject} {verb} {object} {place}")
    }
}

fn headline_short(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(OBJECTS), rng.pick(PLACES))
}

fn sentence(rng: &mut Rng) -> String {
    let (subject, feminine) = *rng.pick(SUBJECTS);
    let verb = rng.pick(VERBS);
    let verb = if feminine { verb.1 } else { verb.0 };
    let opener = rng.pick(OPENERS);
    let object = rng.pick(OBJECTS);
    let place = rng.pick(PLACES);
    let tail = rng.pick(TAILS);
    format!("{opener} {subject} {verb} {object} {place}، {tail}.")
}

/// A tag from a pool of a few hundred: places, topics and the two combined; the first
/// of each list are the most common.
fn tag(rng: &mut Rng) -> String {
    let topic = TOPICS[rng.zipf(TOPICS.len())];
    if rng.chance(40) {
        topic.to_string()
    } else if rng.chance(50) {
        PLACES[rng.zipf(PLACES.len())]
            .trim_start_matches("في ")
            .to_string()
    } else {
        let place = PLACES[rng.zipf(PLACES.len())].trim_start_matches("في ");
        format!("{topic} {place}")
    }
}

const AGENCIES: &[&str] = &["Reuters", "AFP", "EPA", "AP"];

const FIRST_NAMES: &[&str] = &[
    "أحمد", "محمد", "سارة", "ليلى", "يوسف", "خالد", "نور", "هدى", "عمر", "مريم", "طارق", "رنا",
    "سامر", "دينا", "فيصل", "هالة", "ماجد", "لمى", "بسام", "ريم",
];

/// `_` stands for a family name taken from the next column, for more distinct names.
const LAST_NAMES: &[&str] = &[
    "العتيبي",
    "المصري",
    "الحسيني",
    "الشمري",
    "بن _",
    "آل _",
    "الزهراني",
    "عبد الله",
    "النجار",
    "الخطيب",
    "السعدي",
    "القحطاني",
];

const TITLES: &[&str] = &[
    "مراسل",
    "مراسلة",
    "محرر الشؤون الاقتصادية",
    "كاتب",
    "محررة",
    "مراسل رياضي",
];

const BUREAUS: &[&str] = &[
    "الرياض",
    "القاهرة",
    "بيروت",
    "دبي",
    "عمّان",
    "الرباط",
    "لندن",
    "واشنطن",
    "باريس",
    "بغداد",
    "تونس",
    "جدة",
];

const CAPTIONS: &[&str] = &[
    "مشهد عام من الاجتماع",
    "حركة المرور في وسط المدينة",
    "عمال في موقع البناء",
    "جانب من المعرض",
    "لاعبون خلال التدريب",
    "مزارعون خلال موسم الحصاد",
];

const SPEAKERS: &[&str] = &[
    "متحدث باسم الوزارة",
    "مسؤول في البنك المركزي",
    "رئيس الغرفة التجارية",
    "خبير اقتصادي",
    "مدرب المنتخب",
];

/// Subjects and whether the verb agrees in the feminine.
const SUBJECTS: &[(&str, bool)] = &[
    ("الحكومة", true),
    ("وزير الخارجية", false),
    ("البنك المركزي", false),
    ("وزارة الصحة", true),
    ("مجلس الوزراء", false),
    ("الجامعة العربية", true),
    ("شركة الطيران الوطنية", true),
    ("المنتخب الوطني", false),
    ("الأمم المتحدة", true),
    ("هيئة السوق المالية", true),
    ("رئيس الوزراء", false),
    ("البرلمان", false),
    ("وزارة التعليم", true),
    ("صندوق النقد الدولي", false),
    ("منظمة الصحة العالمية", true),
    ("الاتحاد الأوروبي", false),
    ("بلدية العاصمة", true),
    ("نادي الهلال", false),
    ("شركة أرامكو", true),
    ("المحكمة العليا", true),
    ("وزير المالية", false),
    ("هيئة الأرصاد", true),
    ("مجلس الأمن", false),
    ("وزارة الطاقة", true),
];

/// (masculine, feminine) forms.
const VERBS: &[(&str, &str)] = &[
    ("يعلن", "تعلن"),
    ("يبحث", "تبحث"),
    ("يطلق", "تطلق"),
    ("يناقش", "تناقش"),
    ("يرفض", "ترفض"),
    ("يقر", "تقر"),
    ("يدرس", "تدرس"),
    ("يوقّع", "توقّع"),
    ("يفتتح", "تفتتح"),
    ("يؤجل", "تؤجل"),
    ("يدعو إلى", "تدعو إلى"),
    ("يحذر من", "تحذر من"),
    ("يكشف عن", "تكشف عن"),
    ("يرحب بـ", "ترحب بـ"),
];

const OBJECTS: &[&str] = &[
    "خطة جديدة للنقل العام",
    "اتفاقية للتعاون الاقتصادي",
    "مشروعاً للطاقة الشمسية",
    "حزمة من الإصلاحات المالية",
    "برنامجاً لدعم الشركات الصغيرة",
    "مفاوضات وقف إطلاق النار",
    "موازنة العام المقبل",
    "قانوناً لحماية البيانات",
    "استراتيجية لمكافحة التصحر",
    "مبادرة لتشغيل الشباب",
    "نتائج الربع الثالث",
    "توسعة الميناء التجاري",
    "حملة للتطعيم ضد الإنفلونزا",
    "خطة لتحلية مياه البحر",
    "معرضاً دولياً للكتاب",
    "بطولة الدوري للموسم الجديد",
    "أسعار الفائدة",
    "تعديلات على نظام الضرائب",
    "مشروع القطار السريع",
    "مؤتمراً للاستثمار",
    "إجراءات جديدة لخفض التضخم",
    "خطة لإعادة الإعمار",
    "مهرجاناً للسينما",
    "بعثة لاستكشاف الفضاء",
];

const PLACES: &[&str] = &[
    "في الرياض",
    "في القاهرة",
    "في بيروت",
    "في دبي",
    "في عمّان",
    "في بغداد",
    "في الرباط",
    "في تونس",
    "في الدوحة",
    "في الكويت",
    "في الخرطوم",
    "في دمشق",
    "في مسقط",
    "في المنامة",
    "في الجزائر",
    "في طرابلس",
    "في صنعاء",
    "في جدة",
    "في الإسكندرية",
    "في جنيف",
    "في لندن",
    "في باريس",
    "في واشنطن",
    "في بكين",
    "في نيويورك",
    "في برلين",
    "في موسكو",
    "في طوكيو",
    "في أنقرة",
    "في نواكشوط",
];

const OPENERS: &[&str] = &[
    "وقالت مصادر مطلعة إن",
    "وأكد مسؤولون أن",
    "وفي هذا السياق، ذكرت تقارير أن",
    "ومن المتوقع أن",
    "وأشار بيان رسمي إلى أن",
    "وبحسب مراقبين، فإن",
    "وكانت وسائل إعلام محلية قد أفادت بأن",
    "ويرى محللون أن",
];

const TAILS: &[&str] = &[
    "وذلك في إطار خطة تمتد حتى عام ٢٠٣٠",
    "وسط ترقب في الأوساط الاقتصادية",
    "بعد أشهر من المشاورات بين الأطراف المعنية",
    "في خطوة لاقت ترحيباً واسعاً",
    "بمشاركة ممثلين عن القطاع الخاص",
    "على أن تبدأ المرحلة الأولى خلال أسابيع",
    "في ظل ارتفاع الطلب خلال الموسم الحالي",
    "بحسب ما نقلته وكالات الأنباء",
    "فيما لم يصدر تعليق رسمي حتى الآن",
    "مع استمرار الجدل حول التكلفة والجدوى",
];

const TOPICS: &[&str] = &[
    "اقتصاد",
    "سياسة",
    "نفط",
    "كرة القدم",
    "انتخابات",
    "تعليم",
    "صحة",
    "طاقة متجددة",
    "سياحة",
    "عقارات",
    "ذكاء اصطناعي",
    "مناخ",
    "بورصة",
    "طيران",
    "ثقافة",
    "سينما",
    "أمن غذائي",
    "مياه",
    "نقل",
    "تضخم",
    "استثمار",
    "شباب",
    "زراعة",
    "فضاء",
    "تجارة",
    "لاجئون",
    "دبلوماسية",
    "اتصالات",
    "كتب",
    "موسيقى",
    "تنس",
    "سيارات كهربائية",
    "أمن سيبراني",
    "بنوك",
    "ضرائب",
    "رياضة نسائية",
    "آثار",
    "مهرجانات",
    "حج",
    "أسواق",
];
