//! `--store URL` (`AYOLINX_STORE`): where the state several `ayolinx` processes share lives.
//! `memory` (the default) keeps it in the process; `redis://[:password@]host:port[/db]` keeps it
//! in Redis (`ayolinx-redis`): the API commands' access token, `listen`'s ledger and issued
//! tokens. The URL may hold a password: it is only ever shown [`redacted`].

use std::sync::Arc;

use ayolinx_proto::Secret;
use ayolinx_redis::{BlockingRedisStore, RedisStore};

use crate::escape::escape_controls;
use crate::failure::Failure;

/// The form `--store` takes, for error messages.
const EXPECTED: &str = "give `memory` or `redis://[:password@]host:port[/db]`";

/// A checked `--store` setting.
#[derive(Debug)]
pub(crate) enum Store {
    /// In this process only.
    Memory,
    /// On the Redis at a URL.
    Redis {
        /// The URL as given (it may hold a password).
        url: Secret,
        /// The URL with any password replaced, for printing.
        shown: String,
    },
}

impl Store {
    /// The store `setting` names (`None`: memory). A URL that cannot be used is a usage error
    /// that shows it without its password.
    pub(crate) fn from_setting(setting: Option<&Secret>) -> Result<Self, Failure> {
        let Some(setting) = setting else {
            return Ok(Self::Memory);
        };
        let text = setting.expose_secret();
        if text == "memory" {
            return Ok(Self::Memory);
        }
        let shown = redacted(text);
        let unusable = |why: &str| {
            Failure::Usage(format!(
                "--store (or AYOLINX_STORE) `{shown}` {why}: {EXPECTED}"
            ))
        };
        let Some(rest) = text.strip_prefix("redis://") else {
            return Err(unusable("is not a store"));
        };
        let authority = rest
            .split_once('/')
            .map_or(rest, |(authority, _)| authority);
        let host_port = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host_port)| host_port);
        let (host, port) = host_port.rsplit_once(':').unwrap_or((host_port, "6379"));
        if host.is_empty() {
            return Err(unusable("has no host"));
        }
        if port.parse::<u16>().is_err() {
            return Err(unusable("has no valid port"));
        }
        if let Some((_, db)) = rest.split_once('/')
            && !db.is_empty()
            && db.parse::<u16>().is_err()
        {
            return Err(unusable("has a database that is not a number"));
        }
        // The redis crate's own reading of the URL, so that what passes here also opens.
        if BlockingRedisStore::open(text).is_err() {
            return Err(unusable("cannot be read as a Redis URL"));
        }
        Ok(Self::Redis {
            url: setting.clone(),
            shown,
        })
    }

    /// The blocking client's token store for `client_key` at `base_url`: `None` for memory (the
    /// client's own). Tokens of different servers or keys never mix.
    pub(crate) fn token_store(
        &self,
        base_url: &str,
        client_key: &str,
    ) -> Result<Option<Arc<dyn ayolinx_ureq::TokenStore>>, Failure> {
        match self {
            Self::Memory => Ok(None),
            Self::Redis { url, shown } => {
                let store = BlockingRedisStore::open(url.expose_secret())
                    .map_err(|error| opening(shown, &error))?;
                let cache = Arc::new(store).token_cache(&format!("{base_url} {client_key}"));
                Ok(Some(Arc::new(cache)))
            }
        }
    }

    /// The async store for `listen`'s ledger and issued tokens: `None` for memory.
    pub(crate) fn redis(&self) -> Result<Option<RedisStore>, Failure> {
        match self {
            Self::Memory => Ok(None),
            Self::Redis { url, shown } => RedisStore::open(url.expose_secret())
                .map(Some)
                .map_err(|error| opening(shown, &error)),
        }
    }

    /// The store as it may be printed.
    pub(crate) fn shown(&self) -> &str {
        match self {
            Self::Memory => "memory",
            Self::Redis { shown, .. } => shown,
        }
    }
}

fn opening(shown: &str, error: &ayolinx_store::StoreError) -> Failure {
    Failure::BadInput(format!("cannot open the store {shown}: {error}"))
}

/// `text` with everything before its last `@` (a URL's user and password) replaced by `***`,
/// its scheme kept, and control characters escaped.
pub(crate) fn redacted(text: &str) -> String {
    let shown = match text.rsplit_once('@') {
        Some((before, after)) => {
            let scheme = before.split_once("://").map_or("", |(scheme, _)| scheme);
            if scheme.is_empty() {
                format!("***@{after}")
            } else {
                format!("{scheme}://***@{after}")
            }
        }
        None => text.to_owned(),
    };
    escape_controls(&shown).into_owned()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    fn store(text: &str) -> Result<Store, Failure> {
        Store::from_setting(Some(&Secret::new(text)))
    }

    #[test]
    fn memory_is_the_default_and_redis_urls_are_checked() {
        assert!(matches!(Store::from_setting(None), Ok(Store::Memory)));
        assert!(matches!(store("memory"), Ok(Store::Memory)));
        for good in [
            "redis://127.0.0.1:6379",
            "redis://localhost",
            "redis://127.0.0.1:6379/2",
            "redis://:hunter2@127.0.0.1:6379/0",
        ] {
            let Store::Redis { shown, .. } = store(good).unwrap() else {
                panic!("{good} is not memory");
            };
            assert!(!shown.contains("hunter2"), "{shown}");
        }
        for (bad, why) in [
            ("memcached://x", "is not a store"),
            ("redis://", "has no host"),
            ("redis://:hunter2@:6379", "has no host"),
            ("redis://host:port", "no valid port"),
            ("redis://:hunter2@host:99999/0", "no valid port"),
            ("redis://host:6379/zero", "not a number"),
        ] {
            let Err(failure) = store(bad) else {
                panic!("{bad} was taken");
            };
            let message = failure.to_string();
            assert!(message.contains(why), "{message}");
            assert!(!message.contains("hunter2"), "{message}");
        }
    }

    #[test]
    fn redaction_keeps_the_scheme_and_host_only() {
        assert_eq!(redacted("redis://user:pw@host:1/0"), "redis://***@host:1/0");
        assert_eq!(redacted("pw@host"), "***@host");
        assert_eq!(redacted("redis://host"), "redis://host");
        assert_eq!(redacted("a\u{1b}[2Jb"), "a\\u001b[2Jb");
    }
}
