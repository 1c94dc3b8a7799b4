//! [`Newsroom`]: every newsroom action, each checking permissions and workflow rules, then
//! writing in one transaction acting as the user, so the change, its revision, its
//! change-log entry and its audit entry land together or not at all.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use warraq_domain::accounts::normalize_email;
use warraq_domain::arabic::{normalize_text, slugify};
use warraq_domain::marks::normalize_marked_text;
use warraq_domain::{
    Actor, ApiToken, Article, ArticleDraft, ArticleId, AuditEntry, Block, Correction, NewUser,
    Role, Session, Status, User, UserId, UserUpdate,
};
use warraq_store::{AuditQuery, DynStore, StoreError};

use crate::compare::{FieldChange, compare};
use crate::credentials::{
    generated_password, hash_password, new_api_token, random_token, token_hash, verify_password,
    waste_one_verification,
};
use crate::error::{NewsroomError, NewsroomResult};
use crate::permissions::{Action, ArticleAccess, may};
use crate::throttle::{LoginThrottle, ThrottleRules};
use crate::workflow::{self, Transition};

/// Where the time comes from (tests move it).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Debug, Clone, Copy)]
pub struct NewsroomSettings {
    /// A session ends after this long without use.
    pub session_idle: Duration,
    /// Activity moves the expiry at most this often (one write per minute, not per click).
    pub session_touch_every: Duration,
    pub throttle: ThrottleRules,
}

impl Default for NewsroomSettings {
    fn default() -> Self {
        Self {
            session_idle: Duration::hours(12),
            session_touch_every: Duration::minutes(1),
            throttle: ThrottleRules::default(),
        }
    }
}

/// A successful login: the account, its new session, and the token for the cookie (shown
/// nowhere else; the store keeps only its hash).
#[derive(Debug, Clone)]
pub struct LoggedIn {
    pub user: User,
    pub session: Session,
    pub session_token: String,
}

/// Cheap to clone.
#[derive(Clone)]
pub struct Newsroom {
    store: DynStore,
    clock: Clock,
    settings: NewsroomSettings,
    throttle: Arc<LoginThrottle>,
}

impl Newsroom {
    pub fn new(store: DynStore) -> Self {
        Self::with_settings(store, NewsroomSettings::default())
    }

