//! Sections, agencies, people and bureaus: the small tables articles point at.

use sqlx::{FromRow, PgConnection, PgPool};
use warraq_domain::arabic::{normalize_text, slugify};
use warraq_domain::{
    Agency, Bureau, BureauId, DomainError, Person, PersonId, Section, SectionDraft, SectionId,
    default_agencies, default_sections,
};
use warraq_store::{ChangeKind, Entity, StoreError, StoreResult};

use crate::changes::record;
use crate::codec::{from_json, json, now};
use crate::error::{backend, db_error};
use crate::tx::begin_write;

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
    aliases: serde_json::Value,
}

impl AgencyRow {
    fn into_agency(self) -> StoreResult<Agency> {
        let aliases = from_json(self.aliases, &format!("agency {} aliases", self.code))?;
        Ok(Agency {
            code: self.code,
            short_ar: self.short_ar,
            name_ar: self.name_ar,
            name_en: self.name_en,
            aliases,
        })
    }
}

pub(crate) async fn seed_defaults(pool: &PgPool) -> StoreResult<()> {
    let mut tx = begin_write(pool).await?;
    let sections: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sections")
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
    if sections == 0 {
        for draft in default_sections() {
            insert_section(&mut tx, &draft).await?;
        }
    }
    for agency in default_agencies() {
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM agencies WHERE code = $1)")
                .bind(&agency.code)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
        if !exists {
            write_agency(&mut tx, &agency, ChangeKind::Created).await?;
        }
    }
    tx.commit().await.map_err(backend)
}

pub(crate) async fn list_sections(pool: &PgPool) -> StoreResult<Vec<Section>> {
    let rows: Vec<SectionRow> = sqlx::query_as(
        "SELECT id, name, slug, parent_id, position FROM sections \
         ORDER BY COALESCE(parent_id, 0), position, id",
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(rows.into_iter().map(Section::from).collect())
}

pub(crate) async fn section(pool: &PgPool, id: SectionId) -> StoreResult<Section> {
    sqlx::query_as::<_, SectionRow>(
        "SELECT id, name, slug, parent_id, position FROM sections WHERE id = $1",
    )
    .bind(id.0)
    .fetch_one(pool)
    .await
    .map(Section::from)
    .map_err(|e| db_error(e, "section", id))
}

pub(crate) async fn section_by_slug(pool: &PgPool, slug: &str) -> StoreResult<Section> {
    sqlx::query_as::<_, SectionRow>(
        "SELECT id, name, slug, parent_id, position FROM sections WHERE slug = $1",
    )
    .bind(slug)
    .fetch_one(pool)
    .await
    .map(Section::from)
    .map_err(|e| db_error(e, "section", slug))
}

pub(crate) async fn create_section(pool: &PgPool, draft: &SectionDraft) -> StoreResult<Section> {
    draft.validate()?;
    let mut tx = begin_write(pool).await?;
    let section = insert_section(&mut tx, draft).await?;
    tx.commit().await.map_err(backend)?;
    Ok(section)
}

async fn insert_section(conn: &mut PgConnection, draft: &SectionDraft) -> StoreResult<Section> {
    if let Some(parent) = draft.parent_id {
        require(conn, RefTable::Sections, parent.0, "section.parent_id").await?;
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sections (name, slug, parent_id, position) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(&draft.name)
    .bind(&draft.slug)
    .bind(draft.parent_id.map(|p| p.0))
    .bind(draft.position)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| db_error(e, "section", &draft.slug))?;
    record(conn, Entity::Section, id, ChangeKind::Created, now()).await?;
    Ok(Section {
        id: SectionId(id),
        name: draft.name.clone(),
        slug: draft.slug.clone(),
        parent_id: draft.parent_id,
        position: draft.position,
    })
}

pub(crate) async fn list_agencies(pool: &PgPool) -> StoreResult<Vec<Agency>> {
    let rows: Vec<AgencyRow> = sqlx::query_as(
        "SELECT code, short_ar, name_ar, name_en, aliases FROM agencies ORDER BY code",
    )
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(AgencyRow::into_agency).collect()
}

/// Inserts or replaces an agency; writes nothing when the stored record is identical.
pub(crate) async fn upsert_agency(pool: &PgPool, agency: &Agency) -> StoreResult<()> {
    if agency.code.trim().is_empty() {
        return Err(DomainError::Empty {
            field: "agency.code",
        }
        .into());
    }
    let mut tx = begin_write(pool).await?;
    let stored: Option<AgencyRow> = sqlx::query_as(
        "SELECT code, short_ar, name_ar, name_en, aliases FROM agencies WHERE code = $1",
    )
    .bind(&agency.code)
    .fetch_optional(&mut *tx)
    .await
    .map_err(backend)?;
    let kind = match stored.map(AgencyRow::into_agency).transpose()? {
        None => ChangeKind::Created,
        Some(current) if current == *agency => return Ok(()),
        Some(_) => ChangeKind::Updated,
    };
    write_agency(&mut tx, agency, kind).await?;
    tx.commit().await.map_err(backend)
}

async fn write_agency(
    conn: &mut PgConnection,
    agency: &Agency,
    kind: ChangeKind,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO agencies (code, short_ar, name_ar, name_en, aliases) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (code) DO UPDATE SET short_ar = excluded.short_ar, name_ar = excluded.name_ar, \
         name_en = excluded.name_en, aliases = excluded.aliases",
    )
    .bind(&agency.code)
    .bind(&agency.short_ar)
    .bind(&agency.name_ar)
    .bind(&agency.name_en)
    .bind(json(&agency.aliases))
    .execute(&mut *conn)
    .await
    .map_err(|e| db_error(e, "agency", &agency.code))?;
    record(conn, Entity::Agency, &agency.code, kind, now()).await
}

