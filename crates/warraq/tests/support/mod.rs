//! Runs the real `warraq` binary for end-to-end tests: start it on port 0, learn the
//! address from its first line of output, and poll `/healthz` (never a fixed sleep).

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub fn warraq() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warraq"));
    // Keep the developer's environment from changing what the tests see.
    for var in [
        "WARRAQ_ADDR",
        "WARRAQ_DATA",
        "WARRAQ_DATABASE_URL",
        "WARRAQ_DEMO",
        "WARRAQ_BASE_URL",
        "WARRAQ_CHANGE_LOG_RETENTION_HOURS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

pub struct RunningServer {
    child: Child,
    pub base_url: String,
}

impl RunningServer {
    /// Sends SIGTERM (what systemd and container runtimes send) and waits for the exit, at
    /// most `within`; `None` when the process was still running then.
    pub fn terminate(mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent to {pid}");
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `warraq serve --addr 127.0.0.1:0 <args>` and waits until `/healthz` answers.
pub async fn start_server(args: &[&str]) -> RunningServer {
    let mut child = warraq()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the warraq binary starts");
    let stdout = child.stdout.take().expect("stdout is piped");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    })
    .await
    .expect("reader thread")
    .expect("warraq prints its address");
    let base_url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in first line: {line:?}"))
        .to_string();
    let server = RunningServer { child, base_url };
    wait_healthy(&server.base_url).await;
    server
}

async fn wait_healthy(base_url: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let client = reqwest::Client::new();
    loop {
        if let Ok(resp) = client.get(format!("{base_url}/healthz")).send().await
            && resp.status().is_success()
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{base_url}/healthz never answered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs warraq to completion and returns its output.
pub fn run(args: &[&str]) -> Output {
    warraq()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the warraq binary runs")
}

pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh folder under the system's temporary folder, removed with everything in it when
/// the test drops it (also when the test fails).
pub fn temp_dir(name: &str) -> TempFolder {
    let dir = std::env::temp_dir().join(format!(
        "warraq-cli-{name}-{}-{}",
        std::process::id(),
        nanos()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    TempFolder(dir)
}

pub struct TempFolder(std::path::PathBuf);

impl std::ops::Deref for TempFolder {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempFolder {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

const PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub fn pg_base_url() -> String {
    std::env::var("WARRAQ_TEST_DATABASE_URL").unwrap_or_else(|_| PG_URL.to_string())
}

/// A database of the test's own, dropped when the test ends, passed or failed.
pub struct ScratchDatabase {
    name: String,
}

impl ScratchDatabase {
    /// A fresh database named after `tag` (lower-case letters) and this process.
    pub async fn create(tag: &str) -> (Self, String) {
        assert!(tag.chars().all(|c| c.is_ascii_lowercase()), "tag {tag}");
        // DDL takes no bind parameters; the name is made here of the tag and digits only.
        let name = format!("warraq_cli_{tag}_{}", std::process::id());
        let admin = sqlx::PgPool::connect(&pg_base_url())
            .await
            .expect("PostgreSQL at 127.0.0.1:5432");
        for sql in [
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&admin)
                .await
                .expect("create the scratch database");
        }
        admin.close().await;
        let url = match pg_base_url().rsplit_once('/') {
            Some((server, _db)) => format!("{server}/{name}"),
            None => panic!("database URL without a database name"),
        };
        (Self { name }, url)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        // Drop cannot await: a thread with a runtime and a connection of its own.
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let admin = sqlx::PgPool::connect(&pg_base_url()).await.ok()?;
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .execute(&admin)
                    .await
                    .ok()?;
                admin.close().await;
                Some(())
            })
        })
        .join();
    }
}
