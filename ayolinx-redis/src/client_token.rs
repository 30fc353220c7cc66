//! The client token cache's operations as Redis commands and pure readers of their replies,
//! shared by the async and the blocking cache: the driver's token-store vocabulary
//! ([`StoredToken`], [`Lease`], [`LeaseOutcome`], [`Waited`]) on three keys.
//!
//! - the token, `<version>:<obtained unix seconds>:<expires in seconds>:<token>`, dropped by
//!   Redis when the token expires;
//! - the refresh lease, `<lease id>`, taken with `SET NX PX`;
//! - the state, a hash: `seq` (the last lease id), `finished` (how many refreshes ended, the
//!   waiters' ticket and the token's version), `outcome` of the last one (`s` stored, `f` failed,
//!   `a` abandoned) and its `failure` message.
//!
//! Each step that must see another is one script, so the steps are atomic across every process.

use std::time::Duration;

use ayolinx_proto::Timestamp;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Lease, LeaseOutcome, StoredToken, Waited};
use ayolinx_store::StoreError;
use redis::{Cmd, Value};

use crate::commands::{Request, eval, flag, millis};
use crate::error::corrupt;
use crate::keys::Keys;

/// `KEYS`: lease, state. `ARGV`: lease ms. Takes the lease (`{1, id}`) or reports the number of
/// finished refreshes to wait past (`{0, finished}`).
const TRY_LEASE: &str = "if redis.call('EXISTS', KEYS[1]) == 1 then \
return {0, tonumber(redis.call('HGET', KEYS[2], 'finished') or '0')} end \
local id = redis.call('HINCRBY', KEYS[2], 'seq', 1) \
redis.call('SET', KEYS[1], id, 'PX', ARGV[1]) return {1, id}";

/// `KEYS`: token, lease, state. `ARGV`: lease id, `<obtained>:<expires in>:<token>`, ttl ms.
/// Stores the token under the next version and ends the caller's lease; returns the version.
const PUT: &str = "if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end \
local v = redis.call('HINCRBY', KEYS[3], 'finished', 1) \
redis.call('HSET', KEYS[3], 'outcome', 's') \
redis.call('SET', KEYS[1], v .. ':' .. ARGV[2], 'PX', ARGV[3]) return v";

/// `KEYS`: lease, state. `ARGV`: lease id, outcome (`f`, `a`), failure. Ends the lease only for
/// its holder, so that the waiters learn the outcome.
const END_LEASE: &str = "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end \
redis.call('DEL', KEYS[1]) redis.call('HINCRBY', KEYS[2], 'finished', 1) \
redis.call('HSET', KEYS[2], 'outcome', ARGV[2], 'failure', ARGV[3]) return 1";

/// `KEYS`: token, lease, state. `ARGV`: ticket. `0`: still refreshing; `1`: nothing to share
/// (the holder died or gave up, or its token is gone): ask for the lease again; `{'s', token}`;
/// `{'f', failure}`.
const POLL: &str = "local n = redis.call('HGET', KEYS[3], 'finished') or '0' \
if n == ARGV[1] then if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end return 1 end \
local o = redis.call('HGET', KEYS[3], 'outcome') \
if o == 'f' then return {'f', redis.call('HGET', KEYS[3], 'failure') or ''} end \
if o == 's' then local t = redis.call('GET', KEYS[1]) if t then return {'s', t} end end return 1";

/// `KEYS`: token. `ARGV`: `<version>:`. Deletes the token only if it is still that version.
const INVALIDATE: &str = "local t = redis.call('GET', KEYS[1]) \
if t and string.sub(t, 1, #ARGV[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end return 0";

/// The three keys of one cache, and each operation on them as a request.
#[derive(Debug, Clone)]
pub(crate) struct CacheKeys {
    token: String,
    lease: String,
    state: String,
}

impl CacheKeys {
    pub(crate) fn new(keys: &Keys, name: &str) -> Self {
        Self {
            token: keys.client_token(name),
            lease: keys.client_lease(name),
            state: keys.client_state(name),
        }
    }

    pub(crate) fn get(&self) -> Request<Option<StoredToken>> {
        let mut cmd = Cmd::new();
        cmd.arg("GET").arg(&self.token);
        Request::new(cmd, |value| match value {
            Value::Nil => Ok(None),
            Value::BulkString(entry) => read_stored(&entry).map(Some),
            _ => Err(corrupt("unexpected token reply")),
        })
    }

