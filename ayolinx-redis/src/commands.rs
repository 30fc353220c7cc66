//! Every operation as one Redis command and a pure reader of its reply, so that the async and
//! the blocking store send the same bytes and read them the same way.
//!
//! Values: a ledger entry is `h<owner>` while held and `d<status><body>` once done; an issued or
//! cached token is `<expiry unix seconds>:<token>`; a refresh lease is `<owner>`.

use std::time::Duration;

use ayolinx_proto::callback::TokenRecord;
use ayolinx_proto::{Secret, Timestamp};
use ayolinx_store::{
    Ack, Claim, Completion, Extension, Lease, Release, StoreError, StoreErrorKind,
};
use redis::{Cmd, Value};

use crate::error::corrupt;

/// A command and how to read its reply.
pub(crate) struct Request<T> {
    pub(crate) cmd: Cmd,
    pub(crate) read: Box<dyn FnOnce(Value) -> Result<T, StoreError> + Send>,
}

impl<T: 'static> Request<T> {
    pub(crate) fn new(
        cmd: Cmd,
        read: impl FnOnce(Value) -> Result<T, StoreError> + Send + 'static,
    ) -> Self {
        Self {
            cmd,
            read: Box::new(read),
        }
    }
}

/// Claims with `SET NX PX`; on a taken key, returns what holds it, in the same step.
const CLAIM: &str = "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end \
local v = redis.call('GET', KEYS[1]) if v then return v end return 0";
/// Records an answer, only for the holder (or when nobody holds the key any more).
const COMPLETE: &str = "local v = redis.call('GET', KEYS[1]) \
if v == false or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0";
/// Deletes a key only if it still holds the caller's value.
const DELETE_IF: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0";
/// Sets a key's expiry only if it still holds the caller's value (never another holder's claim
/// nor a done entry, whose expiries are theirs).
const PEXPIRE_IF: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end return 0";

pub(crate) fn eval(script: &str, keys: &[&str], args: &[&[u8]]) -> Cmd {
    let mut cmd = redis::cmd("EVAL");
    cmd.arg(script).arg(keys.len());
    for key in keys {
        cmd.arg(*key);
    }
    for arg in args {
        cmd.arg(*arg);
    }
    cmd
}

/// Milliseconds for `PX`: at least 1 (Redis refuses 0) and at most a century (Redis refuses an
/// expiry past its clock's range), so that `Duration::MAX` means "keep".
pub(crate) fn millis(duration: Duration) -> Vec<u8> {
    const CENTURY_MS: u128 = 100 * 365 * 24 * 3600 * 1000;
    duration
        .as_millis()
        .clamp(1, CENTURY_MS)
        .to_string()
        .into_bytes()
}