pub(crate) async fn person(pool: &PgPool, id: PersonId) -> StoreResult<Person> {
    sqlx::query_as::<_, (i64, String, String, Option<String>)>(
        "SELECT id, name, slug, title FROM people WHERE id = $1",
    )
    .bind(id.0)
    .fetch_one(pool)
    .await
    .map(person_from)
    .map_err(|e| db_error(e, "person", id))
}

pub(crate) async fn list_people(pool: &PgPool) -> StoreResult<Vec<Person>> {
    let rows: Vec<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, slug, title FROM people ORDER BY id")
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    Ok(rows.into_iter().map(person_from).collect())
}

fn person_from((id, name, slug, title): (i64, String, String, Option<String>)) -> Person {
    Person {
        id: PersonId(id),
        name,
        slug,
        title,
    }
}

/// Finds the person with this (NFC-normalised) name, creating them when missing. An
/// existing person keeps their stored title.
pub(crate) async fn find_or_create_person(
    pool: &PgPool,
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
    let mut tx = begin_write(pool).await?;
    let found: Option<(i64, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, name, slug, title FROM people WHERE name = $1")
            .bind(&name)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    if let Some(row) = found {
        return Ok(person_from(row));
    }
    let slug = slugify(&name);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO people (name, slug, title) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&name)
    .bind(&slug)
    .bind(&title)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| db_error(e, "person", &name))?;
    record(&mut tx, Entity::Person, id, ChangeKind::Created, now()).await?;
    tx.commit().await.map_err(backend)?;
    Ok(Person {
        id: PersonId(id),
        name,
        slug,
        title,
    })
}

pub(crate) async fn bureau(pool: &PgPool, id: BureauId) -> StoreResult<Bureau> {
    sqlx::query_as::<_, (i64, String, String)>("SELECT id, city, slug FROM bureaus WHERE id = $1")
        .bind(id.0)
        .fetch_one(pool)
        .await
        .map(|(id, city, slug)| Bureau {
            id: BureauId(id),
            city,
            slug,
        })
        .map_err(|e| db_error(e, "bureau", id))
}

pub(crate) async fn list_bureaus(pool: &PgPool) -> StoreResult<Vec<Bureau>> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, city, slug FROM bureaus ORDER BY id")
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    Ok(rows
        .into_iter()
        .map(|(id, city, slug)| Bureau {
            id: BureauId(id),
            city,
            slug,
        })
        .collect())
}

pub(crate) async fn find_or_create_bureau(pool: &PgPool, city: &str) -> StoreResult<Bureau> {
    let city = normalize_text(city);
    if city.is_empty() {
        return Err(DomainError::Empty {
            field: "bureau.city",
        }
        .into());
    }
    let mut tx = begin_write(pool).await?;
    let found: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, city, slug FROM bureaus WHERE city = $1")
            .bind(&city)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
    if let Some((id, city, slug)) = found {
        return Ok(Bureau {
            id: BureauId(id),
            city,
            slug,
        });
    }
    let slug = slugify(&city);
    let id: i64 =
        sqlx::query_scalar("INSERT INTO bureaus (city, slug) VALUES ($1, $2) RETURNING id")
            .bind(&city)
            .bind(&slug)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| db_error(e, "bureau", &city))?;
    record(&mut tx, Entity::Bureau, id, ChangeKind::Created, now()).await?;
    tx.commit().await.map_err(backend)?;
    Ok(Bureau {
        id: BureauId(id),
        city,
        slug,
    })
}

/// Whether a row with this id exists in `table`; one static query per table.
pub(crate) async fn exists(conn: &mut PgConnection, table: RefTable, id: i64) -> StoreResult<bool> {
    let sql = match table {
        RefTable::Sections => "SELECT EXISTS (SELECT 1 FROM sections WHERE id = $1)",
        RefTable::Media => "SELECT EXISTS (SELECT 1 FROM media WHERE id = $1)",
        RefTable::Bureaus => "SELECT EXISTS (SELECT 1 FROM bureaus WHERE id = $1)",
        RefTable::Articles => "SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)",
    };
    sqlx::query_scalar(sql)
        .bind(id)
        .fetch_one(conn)
        .await
        .map_err(backend)
}

#[derive(Clone, Copy)]
pub(crate) enum RefTable {
    Sections,
    Media,
    Bureaus,
    Articles,
}

/// Fails with a domain error naming `field` when `id` is not in `table`.
pub(crate) async fn require(
    conn: &mut PgConnection,
    table: RefTable,
    id: i64,
    field: &'static str,
) -> StoreResult<()> {
    if exists(conn, table, id).await? {
        Ok(())
    } else {
        Err(StoreError::Invalid(DomainError::Invalid {
            field,
            reason: format!("no record with id {id}"),
        }))
    }
}