    pub fn with_settings(store: DynStore, settings: NewsroomSettings) -> Self {
        Self {
            store,
            clock: Arc::new(Utc::now),
            throttle: Arc::new(LoginThrottle::new(settings.throttle)),
            settings,
        }
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn store(&self) -> &DynStore {
        &self.store
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    // ---- accounts -------------------------------------------------------------------

    /// Creates an account. `by` is the chief doing it, or `None` for the command line
    /// (acting as `system`). Without a password, one is generated; it is returned to be
    /// shown once. The account signs as a person of its display name.
    pub async fn add_user(
        &self,
        by: Option<&User>,
        email: &str,
        display_name: &str,
        role: Role,
        password: Option<&str>,
    ) -> NewsroomResult<(User, Option<String>)> {
        if let Some(by) = by {
            require(by, Action::ManageAccounts, None)?;
        }
        let email = normalize_email(email)?;
        let display_name = normalize_text(display_name);
        if display_name.is_empty() {
            return Err(NewsroomError::invalid("display_name", "must not be empty"));
        }
        let generated = password.is_none().then(generated_password);
        let password_hash = hash_password(password.or(generated.as_deref()).unwrap_or_default())?;
        let mut tx = self.store.begin(actor_of(by)).await?;
        let person = tx.find_or_create_person(&display_name, None).await?;
        let user = tx
            .create_user(&NewUser {
                email,
                display_name,
                role,
                person_id: Some(person.id),
                password_hash,
            })
            .await?;
        tx.commit().await?;
        Ok((user, generated))
    }

    /// Changes an account's name, role or whether it is disabled (chiefs only). Disabling
    /// logs it out everywhere. A chief cannot demote or disable themselves, so a newsroom
    /// is never left without one by accident.
    pub async fn update_user(
        &self,
        by: &User,
        id: UserId,
        update: &UserUpdate,
    ) -> NewsroomResult<User> {
        require(by, Action::ManageAccounts, None)?;
        if by.id == id
            && (update.disabled == Some(true) || update.role.is_some_and(|r| r != Role::Chief))
        {
            return Err(NewsroomError::invalid(
                "role",
                "a chief cannot demote or disable their own account",
            ));
        }
        let mut tx = self.store.begin(Actor::User(by.id)).await?;
        let user = tx.update_user(id, update).await?;
        if update.disabled == Some(true) {
            tx.revoke_sessions(id).await?;
        }
        tx.commit().await?;
        Ok(user)
    }

    /// Sets a password: one's own, or anyone's for a chief (`by` = `None`: the command line).
    pub async fn set_password(
        &self,
        by: Option<&User>,
        id: UserId,
        password: &str,
    ) -> NewsroomResult<()> {
        if let Some(by) = by
            && by.id != id
        {
            require(by, Action::ManageAccounts, None)?;
        }
        let hash = hash_password(password)?;
        let mut tx = self.store.begin(actor_of(by)).await?;
        tx.set_password_hash(id, &hash).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an API token acting as the account of `email`; returns it once.
    pub async fn create_token(
        &self,
        by: Option<&User>,
        email: &str,
        label: &str,
    ) -> NewsroomResult<(ApiToken, String)> {
        if let Some(by) = by {
            require(by, Action::ManageAccounts, None)?;
        }
        let email = normalize_email(email)?;
        let (user, _) =
            self.store.user_by_email(&email).await?.ok_or_else(|| {
                NewsroomError::NotFound(format!("no account has the e-mail {email}"))
            })?;
        let secret = new_api_token();
        let mut tx = self.store.begin(actor_of(by)).await?;
        let token = tx
            .create_token(
                user.id,
                normalize_text(label).as_str(),
                &token_hash(&secret),
            )
            .await?;
        tx.commit().await?;
        Ok((token, secret))
    }

    pub async fn revoke_token(&self, by: Option<&User>, id: i64) -> NewsroomResult<()> {
        if let Some(by) = by {
            require(by, Action::ManageAccounts, None)?;
        }
        let mut tx = self.store.begin(actor_of(by)).await?;
        tx.revoke_token(id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks an e-mail and password and opens a session. Refused while the account or
    /// the address is throttled, even with the right password.
    pub async fn login(
        &self,
        email: &str,
        password: &str,
        address: Option<&str>,
        user_agent: Option<&str>,
    ) -> NewsroomResult<LoggedIn> {
        let now = self.now();
        let email = normalize_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
        if let Some(retry_after_secs) = self.throttle.check(&email, address, now) {
            return Err(NewsroomError::Throttled { retry_after_secs });
        }
        let found = self.store.user_by_email(&email).await?;
        let user = match found {
            Some((user, hash)) if verify_password(password, &hash) && !user.disabled => user,
            found => {
                if found.is_none() {
                    waste_one_verification(password);
                }
                self.throttle.record_failure(&email, address, now);
                return Err(NewsroomError::Unauthenticated("wrong e-mail or password"));
            }
        };
        self.throttle.record_success(&email);
        let session_token = random_token();
        let session = Session {
            id_hash: token_hash(&session_token),
            user_id: user.id,
            csrf_token: random_token(),
            created_at: now,
            expires_at: now + self.settings.session_idle,
            last_seen_at: now,
            user_agent: user_agent.map(|ua| ua.chars().take(300).collect()),
            address: address.map(str::to_string),
        };
        self.store.create_session(&session).await?;
        Ok(LoggedIn {
            user,
            session,
            session_token,
        })
    }

    /// The account and session behind a session cookie, extending the session.
    pub async fn session_user(
        &self,
        session_token: &str,
    ) -> NewsroomResult<Option<(User, Session)>> {
        let now = self.now();
        let hash = token_hash(session_token);
        let Some(mut session) = self.store.session(&hash, now).await? else {
            return Ok(None);
        };
        let user = self.store.user(session.user_id).await?;
        if user.disabled {
            return Ok(None);
        }
        if now - session.last_seen_at >= self.settings.session_touch_every {
            session.last_seen_at = now;
            session.expires_at = now + self.settings.session_idle;
            self.store
                .touch_session(&hash, now, session.expires_at)
                .await?;
        }
        Ok(Some((user, session)))
    }

    pub async fn logout(&self, session_token: &str) -> NewsroomResult<()> {
        Ok(self
            .store
            .delete_session(&token_hash(session_token))
            .await?)
    }

    /// Ends every session of the account, on every browser.
    pub async fn logout_everywhere(&self, user: &User) -> NewsroomResult<u64> {
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let ended = tx.revoke_sessions(user.id).await?;
        tx.commit().await?;
        Ok(ended)
    }

    /// The account an API token acts as.
    pub async fn token_user(&self, token: &str) -> NewsroomResult<Option<User>> {
        Ok(self
            .store
            .user_by_token(&token_hash(token), self.now())
            .await?)
    }

    // ---- articles -------------------------------------------------------------------

    /// Creates a draft written by `user`: whatever the input says, it starts as a draft
    /// (publishing is a transition), signed by the user when no author is given.
    pub async fn create_article(
        &self,
        user: &User,
        mut draft: ArticleDraft,
    ) -> NewsroomResult<Article> {
        require(user, Action::CreateArticle, None)?;
        tidy(&mut draft);
        draft.status = Status::Draft;
        draft.published_at = None;
        draft.embargo_until = None;
        draft.corrections.clear();
        if draft.author_ids.is_empty() {
            draft.author_ids.extend(user.person_id);
        }
        draft.validate()?;
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let article = tx.create_article(&draft).await?;
        tx.commit().await?;
        Ok(article)
    }

    /// Saves new content over `expected_version`. The workflow fields (status, times,
    /// corrections) are kept as stored: they change only through [`Self::transition`] and
    /// [`Self::correct_article`]. A stale version is refused and nothing is written.
    pub async fn save_article(
        &self,
        user: &User,
        id: ArticleId,
        mut draft: ArticleDraft,
        expected_version: i64,
    ) -> NewsroomResult<Article> {
        let creator = self.creator(id).await?;
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let current = tx.article(id).await?;
        require(
            user,
            Action::EditArticle,
            Some(access(user, creator, &current)),
        )?;
        check_version(&current, expected_version)?;
        tidy(&mut draft);
        keep_workflow_fields(&mut draft, &current.content);
        draft.validate()?;
        let saved = tx
            .update_article(id, &draft, Some(expected_version))
            .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Moves an article through the workflow (see [`workflow`]).
    pub async fn transition(
        &self,
        user: &User,
        id: ArticleId,
        transition: Transition,
        expected_version: Option<i64>,
    ) -> NewsroomResult<Article> {
        let now = self.now();
        let creator = self.creator(id).await?;
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let current = tx.article(id).await?;
        require(
            user,
            Action::MoveTo(transition.to),
            Some(access(user, creator, &current)),
        )?;
        if let Some(expected) = expected_version {
            check_version(&current, expected)?;
        }
        let mut draft = current.content.clone();
        workflow::apply(&mut draft, transition, now)?;
        draft.validate()?;
        let saved = tx.update_article(id, &draft, Some(current.version)).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Saves new content of a published article with a correction note shown to readers,
    /// dated now. The article stays published.
    pub async fn correct_article(
        &self,
        user: &User,
        id: ArticleId,
        mut draft: ArticleDraft,
        note: &str,
        expected_version: i64,
    ) -> NewsroomResult<Article> {
        let note = normalize_text(note);
        if note.is_empty() {
            return Err(NewsroomError::invalid(
                "correction",
                "say what was corrected",
            ));
        }
        let creator = self.creator(id).await?;
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let current = tx.article(id).await?;
        require(
            user,
            Action::CorrectArticle,
            Some(access(user, creator, &current)),
        )?;
        if current.status != Status::Published {
            return Err(NewsroomError::invalid(
                "status",
                format!(
                    "only a published article is corrected; this one is {}",
                    current.status.as_str()
                ),
            ));
        }
        check_version(&current, expected_version)?;
        tidy(&mut draft);
        keep_workflow_fields(&mut draft, &current.content);
        draft.corrections.push(Correction {
            at: self.now(),
            note: note.clone(),
        });
        draft.validate()?;
        let saved = tx
            .update_article(id, &draft, Some(expected_version))
            .await?;
        tx.audit(
            "article.corrected",
            &format!("article:{id}"),
            &serde_json::json!({ "version": saved.version, "note": note }),
        )
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Makes the content saved at `version` current again, as a new revision. The
    /// article's state, times and corrections stay as they are: restoring words never
    /// publishes or withdraws anything.
    pub async fn restore_revision(
        &self,
        user: &User,
        id: ArticleId,
        version: i64,
        expected_version: i64,
    ) -> NewsroomResult<Article> {
        let creator = self.creator(id).await?;
        let revision = self.store.revision(id, version).await?;
        let mut tx = self.store.begin(Actor::User(user.id)).await?;
        let current = tx.article(id).await?;
        require(
            user,
            Action::EditArticle,
            Some(access(user, creator, &current)),
        )?;
        check_version(&current, expected_version)?;
        let mut draft = revision.content;
        keep_workflow_fields(&mut draft, &current.content);
        let saved = tx
            .update_article(id, &draft, Some(expected_version))
            .await?;
        tx.audit(
            "article.restored",
            &format!("article:{id}"),
            &serde_json::json!({ "restored_version": version, "version": saved.version }),
        )
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// What changed from revision `from` to revision `to` (the current content when
    /// `None`).
    pub async fn compare_revisions(
        &self,
        id: ArticleId,
        from: i64,
        to: Option<i64>,
    ) -> NewsroomResult<Vec<FieldChange>> {
        let before = self.store.revision(id, from).await?.content;
        let after = match to {
            Some(version) => self.store.revision(id, version).await?.content,
            None => self.store.article(id).await?.content,
        };
        Ok(compare(&before, &after))
    }

    /// What `user` may do with `article`: edit it, and which states it may move to.
    pub async fn abilities(&self, user: &User, article: &Article) -> NewsroomResult<Abilities> {
        let access = access(user, self.creator(article.id).await?, article);
        let transitions = warraq_domain::Status::ALL
            .into_iter()
            .filter(|to| workflow::allowed(article.status, *to))
            .filter(|to| may(user, Action::MoveTo(*to), Some(access)))
            .collect();
        Ok(Abilities {
            edit: may(user, Action::EditArticle, Some(access)),
            correct: article.status == Status::Published
                && may(user, Action::CorrectArticle, Some(access)),
            transitions,
        })
    }

    /// The audit log, for chiefs.
    pub async fn audit_log(
        &self,
        user: &User,
        query: &AuditQuery,
    ) -> NewsroomResult<Vec<AuditEntry>> {
        require(user, Action::ReadAuditLog, None)?;
        Ok(self.store.audit_log(query).await?)
    }

    /// Who created the article: its first revision's actor, which never changes. Read
    /// before a write transaction begins: a read through the pool while holding the write
    /// lock could wait for a connection that writers queued on that lock hold.
    async fn creator(&self, id: ArticleId) -> NewsroomResult<Option<Actor>> {
        match self.store.revision(id, 1).await {
            Ok(first) => Ok(Some(first.actor)),
            // Articles stored before revisions existed have no known creator.
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(other) => Err(other.into()),
        }
    }
}

fn access(user: &User, creator: Option<Actor>, article: &Article) -> ArticleAccess {
    ArticleAccess {
        status: article.status,
        owned_by_user: creator == Some(Actor::User(user.id)),
    }
}

/// What the newsroom pages offer a user on one article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Abilities {
    pub edit: bool,
    pub correct: bool,
    pub transitions: Vec<Status>,
}

fn require(user: &User, action: Action, article: Option<ArticleAccess>) -> NewsroomResult<()> {
    if may(user, action, article) {
        Ok(())
    } else {
        Err(NewsroomError::forbidden(user.role, action.describe()))
    }
}

fn actor_of(by: Option<&User>) -> Actor {
    by.map_or(Actor::System, |u| Actor::User(u.id))
}

fn check_version(current: &Article, expected: i64) -> NewsroomResult<()> {
    if current.version == expected {
        Ok(())
    } else {
        Err(NewsroomError::Stale {
            what: format!("article {}", current.id),
            expected,
            found: current.version,
        })
    }
}

/// The workflow's fields come from the stored article, never from edited content.
fn keep_workflow_fields(draft: &mut ArticleDraft, current: &ArticleDraft) {
    draft.status = current.status;
    draft.published_at = current.published_at;
    draft.embargo_until = current.embargo_until;
    draft.corrections = current.corrections.clone();
}

/// Normalises what people type (NFC, invisible controls, spaces) in the short fields, and
/// gives an article without a slug one from its headline.
fn tidy(draft: &mut ArticleDraft) {
    draft.headline = normalize_text(&draft.headline);
    draft.subheadline = draft
        .subheadline
        .as_deref()
        .map(normalize_text)
        .filter(|s| !s.is_empty());
    draft.lede = normalize_text(&draft.lede);
    draft.byline = draft
        .byline
        .as_deref()
        .map(normalize_text)
        .filter(|s| !s.is_empty());
    draft.tags = draft
        .tags
        .iter()
        .map(|t| normalize_text(t))
        .filter(|t| !t.is_empty())
        .collect();
    draft.slug = normalize_text(&draft.slug).replace('/', "-");
    if draft.slug.is_empty() {
        draft.slug = slugify(&draft.headline);
    }
    let body = std::mem::take(&mut draft.body);
    draft.body = body.into_iter().filter_map(tidy_block).collect();
}

/// A body block as stored: its text normalised with its marks moved along (normalising
/// changes character counts), `None` when nothing is left of it.
fn tidy_block(block: Block) -> Option<Block> {
    let tidy = |text: &str, marks: &[warraq_domain::Mark]| normalize_marked_text(text, marks);
    let block = match block {
        Block::Paragraph { text, marks } => {
            let (text, marks) = tidy(&text, &marks);
            Block::Paragraph { text, marks }
        }
        Block::Subheading { text } => Block::Subheading {
            text: normalize_text(&text),
        },
        Block::Quote {
            text,
            attribution,
            marks,
        } => {
            let (text, marks) = tidy(&text, &marks);
            Block::Quote {
                text,
                attribution: attribution
                    .as_deref()
                    .map(normalize_text)
                    .filter(|a| !a.is_empty()),
                marks,
            }
        }
        Block::List {
            ordered,
            items,
            item_marks,
        } => {
            let mut kept = Vec::new();
            let mut kept_marks = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let marks = item_marks.get(i).map_or(&[][..], Vec::as_slice);
                let (text, marks) = tidy(item, marks);
                if !text.is_empty() {
                    kept.push(text);
                    kept_marks.push(marks);
                }
            }
            while kept_marks.last().is_some_and(Vec::is_empty) {
                kept_marks.pop();
            }
            Block::List {
                ordered,
                items: kept,
                item_marks: kept_marks,
            }
        }
        Block::Image {
            media_id,
            caption,
            credit,
        } => {
            return Some(Block::Image {
                media_id,
                caption: caption
                    .as_deref()
                    .map(normalize_text)
                    .filter(|c| !c.is_empty()),
                credit,
            });
        }
    };
    (!block.plain_text().is_empty()).then_some(block)
}
