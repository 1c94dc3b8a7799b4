//! `warraq user …` and `warraq token …`: newsroom accounts and API tokens from the command
//! line (acting as `system`, recorded in the audit log), and the demo accounts that
//! `serve --demo` creates.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use warraq_domain::accounts::normalize_email;
use warraq_domain::{Role, UserUpdate};
use warraq_newsroom::Newsroom;
use warraq_store::DynStore;

use crate::store_options::StoreOptions;

#[derive(Debug, Args)]
pub struct UserCommand {
    #[command(subcommand)]
    pub action: UserAction,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Create an account. Prints a one-time password, or takes one from standard input
    /// (`--password-stdin`, or whenever standard input is not a terminal).
    Add {
        /// writer, editor or chief.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The name shown in the newsroom and in bylines (defaults to the e-mail's name).
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        password_stdin: bool,
        email: String,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// List the accounts.
    List {
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Set an account's password, read from standard input.
    Password {
        email: String,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Stop an account from logging in (its sessions and tokens stop working).
    Disable {
        email: String,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Let a disabled account log in again.
    Enable {
        email: String,
        #[command(flatten)]
        store: StoreOptions,
    },
}

impl UserAction {
    fn store(&self) -> &StoreOptions {
        match self {
            UserAction::Add { store, .. }
            | UserAction::List { store }
            | UserAction::Password { store, .. }
            | UserAction::Disable { store, .. }
            | UserAction::Enable { store, .. } => store,
        }
    }
}

#[derive(Debug, Args)]
pub struct TokenCommand {
    #[command(subcommand)]
    pub action: TokenAction,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create an API token acting as the account; the token is printed once.
    Create {
        email: String,
        /// What the token is for (e.g. the system that uses it).
        #[arg(long, default_value = "api")]
        label: String,
        #[command(flatten)]
        store: StoreOptions,
    },
    /// List the tokens (never the tokens themselves: only their ids and labels).
    List {
        #[command(flatten)]
        store: StoreOptions,
    },
    /// Revoke a token by its id.
    Revoke {
        id: i64,
        #[command(flatten)]
        store: StoreOptions,
    },
}

impl TokenAction {
    fn store(&self) -> &StoreOptions {
        match self {
            TokenAction::Create { store, .. }
            | TokenAction::List { store }
            | TokenAction::Revoke { store, .. } => store,
        }
    }
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).map_err(|e| e.to_string())
}

pub async fn user(command: UserCommand) -> anyhow::Result<()> {
    let store = command.action.store().open().await?;
    let newsroom = Newsroom::new(store.clone());
    let disable = matches!(command.action, UserAction::Disable { .. });
    match command.action {
        UserAction::Add {
            role,
            name,
            password_stdin,
            email,
            ..
        } => {
            let password = read_password(password_stdin)?;
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or(&email).into());
            let (user, generated) = newsroom
                .add_user(None, &email, &name, role, password.as_deref())
                .await
                .with_context(|| format!("cannot add the account {email}"))?;
            println!(
                "added {} ({}), id {}",
                user.email,
                user.role.as_str(),
                user.id
            );
            if let Some(password) = generated {
                println!("one-time password: {password}");
                println!(
                    "(shown once; log in at /newsroom/login and change it under /newsroom/account)"
                );
            }
        }
        UserAction::List { .. } => {
            for user in store.list_users().await? {
                println!(
                    "{}\t{}\t{}\t{}{}",
                    user.id,
                    user.email,
                    user.role.as_str(),
                    user.display_name,
                    if user.disabled { "\t(disabled)" } else { "" }
                );
            }
        }
        UserAction::Password { email, .. } => {
            let user = find_user(&store, &email).await?;
            let password = match read_password(true)? {
                Some(password) => password,
                None => bail!("give the new password on standard input"),
            };
            newsroom.set_password(None, user.id, &password).await?;
            println!("password changed for {}", user.email);
        }
        UserAction::Disable { email, .. } | UserAction::Enable { email, .. } => {
            let user = find_user(&store, &email).await?;
            let mut tx = store.begin(warraq_domain::Actor::System).await?;
            tx.update_user(
                user.id,
                &UserUpdate {
                    disabled: Some(disable),
                    ..UserUpdate::default()
                },
            )
            .await?;
            if disable {
                tx.revoke_sessions(user.id).await?;
            }
            tx.commit().await?;
            println!(
                "{} {}",
                user.email,
                if disable { "disabled" } else { "enabled" }
            );
        }
    }
    Ok(())
}

pub async fn token(command: TokenCommand) -> anyhow::Result<()> {
    let store = command.action.store().open().await?;
    let newsroom = Newsroom::new(store.clone());
    match command.action {
        TokenAction::Create { email, label, .. } => {
            let (token, secret) = newsroom
                .create_token(None, &email, &label)
                .await
                .with_context(|| format!("cannot create a token for {email}"))?;
            eprintln!(
                "token {} for {email} ({}); shown once:",
                token.id, token.label
            );
            println!("{secret}");
        }
        TokenAction::List { .. } => {
            let users = store.list_users().await?;
            for token in store.list_tokens(None).await? {
                let email = users
                    .iter()
                    .find(|u| u.id == token.user_id)
                    .map_or("?", |u| u.email.as_str());
                println!(
                    "{}\t{}\t{}\tcreated {}{}",
                    token.id,
                    email,
                    token.label,
                    token.created_at.format("%Y-%m-%d %H:%M"),
                    if token.revoked { "\t(revoked)" } else { "" }
                );
            }
        }
        TokenAction::Revoke { id, .. } => {
            newsroom.revoke_token(None, id).await?;
            println!("token {id} revoked");
        }
    }
    Ok(())
}

async fn find_user(store: &DynStore, email: &str) -> anyhow::Result<warraq_domain::User> {
    let email = normalize_email(email)?;
    match store.user_by_email(&email).await? {
        Some((user, _)) => Ok(user),
        None => bail!("no account has the e-mail {email}"),
    }
}

/// The first line of standard input when asked for or piped; `None` on a terminal.
fn read_password(asked: bool) -> anyhow::Result<Option<String>> {
    let stdin = std::io::stdin();
    if !asked && stdin.is_terminal() {
        return Ok(None);
    }
    if stdin.is_terminal() {
        eprint!("password: ");
        std::io::stderr().flush().ok();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    Ok((!password.is_empty()).then_some(password))
}

/// The accounts `serve --demo` creates, so that a newcomer can try the newsroom at once.
/// Their passwords are fixed and printed: this is demo content, like the articles.
pub const DEMO_ACCOUNTS: [(&str, &str, Role, &str); 3] = [
    (
        "writer@warraq.test",
        "هدى الكاتبة",
        Role::Writer,
        "demo-writer-1",
    ),
    (
        "editor@warraq.test",
        "سالم المحرر",
        Role::Editor,
        "demo-editor-1",
    ),
    (
        "chief@warraq.test",
        "ليلى رئيسة التحرير",
        Role::Chief,
        "demo-chief-1",
    ),
];

/// Adds the demo accounts when the store has no account yet, and says how to log in.
pub async fn ensure_demo_accounts(store: &DynStore, login_url: &str) -> anyhow::Result<()> {
    if store
        .count_users()
        .await
        .context("cannot count the accounts")?
        == 0
    {
        let newsroom = Newsroom::new(store.clone());
        for (email, name, role, password) in DEMO_ACCOUNTS {
            match newsroom
                .add_user(None, email, name, role, Some(password))
                .await
            {
                Ok(_) => {}
                // Another node started at the same moment added it first.
                Err(warraq_newsroom::NewsroomError::Invalid {
                    field: "unique", ..
                }) => {}
                Err(e) => return Err(e).context("cannot add the demo accounts"),
            }
        }
    }
    if store.user_by_email(DEMO_ACCOUNTS[0].0).await?.is_some() {
        // Written, not `println!`: whoever started us may have stopped reading after the
        // address line (tests do), and a closed pipe must not stop the server.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "newsroom: {login_url}");
        for (email, _, role, password) in DEMO_ACCOUNTS {
            let _ = writeln!(out, "  {:<7} {email} / {password}", role.as_str());
        }
    }
    Ok(())
}
