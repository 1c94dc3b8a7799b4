//! Sections, agencies, people and bureaus: the small tables articles point at.

use sqlx::FromRow;
use warraq_domain::arabic::{normalize_text, slugify};
use warraq_domain::{
    Agency, Bureau, BureauId, DomainError, MediaId, Person, PersonId, Section, SectionDraft,
    SectionId, default_agencies, default_sections,
};
use warraq_store::{ChangeKind, Entity, StoreResult};

use crate::codec::{Json, Time};
use crate::db::{Conn, Dialect, on_conn};
use crate::error::{backend, db_error, missing_reference};
use crate::media;
use crate::tx::SqlTx;

#[derive(FromRow)]
struct SectionRow {
    id: i64,
    name: String,
    slug: String,
    parent_id: Option<i64>,
    position: i32,
}

impl From<SectionRow> for Section {
    fn from(r: SectionRow) -> Self {
        Section {
            id: SectionId(r.id),
            name: r.name,
            slug: r.slug,
            parent_id: r.parent_id.map(SectionId),
            position: r.position,
        }
    }
}

#[derive(FromRow)]
struct AgencyRow {
    code: String,
    short_ar: String,
    name_ar: String,
    name_en: String,
    aliases: Json<Vec<String>>,
}

impl From<AgencyRow> for Agency {
    fn from(r: AgencyRow) -> Self {
        Agency {
            code: r.code,
            short_ar: r.short_ar,
            name_ar: r.name_ar,
            name_en: r.name_en,
            aliases: r.aliases.0,
        }
    }
}

#[derive(FromRow)]
struct PersonRow {
    id: i64,
    name: String,
    slug: String,
    title: Option<String>,
    photo_id: Option<i64>,
}

impl From<PersonRow> for Person {
    fn from(r: PersonRow) -> Self {
        Person {
            id: PersonId(r.id),
            name: r.name,
            slug: r.slug,
            title: r.title,
            photo: r.photo_id.map(MediaId),
        }
    }
}

#[derive(FromRow)]
struct BureauRow {
    id: i64,
    city: String,
    slug: String,
}

impl From<BureauRow> for Bureau {
    fn from(r: BureauRow) -> Self {
        Bureau {
            id: BureauId(r.id),
            city: r.city,
            slug: r.slug,
        }
    }
}

/// Adds the default sections to a store that has none, and every known agency it lacks.
/// Inside one write transaction, so that two processes starting at once seed once.
pub(crate) async fn seed_defaults(tx: &mut SqlTx) -> StoreResult<()> {
    let sections: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM sections"
    )
    .fetch_one(c)
    .await)
    .map_err(backend)?;
    if sections == 0 {
        for draft in default_sections() {
            insert_section(tx, &draft).await?;
        }
    }
    for agency in default_agencies() {
        if stored_agency(&mut tx.conn(), &agency.code).await?.is_none() {
            write_agency(tx, &agency, ChangeKind::Created).await?;
        }
    }
    Ok(())
}

pub(crate) async fn list_sections(conn: &mut Conn<'_>) -> StoreResult<Vec<Section>> {
    let rows: Vec<SectionRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT id, name, slug, parent_id, position FROM sections \
         ORDER BY COALESCE(parent_id, 0), position, id"
    )
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Section::from).collect())
}

