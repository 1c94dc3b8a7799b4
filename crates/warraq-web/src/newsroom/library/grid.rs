//! `GET /newsroom/media`: the library, newest first, searched by caption, credit and alt
//! text and paged by id; with the upload form. `POST /newsroom/media`: the upload
//! (multipart, with the `csrf` field), stored by `warraq_media::save_upload` acting as the
//! user; on success the picture's edit page, showing what its IPTC filled in.

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FailedToBufferBody};
use axum::extract::{FromRequest, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use warraq_domain::arabic::parse_number;
use warraq_domain::{Actor, MediaId};
use warraq_media::{UploadError, UploadErrorKind, UploadLimits, save_upload_with_limits};

use super::super::error::PageError;
use super::super::i18n::{Lang, tr};
use super::super::page::{self, Frame, Nav};
use super::super::session::{CSRF_FIELD, CSRF_HEADER, NewsroomUser, check_csrf, check_same_origin};
use super::form::{MediaFormError, MediaInput, OTHER};
use super::multipart::Multipart;
use super::view::{AgencyOption, MediaCard, agency_options};
use crate::state::AppState;

/// Pictures per page of the grid.
const PAGE_SIZE: u32 = 24;
/// Room for the form's other fields and the multipart framing beside the largest file.
const FORM_OVERHEAD: u64 = 256 * 1024;

/// The request body limit of the upload route: the largest file plus the form around it.
pub fn upload_body_limit() -> usize {
    usize::try_from(UploadLimits::default().max_bytes + FORM_OVERHEAD).unwrap_or(usize::MAX)
}

#[derive(Debug, Default, Deserialize)]
pub struct LibraryQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub before: Option<String>,
}

impl LibraryQuery {
    pub fn before(&self) -> Result<Option<MediaId>, PageError> {
        match self.before.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => parse_number(text)
                .and_then(|n| i64::try_from(n).ok())
                .map(|n| Some(MediaId(n)))
                .ok_or_else(|| PageError::bad_input("before", "not a picture number")),
        }
    }
}

/// A refused upload or form, shown above the form and beside its field.
#[derive(Debug, Clone, Serialize)]
pub struct FormFailure {
    /// `upload.file_too_large`, `upload.not_an_image`, ... (for scripts and tests).
    pub code: &'static str,
    pub message: String,
    /// The field to point at (`file`, `caption`, ...).
    pub field: &'static str,
}

/// A failure and the status the page is answered with.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub failure: FormFailure,
    pub status: StatusCode,
}