/// A fresh owner id: 128 random bits in hex.
pub(crate) fn owner_id() -> Result<String, StoreError> {
    let mut bytes = [0_u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| {
        StoreError::new(
            StoreErrorKind::Unavailable,
            "no randomness for an owner id",
            Some(Box::new(std::io::Error::from(error))),
        )
    })?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

fn held(owner: &str) -> Vec<u8> {
    format!("h{owner}").into_bytes()
}

pub(crate) fn flag(value: Value) -> Result<bool, StoreError> {
    match value {
        Value::Int(1) => Ok(true),
        Value::Int(0) => Ok(false),
        _ => Err(corrupt("unexpected script reply")),
    }
}

fn read_ack(entry: &[u8]) -> Result<Ack, StoreError> {
    let status = entry
        .get(..3)
        .and_then(|digits| std::str::from_utf8(digits).ok())
        .and_then(|digits| digits.parse().ok())
        .ok_or_else(|| corrupt("a ledger entry without a status"))?;
    Ok(Ack::new(
        status,
        entry.get(3..).unwrap_or_default().to_vec(),
    ))
}

/// Claims `redis_key`; the lease names the caller's `key`.
pub(crate) fn claim(redis_key: &str, key: &str, owner: String, lease: Duration) -> Request<Claim> {
    let cmd = eval(CLAIM, &[redis_key], &[&held(&owner), &millis(lease)]);
    let key = key.to_owned();
    Request::new(cmd, move |value| match value {
        Value::Int(1) => Ok(Claim::Claimed(Lease::new(key, owner))),
        // Taken, then gone within the same step: cannot be told apart from held, so retry.
        Value::Int(0) => Ok(Claim::InProgress),
        Value::BulkString(entry) => match entry.split_first() {
            Some((b'h', _)) => Ok(Claim::InProgress),
            Some((b'd', ack)) => read_ack(ack).map(Claim::Completed),
            _ => Err(corrupt("a ledger entry of unknown shape")),
        },
        _ => Err(corrupt("unexpected claim reply")),
    })
}

pub(crate) fn complete(
    key: &str,
    lease: &Lease,
    ack: &Ack,
    remember_for: Duration,
) -> Request<Completion> {
    let mut done = format!("d{:03}", ack.status).into_bytes();
    done.extend_from_slice(&ack.body);
    let cmd = eval(
        COMPLETE,
        &[key],
        &[&held(lease.owner()), &done, &millis(remember_for)],
    );
    Request::new(cmd, |value| {
        Ok(if flag(value)? {
            Completion::Recorded
        } else {
            Completion::NotHeld
        })
    })
}

pub(crate) fn release(key: &str, lease: &Lease) -> Request<Release> {
    let cmd = eval(DELETE_IF, &[key], &[&held(lease.owner())]);
    Request::new(cmd, |value| {
        Ok(if flag(value)? {
            Release::Released
        } else {
            Release::NotHeld
        })
    })
}

pub(crate) fn extend(key: &str, lease: &Lease, lease_for: Duration) -> Request<Extension> {
    let cmd = eval(
        PEXPIRE_IF,
        &[key],
        &[&held(lease.owner()), &millis(lease_for)],
    );
    Request::new(cmd, |value| {
        Ok(if flag(value)? {
            Extension::Extended
        } else {
            Extension::NotHeld
        })
    })
}

fn token_value(token: &Secret, expires_at: Timestamp) -> Vec<u8> {
    format!("{}:{}", expires_at.unix_seconds(), token.expose_secret()).into_bytes()
}

/// A stored `<expiry>:<token>`, as a token and its expiry.
fn read_token(value: Value) -> Result<Option<(Secret, Timestamp)>, StoreError> {
    let entry = match value {
        Value::Nil => return Ok(None),
        Value::BulkString(entry) => entry,
        _ => return Err(corrupt("unexpected token reply")),
    };
    let text = String::from_utf8(entry).map_err(|_| corrupt("a token that is not text"))?;
    let (expiry, token) = text
        .split_once(':')
        .ok_or_else(|| corrupt("a token entry of unknown shape"))?;
    let expires_at = expiry
        .parse()
        .ok()
        .and_then(|unix| Timestamp::from_unix(unix).ok())
        .ok_or_else(|| corrupt("a token entry with a bad expiry"))?;
    Ok(Some((Secret::new(token), expires_at)))
}

pub(crate) fn set_token(
    key: &str,
    token: &Secret,
    expires_at: Timestamp,
    ttl: Duration,
) -> Request<()> {
    let mut cmd = redis::cmd("SET");
    cmd.arg(key)
        .arg(token_value(token, expires_at))
        .arg("PX")
        .arg(millis(ttl));
    Request::new(cmd, |value| match value {
        Value::Okay | Value::SimpleString(_) => Ok(()),
        _ => Err(corrupt("unexpected SET reply")),
    })
}

pub(crate) fn look_up(key: &str) -> Request<Option<TokenRecord>> {
    let mut cmd = redis::cmd("GET");
    cmd.arg(key);
    Request::new(cmd, |value| {
        Ok(read_token(value)?.map(|(token, expires_at)| TokenRecord::new(token, expires_at)))
    })
}