pub(crate) async fn section(conn: &mut Conn<'_>, id: SectionId) -> StoreResult<Section> {
    on_conn!(conn, |c| sqlx::query_as::<_, SectionRow>(
        "SELECT id, name, slug, parent_id, position FROM sections WHERE id = $1"
    )
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map(Section::from)
    .map_err(|e| db_error(e, "section", id))
}

pub(crate) async fn section_by_slug(conn: &mut Conn<'_>, slug: &str) -> StoreResult<Section> {
    on_conn!(conn, |c| sqlx::query_as::<_, SectionRow>(
        "SELECT id, name, slug, parent_id, position FROM sections WHERE slug = $1"
    )
    .bind(slug)
    .fetch_one(c)
    .await)
    .map(Section::from)
    .map_err(|e| db_error(e, "section", slug))
}

pub(crate) async fn create_section(tx: &mut SqlTx, draft: &SectionDraft) -> StoreResult<Section> {
    draft.validate()?;
    insert_section(tx, draft).await
}

async fn insert_section(tx: &mut SqlTx, draft: &SectionDraft) -> StoreResult<Section> {
    if let Some(parent) = draft.parent_id {
        require(
            &mut tx.conn(),
            RefTable::Sections,
            parent.0,
            "section.parent_id",
        )
        .await?;
    }
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO sections (name, slug, parent_id, position) VALUES ($1, $2, $3, $4) RETURNING id"
    )
    .bind(&draft.name)
    .bind(&draft.slug)
    .bind(draft.parent_id.map(|p| p.0))
    .bind(draft.position)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "section", &draft.slug))?;
    tx.log(Entity::Section, id, ChangeKind::Created, Time::now())
        .await?;
    Ok(Section {
        id: SectionId(id),
        name: draft.name.clone(),
        slug: draft.slug.clone(),
        parent_id: draft.parent_id,
        position: draft.position,
    })
}

pub(crate) async fn list_agencies(conn: &mut Conn<'_>) -> StoreResult<Vec<Agency>> {
    let rows: Vec<AgencyRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT code, short_ar, name_ar, name_en, aliases FROM agencies ORDER BY code"
    )
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Agency::from).collect())
}

pub(crate) async fn stored_agency(conn: &mut Conn<'_>, code: &str) -> StoreResult<Option<Agency>> {
    let row: Option<AgencyRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT code, short_ar, name_ar, name_en, aliases FROM agencies WHERE code = $1"
    )
    .bind(code)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "agency", code))?;
    Ok(row.map(Agency::from))
}

/// Inserts or replaces an agency; writes nothing when the stored record is identical.
pub(crate) async fn upsert_agency(tx: &mut SqlTx, agency: &Agency) -> StoreResult<()> {
    if agency.code.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "agency.code",
        }
        .into());
    }
    let kind = match stored_agency(&mut tx.conn(), &agency.code).await? {
        None => ChangeKind::Created,
        Some(current) if current == *agency => return Ok(()),
        Some(_) => ChangeKind::Updated,
    };
    write_agency(tx, agency, kind).await
}

async fn write_agency(tx: &mut SqlTx, agency: &Agency, kind: ChangeKind) -> StoreResult<()> {
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "INSERT INTO agencies (code, short_ar, name_ar, name_en, aliases) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (code) DO UPDATE SET short_ar = excluded.short_ar, \
         name_ar = excluded.name_ar, name_en = excluded.name_en, aliases = excluded.aliases"
    )
    .bind(&agency.code)
    .bind(&agency.short_ar)
    .bind(&agency.name_ar)
    .bind(&agency.name_en)
    .bind(Json(&agency.aliases))
    .execute(c)
    .await
    .map(|done| done.rows_affected()))
    .map_err(|e| db_error(e, "agency", &agency.code))?;
    // Pictures credited to the agency are found by its names too.
    media::refold_agency_credits(tx, &agency.code).await?;
    tx.log(Entity::Agency, &agency.code, kind, Time::now())
        .await
}

pub(crate) async fn person(conn: &mut Conn<'_>, id: PersonId) -> StoreResult<Person> {
    on_conn!(conn, |c| sqlx::query_as::<_, PersonRow>(
        "SELECT id, name, slug, title, photo_id FROM people WHERE id = $1"
    )
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map(Person::from)
    .map_err(|e| db_error(e, "person", id))
}

/// `$select` of the rows whose id is among the ids bound as `$1`, one JSON array: no SQL
/// is built from values, and the statement stays a literal per dialect.
macro_rules! where_id_among {
    ($dialect:expr, $select:literal) => {
        match $dialect {
            Dialect::Sqlite => concat!($select, " WHERE id IN (SELECT value FROM json_each($1))"),
            Dialect::Postgres => concat!(
                $select,
                " WHERE id IN (SELECT jsonb_array_elements_text($1)::BIGINT)"
            ),
        }
    };
}

pub(crate) async fn people_many(conn: &mut Conn<'_>, ids: &[PersonId]) -> StoreResult<Vec<Person>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let sql = where_id_among!(
        conn.dialect(),
        "SELECT id, name, slug, title, photo_id FROM people"
    );
    let rows: Vec<PersonRow> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(Json(&ids))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Person::from).collect())
}