impl Refusal {
    /// 413, 415, 422 (or 500/503 for our own failures) with the library's message.
    fn upload(lang: Lang, error: &UploadError) -> Refusal {
        if error.kind() == UploadErrorKind::Internal {
            tracing::error!(code = error.code(), error = %error, "upload could not be stored");
        }
        Refusal {
            failure: FormFailure {
                code: error.code(),
                message: match (lang, error) {
                    (Lang::Ar, _) => error.message_ar(),
                    // The size is not known when the body was cut off at the limit.
                    (Lang::En, UploadError::FileTooLarge { limit, .. }) => format!(
                        "The file is larger than the {} MB allowed.",
                        limit / (1024 * 1024)
                    ),
                    (Lang::En, _) => sentence(&error.to_string()),
                },
                field: "file",
            },
            status: StatusCode::from_u16(error.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        }
    }

    /// 422: a word field the editor can fix.
    pub fn form(lang: Lang, error: &MediaFormError) -> Refusal {
        Refusal {
            failure: FormFailure {
                code: "upload.invalid_field",
                message: tr(lang, error.message_key()).to_string(),
                field: error.field(),
            },
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn no_file(lang: Lang) -> Refusal {
        Refusal {
            failure: FormFailure {
                code: "upload.no_file",
                message: tr(lang, "lib_error_no_file").to_string(),
                field: "file",
            },
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

pub async fn library_page(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    Query(query): Query<LibraryQuery>,
) -> Result<Response, PageError> {
    render(&state, lang, &who, &query, MediaInput::default(), None).await
}

pub async fn upload(
    State(state): State<AppState>,
    lang: Lang,
    who: NewsroomUser,
    request: Request,
) -> Result<Response, PageError> {
    let (parts, body) = request.into_parts();
    check_same_origin(&parts, &state)?;
    let limits = UploadLimits::default();
    let header_text = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header_text(header::CONTENT_TYPE.as_str()).unwrap_or_default();
    let header_token = header_text(CSRF_HEADER);
    let refused = |refusal: Refusal, input: MediaInput| {
        let (state, who) = (&state, &who);
        async move {
            render(
                state,
                lang,
                who,
                &LibraryQuery::default(),
                input,
                Some(refusal),
            )
            .await
        }
    };
    let body = match Bytes::from_request(Request::from_parts(parts, body), &state).await {
        Ok(body) => body,
        Err(BytesRejection::FailedToBufferBody(FailedToBufferBody::LengthLimitError(_))) => {
            // The body was cut off at the limit, so neither its size nor its CSRF field
            // is known; nothing was stored.
            let too_large = UploadError::FileTooLarge {
                size: limits.max_bytes + 1,
                limit: limits.max_bytes,
            };
            return refused(Refusal::upload(lang, &too_large), MediaInput::default()).await;
        }
        Err(other) => return Err(PageError::bad_input("file", other.body_text())),
    };
    let form = Multipart::parse(&content_type, &body)
        .map_err(|e| PageError::bad_input("file", e.to_string()))?;
    // A page's form sends the token as a field; a script may send the header instead.
    let sent = Some(form.text(CSRF_FIELD))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .or(header_token);
    check_csrf(&who.session, sent.as_deref())?;

    let input = MediaInput {
        caption: form.text("caption").to_string(),
        alt: form.text("alt").to_string(),
        credit_agency: form.text("credit_agency").to_string(),
        credit_other: form.text("credit_other").to_string(),
        archive: form
            .has("archive")
            .then(|| form.text("archive").to_string()),
    };
    let agencies = state.snapshot().agencies.clone();
    let media_form = match input.upload_form(&agencies) {
        Ok(media_form) => media_form,
        Err(error) => return refused(Refusal::form(lang, &error), input).await,
    };
    let Some(file) = form
        .file
        .filter(|f| !f.bytes.is_empty() || !f.filename.is_empty())
    else {
        return refused(Refusal::no_file(lang), input).await;
    };
    let typed_caption = !media_form.caption.is_empty();
    let typed_credit = !media_form.credit.is_empty();
    let saved = save_upload_with_limits(
        state.store().as_ref(),
        Actor::User(who.user.id),
        file.bytes,
        media_form,
        &limits,
    )
    .await;
    let media = match saved {
        Ok(media) => media,
        Err(error) => return refused(Refusal::upload(lang, &error), input).await,
    };
    // What the picture's own metadata filled in, for the edit page to point out.
    let mut read = Vec::new();
    if !typed_caption && !media.caption.is_empty() {
        read.push("caption");
    }
    if !typed_credit && media.credit.is_some() {
        read.push("credit");
    }
    let mut to = format!("/newsroom/media/{}?uploaded=1", media.id.0);
    if !read.is_empty() {
        to.push_str("&read=");
        to.push_str(&read.join(","));
    }
    Ok(Redirect::to(&to).into_response())
}

async fn render(
    state: &AppState,
    lang: Lang,
    who: &NewsroomUser,
    query: &LibraryQuery,
    form: MediaInput,
    refusal: Option<Refusal>,
) -> Result<Response, PageError> {
    let q = query.q.trim();
    let before = query.before()?;
    let text = Some(q).filter(|q| !q.is_empty());
    let mut found = state
        .store()
        .search_media(text, before, PAGE_SIZE + 1)
        .await?;
    let more = found.len() > PAGE_SIZE as usize;
    found.truncate(PAGE_SIZE as usize);
    let snapshot = state.snapshot();
    let offset = state.site().offset();
    let items: Vec<MediaCard> = found
        .iter()
        .map(|m| MediaCard::of(m, &snapshot.agencies, offset))
        .collect();
    let q_param = encode(q);
    let older_url = more.then(|| {
        let last = items.last().map_or(0, |m| m.id);
        format!("/newsroom/media?q={q_param}&before={last}")
    });
    let newest_url = before.map(|_| format!("/newsroom/media?q={q_param}"));
    let agencies: Vec<AgencyOption> = agency_options(&snapshot.agencies, lang);
    let frame = Frame::of(state, lang, who, tr(lang, "media_library"), Nav::Library);
    let max_mb = UploadLimits::default().max_bytes / (1024 * 1024);
    let status = refusal.as_ref().map_or(StatusCode::OK, |r| r.status);
    let mut response = page::render(
        state,
        "newsroom/library.html",
        minijinja::context! {
            frame,
            q,
            items,
            older_url,
            newest_url,
            searched => text.is_some(),
            form,
            agencies,
            other => OTHER,
            failure => refusal.map(|r| r.failure),
            upload_hint => tr(lang, "lib_upload_hint").replace("{mb}", &max_mb.to_string()),
        },
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `text` with a capital and a full stop, as a message on a page.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// A query value for a link.
pub(super) fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}
