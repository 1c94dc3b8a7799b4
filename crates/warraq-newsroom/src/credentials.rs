//! Passwords, session tokens and API tokens.
//!
//! Passwords are hashed with argon2id (the crate's defaults: the OWASP-recommended memory
//! and time costs). Tokens are 32 random bytes; only their SHA-256 is stored, so the
//! database never holds anything that logs one in.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{NewsroomError, NewsroomResult};

/// Fewer characters than this is refused; long passphrases are welcome.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// argon2 hashes whatever it is given; a cap keeps a megabyte "password" from costing CPU.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// API tokens start with this, so that a leaked one is recognisable (secret scanners).
pub const API_TOKEN_PREFIX: &str = "wq_";

/// The argon2id PHC string of `password`, after checking its length.
pub fn hash_password(password: &str) -> NewsroomResult<String> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(NewsroomError::invalid(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(NewsroomError::invalid(
            "password",
            format!("use at most {MAX_PASSWORD_BYTES} bytes"),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| NewsroomError::invalid("password", e.to_string()))
}

/// Whether `password` matches the stored `hash`. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if password.len() > MAX_PASSWORD_BYTES {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the time of one verification, for logins of unknown accounts: otherwise the
/// answer's speed would tell which e-mail addresses have an account.
pub fn waste_one_verification(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"not a password of anyone", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    });
    let _ = verify_password(password, hash);
}

/// 32 random bytes, URL-safe base64: a session id, a CSRF token, a password to show once.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator failing is not something to limp on from.
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new API token (`wq_...`).
pub fn new_api_token() -> String {
    format!("{API_TOKEN_PREFIX}{}", random_token())
}

/// A password for a new account, to be shown once: 16 letters and digits, no look-alikes.
pub fn generated_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// What the store keeps of a token: its SHA-256, in hex.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ (CSRF tokens).
pub fn secrets_match(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_only() {
        let hash = hash_password("كلمة سر طويلة جدا").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("كلمة سر طويلة جدا", &hash));
        assert!(!verify_password("كلمة سر طويلة جدًا", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn short_and_huge_passwords_are_refused() {
        assert!(hash_password("short").is_err());
        assert!(hash_password(&"x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_api_token(), new_api_token());
        assert_ne!(a, b);
        assert!(a.starts_with(API_TOKEN_PREFIX));
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
        assert_eq!(generated_password().len(), 16);
        assert!(secrets_match("abc", "abc"));
        assert!(!secrets_match("abc", "abd"));
        assert!(!secrets_match("abc", "abcd"));
    }
}
