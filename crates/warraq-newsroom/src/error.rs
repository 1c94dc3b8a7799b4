use thiserror::Error;
use warraq_domain::{DomainError, Role, Status};
use warraq_store::StoreError;

pub type NewsroomResult<T> = Result<T, NewsroomError>;

/// Why a newsroom action was refused. Each maps onto one HTTP status (see warraq-web).
#[derive(Debug, Error)]
pub enum NewsroomError {
    /// Wrong e-mail or password, an unknown token, an expired session.
    #[error("not logged in: {0}")]
    Unauthenticated(&'static str),
    /// Too many failed logins; retry after the given number of seconds.
    #[error("too many failed logins; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("a {role} may not {action}")]
    Forbidden { role: &'static str, action: String },
    /// Someone else saved since this version was read: nothing was overwritten.
    #[error(
        "{what} was changed by someone else since you opened it (your version {expected}, now {found}); nothing was saved"
    )]
    Stale {
        what: String,
        expected: i64,
        found: i64,
    },
    #[error("an article cannot go from {} to {}", from.as_str(), to.as_str())]
    TransitionNotAllowed { from: Status, to: Status },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(StoreError),
}

impl NewsroomError {
    pub(crate) fn forbidden(role: Role, action: impl Into<String>) -> Self {
        NewsroomError::Forbidden {
            role: role.as_str(),
            action: action.into(),
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        NewsroomError::Invalid {
            field,
            reason: reason.into(),
        }
    }
}

impl From<StoreError> for NewsroomError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict {
                entity,
                key,
                expected,
                found,
            } => NewsroomError::Stale {
                what: format!("{entity} {key}"),
                expected,
                found,
            },
            StoreError::NotFound { .. } => NewsroomError::NotFound(error.to_string()),
            StoreError::Duplicate { .. } => NewsroomError::Invalid {
                field: "unique",
                reason: error.to_string(),
            },
            StoreError::Invalid(domain) => domain.into(),
            other => NewsroomError::Store(other),
        }
    }
}

impl From<DomainError> for NewsroomError {
    fn from(error: DomainError) -> Self {
        let field = match &error {
            DomainError::Empty { field }
            | DomainError::TooLong { field, .. }
            | DomainError::Invalid { field, .. } => *field,
            #[allow(unreachable_patterns)]
            _ => "input",
        };
        NewsroomError::Invalid {
            field,
            reason: error.to_string(),
        }
    }
}