pub(crate) async fn person_by_slug(conn: &mut Conn<'_>, slug: &str) -> StoreResult<Person> {
    on_conn!(conn, |c| sqlx::query_as::<_, PersonRow>(
        "SELECT id, name, slug, title, photo_id FROM people WHERE slug = $1"
    )
    .bind(slug)
    .fetch_one(c)
    .await)
    .map(Person::from)
    .map_err(|e| db_error(e, "person", slug))
}

pub(crate) async fn list_people(conn: &mut Conn<'_>) -> StoreResult<Vec<Person>> {
    let rows: Vec<PersonRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT id, name, slug, title, photo_id FROM people ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Person::from).collect())
}

/// Finds the person with this (NFC-normalised) name, creating them when missing. An
/// existing person keeps their stored title.
pub(crate) async fn find_or_create_person(
    tx: &mut SqlTx,
    name: &str,
    title: Option<&str>,
) -> StoreResult<Person> {
    let name = normalize_text(name);
    if name.is_empty() {
        return Err(DomainError::Empty {
            field: "person.name",
        }
        .into());
    }
    let title = title.map(normalize_text).filter(|t| !t.is_empty());
    let found: Option<PersonRow> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(
        "SELECT id, name, slug, title, photo_id FROM people WHERE name = $1"
    )
    .bind(&name)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "person", &name))?;
    if let Some(row) = found {
        return Ok(row.into());
    }
    let slug = free_person_slug(&mut tx.conn(), &name).await?;
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO people (name, slug, title) VALUES ($1, $2, $3) RETURNING id"
    )
    .bind(&name)
    .bind(&slug)
    .bind(&title)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "person", &name))?;
    tx.log(Entity::Person, id, ChangeKind::Created, Time::now())
        .await?;
    Ok(Person {
        id: PersonId(id),
        name,
        slug,
        title,
        photo: None,
    })
}

/// Gives the person `photo` (a picture of the media library), or takes their photo away
/// with `None`. Writes (and logs) nothing when it is already so.
pub(crate) async fn set_person_photo(
    tx: &mut SqlTx,
    id: PersonId,
    photo: Option<MediaId>,
) -> StoreResult<Person> {
    let mut person = person(&mut tx.conn(), id).await?;
    if person.photo == photo {
        return Ok(person);
    }
    if let Some(media) = photo {
        // A clear "not found" rather than a foreign-key failure.
        media::media(&mut tx.conn(), media).await?;
    }
    on_conn!(&mut tx.conn(), |c| sqlx::query(
        "UPDATE people SET photo_id = $1 WHERE id = $2"
    )
    .bind(photo.map(|m| m.0))
    .bind(id.0)
    .execute(c)
    .await
    .map(|_| ()))
    .map_err(|e| db_error(e, "person", id))?;
    tx.log(Entity::Person, id, ChangeKind::Updated, Time::now())
        .await?;
    person.photo = photo;
    Ok(person)
}

/// The slug of a new person named `name`: its slug, or with `-2`, `-3`... when another
/// person has it already (names that differ only in diacritics or punctuation slug
/// alike), so that each `/author/{slug}` page is one person's. Writers are serialised, so
/// nobody takes the slug between this check and the insert; the unique index would refuse
/// it anyway.
async fn free_person_slug(conn: &mut Conn<'_>, name: &str) -> StoreResult<String> {
    let base = Some(slugify(name))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "person".to_string());
    let mut candidate = base.clone();
    for n in 2.. {
        let taken: bool = on_conn!(conn, |c| sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM people WHERE slug = $1)"
        )
        .bind(&candidate)
        .fetch_one(c)
        .await)
        .map_err(|e| db_error(e, "person", &candidate))?;
        if !taken {
            break;
        }
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

