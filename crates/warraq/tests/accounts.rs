//! `warraq user` and `warraq token` end to end with the real binary on a SQLite data
//! folder, and the demo accounts of `serve --demo` logging in to the newsroom.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use support::{path_str, run, stderr_of, temp_dir, warraq};

fn run_with_stdin(args: &[&str], input: &str) -> std::process::Output {
    let mut child = warraq()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("warraq starts");
    // A command refused before it reads its input (a bad role, say) closes the pipe
    // first: that is the behaviour under test, not a failure to feed it.
    let written = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes());
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "write stdin: {error}"
        );
    }
    child.wait_with_output().expect("warraq ends")
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn users_are_added_listed_and_tokens_created_and_revoked() {
    let data = temp_dir("accounts");
    let dir = path_str(&data);

    // A password from standard input.
    let added = run_with_stdin(
        &[
            "user",
            "add",
            "--role",
            "editor",
            "--name",
            "سالم",
            "--data",
            dir,
            "Salem@News.Example",
        ],
        "a-long-password-1\n",
    );
    assert!(added.status.success(), "{}", stderr_of(&added));
    assert!(stdout_of(&added).contains("added salem@news.example (editor)"));
    assert!(!stdout_of(&added).contains("one-time password"));

    // No password given (standard input empty): one is generated and shown once.
    let generated = run_with_stdin(
        &[
            "user",
            "add",
            "--role",
            "writer",
            "--data",
            dir,
            "huda@news.example",
        ],
        "",
    );
    assert!(generated.status.success(), "{}", stderr_of(&generated));
    let out = stdout_of(&generated);
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("one-time password: "))
        .expect("a one-time password is printed");
    assert_eq!(password.len(), 16);

    // The same e-mail twice, a bad role, a bad e-mail: refused in one line.
    for args in [
        vec![
            "user",
            "add",
            "--role",
            "writer",
            "--data",
            dir,
            "huda@news.example",
        ],
        vec![
            "user",
            "add",
            "--role",
            "admin",
            "--data",
            dir,
            "x@news.example",
        ],
        vec![
            "user",
            "add",
            "--role",
            "writer",
            "--data",
            dir,
            "not-an-email",
        ],
    ] {
        let output = run_with_stdin(&args, "a-long-password-2\n");
        assert!(!output.status.success(), "{args:?}");
        assert!(!stderr_of(&output).trim().is_empty());
    }
    let short = run_with_stdin(
        &[
            "user",
            "add",
            "--role",
            "writer",
            "--data",
            dir,
            "short@news.example",
        ],
        "short\n",
    );
    assert!(!short.status.success());
    assert!(
        stderr_of(&short).contains("at least 10 characters"),
        "{}",
        stderr_of(&short)
    );

    let list = run(&["user", "list", "--data", dir]);
    let listed = stdout_of(&list);
    assert!(
        listed.contains("salem@news.example\teditor\tسالم"),
        "{listed}"
    );
    assert!(listed.contains("huda@news.example\twriter"), "{listed}");

    let created = run(&[
        "token",
        "create",
        "--label",
        "وكالة",
        "--data",
        dir,
        "salem@news.example",
    ]);
    assert!(created.status.success(), "{}", stderr_of(&created));
    let token = stdout_of(&created).trim().to_string();
    assert!(token.starts_with("wq_"), "{token}");
    let tokens = stdout_of(&run(&["token", "list", "--data", dir]));
    assert!(tokens.contains("salem@news.example\tوكالة"), "{tokens}");
    assert!(!tokens.contains(&token), "the token itself is never listed");
    let id = tokens.split('\t').next().unwrap().trim().to_string();
    let revoked = run(&["token", "revoke", "--data", dir, &id]);
    assert!(revoked.status.success(), "{}", stderr_of(&revoked));
    assert!(stdout_of(&run(&["token", "list", "--data", dir])).contains("(revoked)"));

    let unknown = run(&["token", "create", "--data", dir, "nobody@news.example"]);
    assert!(!unknown.status.success());
    assert!(stderr_of(&unknown).contains("nobody@news.example"));
}

#[tokio::test]
async fn serve_demo_prints_the_demo_accounts_and_they_log_in() {
    let data = temp_dir("demo-accounts");
    let mut child = Command::new(env!("CARGO_BIN_EXE_warraq"))
        .args([
            "serve",
            "--demo",
            "--addr",
            "127.0.0.1:0",
            "--data",
            path_str(&data),
        ])
        .env_remove("WARRAQ_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("warraq starts");
    let stdout = child.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        std::io::BufReader::new(stdout)
            .lines()
            .take(5)
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .unwrap()
    .expect("the first lines");
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        lines[0].starts_with("warraq listening on http://"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("newsroom: http://") && lines[1].ends_with("/newsroom/login"),
        "{lines:?}"
    );
    for role in ["writer", "editor", "chief"] {
        assert!(
            lines
                .iter()
                .any(|l| l.trim_start().starts_with(role) && l.contains("@warraq.test / ")),
            "{role}: {lines:?}"
        );
    }
    // The printed passwords are the ones that log in (checked against the store).
    let store = warraq_store_sql::SqlStore::open_sqlite(&data.join("warraq.db"))
        .await
        .unwrap();
    let store: warraq_store::DynStore = std::sync::Arc::new(store);
    let newsroom = warraq_newsroom::Newsroom::new(store);
    for line in &lines[2..] {
        let (email, password) = line
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
            .split_once(" / ")
            .map(|(e, p)| (e.to_string(), p.to_string()))
            .unwrap();
        newsroom
            .login(&email, &password, None, None)
            .await
            .unwrap_or_else(|e| panic!("{email}: {e}"));
    }
}
