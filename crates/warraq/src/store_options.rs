//! Choosing and opening the store: a SQLite file in the data folder by default, PostgreSQL
//! when a database URL is given.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use warraq_store::DynStore;
use warraq_store_sql::SqlStore;

/// File name of the SQLite database inside the data folder.
const SQLITE_FILE: &str = "warraq.db";

#[derive(Debug, Clone, Args)]
pub struct StoreOptions {
    /// Folder for the embedded database and other local data (created if missing).
    #[arg(long, env = "WARRAQ_DATA", default_value = "data")]
    pub data: PathBuf,
    /// PostgreSQL URL (postgres://user@host:port/db); when set, the data folder holds no database.
    #[arg(long, env = "WARRAQ_DATABASE_URL")]
    pub database_url: Option<String>,
}

impl StoreOptions {
    pub async fn open(&self) -> anyhow::Result<DynStore> {
        match &self.database_url {
            Some(url) => {
                let store = SqlStore::connect_postgres(url).await.with_context(|| {
                    format!("cannot open the PostgreSQL database at {}", redact(url))
                })?;
                Ok(Arc::new(store))
            }
            None => {
                std::fs::create_dir_all(&self.data).with_context(|| {
                    format!("cannot create the data folder {}", self.data.display())
                })?;
                let path = self.data.join(SQLITE_FILE);
                let store = SqlStore::open_sqlite(&path)
                    .await
                    .with_context(|| format!("cannot open the database {}", path.display()))?;
                Ok(Arc::new(store))
            }
        }
    }
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
                }
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_reach_error_messages() {
        assert_eq!(
            redact("postgres://editor:s3cret@db:5432/news"),
            "postgres://editor:***@db:5432/news"
        );
        assert_eq!(
            redact("postgres://editor@db/news"),
            "postgres://editor@db/news"
        );
        assert_eq!(redact("not a url"), "not a url");
    }
}