pub(crate) async fn bureau(conn: &mut Conn<'_>, id: BureauId) -> StoreResult<Bureau> {
    on_conn!(conn, |c| sqlx::query_as::<_, BureauRow>(
        "SELECT id, city, slug FROM bureaus WHERE id = $1"
    )
    .bind(id.0)
    .fetch_one(c)
    .await)
    .map(Bureau::from)
    .map_err(|e| db_error(e, "bureau", id))
}

pub(crate) async fn bureaus_many(
    conn: &mut Conn<'_>,
    ids: &[BureauId],
) -> StoreResult<Vec<Bureau>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = ids.iter().map(|id| id.0).collect();
    let sql = where_id_among!(conn.dialect(), "SELECT id, city, slug FROM bureaus");
    let rows: Vec<BureauRow> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(Json(&ids))
        .fetch_all(c)
        .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Bureau::from).collect())
}

pub(crate) async fn list_bureaus(conn: &mut Conn<'_>) -> StoreResult<Vec<Bureau>> {
    let rows: Vec<BureauRow> = on_conn!(conn, |c| sqlx::query_as(
        "SELECT id, city, slug FROM bureaus ORDER BY id"
    )
    .fetch_all(c)
    .await)
    .map_err(backend)?;
    Ok(rows.into_iter().map(Bureau::from).collect())
}

pub(crate) async fn find_or_create_bureau(tx: &mut SqlTx, city: &str) -> StoreResult<Bureau> {
    let city = normalize_text(city);
    if city.is_empty() {
        return Err(DomainError::Empty {
            field: "bureau.city",
        }
        .into());
    }
    let found: Option<BureauRow> = on_conn!(&mut tx.conn(), |c| sqlx::query_as(
        "SELECT id, city, slug FROM bureaus WHERE city = $1"
    )
    .bind(&city)
    .fetch_optional(c)
    .await)
    .map_err(|e| db_error(e, "bureau", &city))?;
    if let Some(row) = found {
        return Ok(row.into());
    }
    let slug = slugify(&city);
    let id: i64 = on_conn!(&mut tx.conn(), |c| sqlx::query_scalar(
        "INSERT INTO bureaus (city, slug) VALUES ($1, $2) RETURNING id"
    )
    .bind(&city)
    .bind(&slug)
    .fetch_one(c)
    .await)
    .map_err(|e| db_error(e, "bureau", &city))?;
    tx.log(Entity::Bureau, id, ChangeKind::Created, Time::now())
        .await?;
    Ok(Bureau {
        id: BureauId(id),
        city,
        slug,
    })
}

/// The tables other records point at.
#[derive(Clone, Copy)]
pub(crate) enum RefTable {
    Sections,
    Media,
    Bureaus,
    Articles,
    People,
}

/// Fails with a domain error naming `field` when `id` is not in `table`; one static
/// query per table.
pub(crate) async fn require(
    conn: &mut Conn<'_>,
    table: RefTable,
    id: i64,
    field: &'static str,
) -> StoreResult<()> {
    let sql = match table {
        RefTable::Sections => "SELECT EXISTS (SELECT 1 FROM sections WHERE id = $1)",
        RefTable::Media => "SELECT EXISTS (SELECT 1 FROM media WHERE id = $1)",
        RefTable::Bureaus => "SELECT EXISTS (SELECT 1 FROM bureaus WHERE id = $1)",
        RefTable::Articles => "SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)",
        RefTable::People => "SELECT EXISTS (SELECT 1 FROM people WHERE id = $1)",
    };
    let exists: bool = on_conn!(conn, |c| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(c)
        .await)
    .map_err(backend)?;
    if exists {
        Ok(())
    } else {
        Err(missing_reference(field, id))
    }
}
