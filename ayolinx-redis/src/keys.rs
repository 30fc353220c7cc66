//! The Redis keys of each kind of value, under one prefix.

/// The default prefix of every key.
pub const DEFAULT_PREFIX: &str = "ayolinx:";

#[derive(Debug, Clone)]
pub(crate) struct Keys {
    prefix: String,
}

impl Keys {
    pub(crate) fn new(prefix: String) -> Self {
        Self { prefix }
    }

    pub(crate) fn ledger(&self, key: &str) -> String {
        format!("{}ledger:{key}", self.prefix)
    }

    pub(crate) fn issued_token(&self, lookup_key: &str) -> String {
        format!("{}issued-token:{lookup_key}", self.prefix)
    }

    pub(crate) fn client_token(&self, name: &str) -> String {
        format!("{}client-token:{name}", self.prefix)
    }

    pub(crate) fn client_lease(&self, name: &str) -> String {
        format!("{}client-token-lease:{name}", self.prefix)
    }

    pub(crate) fn client_state(&self, name: &str) -> String {
        format!("{}client-token-state:{name}", self.prefix)
    }
}