    pub(crate) fn try_lease(&self, lease: Duration) -> Request<LeaseOutcome> {
        let cmd = eval(TRY_LEASE, &[&self.lease, &self.state], &[&millis(lease)]);
        Request::new(cmd, |value| match pair_of_ints(value)? {
            (1, id) => Ok(LeaseOutcome::Granted(Lease { id })),
            (0, ticket) => Ok(LeaseOutcome::Busy { ticket }),
            _ => Err(corrupt("unexpected lease reply")),
        })
    }

    pub(crate) fn put(&self, lease: Lease, token: AccessToken) -> Request<StoredToken> {
        let value = format!(
            "{}:{}:{}",
            token.obtained_at().unix_seconds(),
            token.expires_in(),
            token.secret().expose_secret()
        );
        let ttl = Duration::from_secs(token.expires_in());
        let cmd = eval(
            PUT,
            &[&self.token, &self.lease, &self.state],
            &[
                lease.id.to_string().as_bytes(),
                value.as_bytes(),
                &millis(ttl),
            ],
        );
        Request::new(cmd, move |value| match value {
            Value::Int(version) => Ok(StoredToken {
                token,
                version: u64::try_from(version).map_err(|_| corrupt("a negative version"))?,
            }),
            _ => Err(corrupt("unexpected put reply")),
        })
    }

    /// Ends `lease` without a token: `failure` is shared with the waiters, or, when `failure`
    /// is `None` (the holder went away), the waiters ask for the lease again.
    pub(crate) fn end_lease(&self, lease: Lease, failure: Option<&str>) -> Request<bool> {
        let (outcome, message) = match failure {
            Some(message) => ("f", message),
            None => ("a", ""),
        };
        let cmd = eval(
            END_LEASE,
            &[&self.lease, &self.state],
            &[
                lease.id.to_string().as_bytes(),
                outcome.as_bytes(),
                message.as_bytes(),
            ],
        );
        Request::new(cmd, flag)
    }

    /// What a waiter with `ticket` learns now: `None` while the refresh is still running.
    pub(crate) fn poll(&self, ticket: u64) -> Request<Option<Waited>> {
        let cmd = eval(
            POLL,
            &[&self.token, &self.lease, &self.state],
            &[ticket.to_string().as_bytes()],
        );
        Request::new(cmd, |value| match value {
            Value::Int(0) => Ok(None),
            Value::Int(1) => Ok(Some(Waited::TimedOut)),
            Value::Array(items) => match items.as_slice() {
                [Value::BulkString(kind), Value::BulkString(entry)] => match kind.as_slice() {
                    b"s" => read_stored(entry).map(|token| Some(Waited::Refreshed(token))),
                    b"f" => Ok(Some(Waited::Failed(
                        String::from_utf8_lossy(entry).into_owned(),
                    ))),
                    _ => Err(corrupt("unexpected refresh outcome")),
                },
                _ => Err(corrupt("unexpected poll reply")),
            },
            _ => Err(corrupt("unexpected poll reply")),
        })
    }

    pub(crate) fn invalidate(&self, version: u64) -> Request<bool> {
        let prefix = format!("{version}:");
        Request::new(eval(INVALIDATE, &[&self.token], &[prefix.as_bytes()]), flag)
    }
}

fn pair_of_ints(value: Value) -> Result<(i64, u64), StoreError> {
    match value {
        Value::Array(items) => match items.as_slice() {
            [Value::Int(kind), Value::Int(number)] => Ok((
                *kind,
                u64::try_from(*number).map_err(|_| corrupt("a negative lease number"))?,
            )),
            _ => Err(corrupt("unexpected lease reply")),
        },
        _ => Err(corrupt("unexpected lease reply")),
    }
}

/// A stored `<version>:<obtained>:<expires in>:<token>`.
fn read_stored(entry: &[u8]) -> Result<StoredToken, StoreError> {
    let text = std::str::from_utf8(entry).map_err(|_| corrupt("a token that is not text"))?;
    let mut fields = text.splitn(4, ':');
    let mut number = |what| {
        fields
            .next()
            .and_then(|field| field.parse::<u64>().ok())
            .ok_or_else(|| corrupt(what))
    };
    let version = number("a token entry without a version")?;
    let obtained = number("a token entry without its time")?;
    let expires_in = number("a token entry without its lifetime")?;
    let obtained_at = i64::try_from(obtained)
        .ok()
        .and_then(|unix| Timestamp::from_unix(unix).ok())
        .ok_or_else(|| corrupt("a token entry with a bad time"))?;
    let token = fields
        .next()
        .ok_or_else(|| corrupt("a token entry without a token"))?;
    Ok(StoredToken {
        token: AccessToken::new(token, expires_in, obtained_at),
        version,
    })
}
