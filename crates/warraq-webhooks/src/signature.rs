//! Signing deliveries: `Warraq-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">`
//! with the endpoint's secret. The time is inside what is signed, so a receiver that
//! refuses old signatures (say, older than five minutes) cannot be replayed to later.

use hmac::{Hmac, KeyInit, Mac};
use sha2_hmac::Sha256;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Warraq-Signature";
/// What every webhook secret starts with, so that one found in a file is recognised.
pub const SECRET_PREFIX: &str = "whsec_";

/// A new secret: `whsec_` and 32 random bytes in hex.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    format!("{SECRET_PREFIX}{}", hex::encode(bytes))
}

fn mac(secret: &str, unix_time: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(unix_time.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body` sent at `unix_time`.
pub fn sign(secret: &str, unix_time: i64, body: &[u8]) -> String {
    let code = mac(secret, unix_time, body).finalize().into_bytes();
    format!("t={unix_time},v1={}", hex::encode(code))
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("the signature header is not `t=<unix time>,v1=<hex>`")]
    Malformed,
    #[error("the signature was made {age} s from now, beyond the {tolerance} s allowed")]
    Stale { age: i64, tolerance: i64 },
    #[error("no v1 signature matches the body")]
    Mismatch,
}

/// Checks a header as a receiver would: a `v1` signature of the body made with `secret`
/// within `tolerance_secs` of `now_unix`. The comparison takes constant time.
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    now_unix: i64,
    tolerance_secs: i64,
) -> Result<(), SignatureError> {
    let mut time = None;
    let mut codes = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => time = value.parse::<i64>().ok(),
            Some(("v1", value)) => {
                codes.push(hex::decode(value).map_err(|_| SignatureError::Malformed)?)
            }
            _ => {}
        }
    }
    let time = time.ok_or(SignatureError::Malformed)?;
    if codes.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let age = now_unix - time;
    if age.abs() > tolerance_secs {
        return Err(SignatureError::Stale {
            age,
            tolerance: tolerance_secs,
        });
    }
    // Several v1 values may come while a secret is being rotated: one must match.
    let expected = mac(secret, time, body);
    if codes
        .iter()
        .any(|code| expected.clone().verify_slice(code).is_ok())
    {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_the_hmac_sha256_of_time_dot_body() {
        // Computed independently with
        // `printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test`.
        assert_eq!(
            sign("whsec_test", 1_700_000_000, br#"{"a":1}"#),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
    }

    #[test]
    fn receivers_accept_the_right_secret_and_body_only() {
        let body = br#"{"type":"article.published"}"#;
        let header = sign("whsec_right", 1_700_000_000, body);
        assert_eq!(
            verify("whsec_right", &header, body, 1_700_000_100, 300),
            Ok(())
        );
        assert_eq!(
            verify("whsec_wrong", &header, body, 1_700_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify("whsec_right", &header, b"{}", 1_700_000_100, 300),
            Err(SignatureError::Mismatch)
        );
        assert!(matches!(
            verify("whsec_right", &header, body, 1_700_001_000, 300),
            Err(SignatureError::Stale { .. })
        ));
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=zz"] {
            assert_eq!(
                verify("whsec_right", bad, body, 1, 300),
                Err(SignatureError::Malformed),
                "{bad}"
            );
        }
    }

    #[test]
    fn secrets_are_random_and_recognisable() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with(SECRET_PREFIX));
        assert_eq!(a.len(), SECRET_PREFIX.len() + 64);
    }
}
