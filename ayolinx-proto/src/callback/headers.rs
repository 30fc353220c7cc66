//! [`InboundRequest`] and [`Headers`]: a request as it reached the merchant, as plain data.

use std::fmt;

use super::error::CallbackErrorKind;

/// The headers of an inbound request, looked up case-insensitively.
///
/// Made from a slice of `(name, value)` pairs, borrowed (`&[(&str, &str)]`) or owned
/// (`&[(String, String)]`), so any HTTP stack can hand them over without this crate depending on
/// it. Values are used exactly as given: `X-TIMESTAMP` goes into the string to sign byte for byte.
/// A header that appears twice is refused rather than guessed at.
///
/// `Debug` never shows the `Authorization` value (it carries an access token).
///
/// ```
/// use ayolinx_proto::callback::Headers;
///
/// let pairs = [("x-timestamp", "2024-09-12T12:55:00+07:00"), ("Authorization", "Bearer abc")];
/// let headers = Headers::from(&pairs[..]);
/// assert_eq!(headers.get("X-TIMESTAMP"), Some("2024-09-12T12:55:00+07:00"));
/// assert!(!format!("{headers:?}").contains("abc"));
/// ```
#[derive(Clone, Copy)]
pub struct Headers<'a>(Pairs<'a>);

#[derive(Clone, Copy)]
enum Pairs<'a> {
    Borrowed(&'a [(&'a str, &'a str)]),
    Owned(&'a [(String, String)]),
}

impl<'a> Headers<'a> {
    fn iter(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let (borrowed, owned) = match self.0 {
            Pairs::Borrowed(pairs) => (pairs, &[][..]),
            Pairs::Owned(pairs) => (&[][..], pairs),
        };
        borrowed
            .iter()
            .copied()
            .chain(owned.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    }

    /// The value of the first header called `name` (compared case-insensitively).
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The value of `name`, or `None` when absent; an error when it appears more than once.
    pub(crate) fn unique(&self, name: &'static str) -> Result<Option<&'a str>, CallbackErrorKind> {
        let mut found = self.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let first = found.next().map(|(_, v)| v);
        if found.next().is_some() {
            return Err(CallbackErrorKind::DuplicateHeader { name });
        }
        Ok(first)
    }

    /// The value of `name`; an error when it is absent or appears more than once.
    pub(crate) fn required(&self, name: &'static str) -> Result<&'a str, CallbackErrorKind> {
        self.unique(name)?
            .ok_or(CallbackErrorKind::MissingHeader { name })
    }
}

impl<'a> From<&'a [(&'a str, &'a str)]> for Headers<'a> {
    fn from(pairs: &'a [(&'a str, &'a str)]) -> Self {
        Self(Pairs::Borrowed(pairs))
    }
}

impl<'a, const N: usize> From<&'a [(&'a str, &'a str); N]> for Headers<'a> {
    fn from(pairs: &'a [(&'a str, &'a str); N]) -> Self {
        Self(Pairs::Borrowed(pairs))
    }
}

impl<'a> From<&'a [(String, String)]> for Headers<'a> {
    fn from(pairs: &'a [(String, String)]) -> Self {
        Self(Pairs::Owned(pairs))
    }
}

impl<'a> From<&'a Vec<(String, String)>> for Headers<'a> {
    fn from(pairs: &'a Vec<(String, String)>) -> Self {
        Self(Pairs::Owned(pairs))
    }
}

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_headers(f, self.iter())
    }
}

/// Writes header pairs for `Debug`, hiding the value of `Authorization`.
pub(crate) fn fmt_headers<'a>(
    f: &mut fmt::Formatter<'_>,
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> fmt::Result {
    let mut list = f.debug_list();
    for (name, value) in pairs {
        if name.eq_ignore_ascii_case("authorization") {
            list.entry(&(name, "[REDACTED]"));
        } else {
            list.entry(&(name, value));
        }
    }
    list.finish()
}

/// A request Ayolinx sent to the merchant, as plain data: what every verifier in
/// [`callback`](crate::callback) reads.
///
/// `path` is the request target as received, query string included if there was one (the
/// verifiers drop it unless told otherwise). `body` is the raw bytes as received: never a
/// re-serialised copy, because the signature covers the exact bytes.
///
/// `Debug` shows the method, path, headers (without the `Authorization` value) and the body's
/// length, never the body.
///
/// ```
/// use ayolinx_proto::callback::InboundRequest;
///
/// let headers = [("X-TIMESTAMP", "2024-09-12T12:55:00+07:00"), ("X-SIGNATURE", "c2ln")];
/// let request = InboundRequest::new("POST", "/webhooks/ayolinx", &headers, b"{}");
/// assert_eq!(request.headers.get("x-signature"), Some("c2ln"));
/// ```
#[derive(Clone, Copy)]
pub struct InboundRequest<'a> {
    /// The HTTP method. Ayolinx always sends `POST`.
    pub method: &'a str,
    /// The request target: the path, and the query string if any (`/cb?refNo=1`).
    pub path: &'a str,
    /// The request headers.
    pub headers: Headers<'a>,
    /// The raw body bytes as received.
    pub body: &'a [u8],
}

impl<'a> InboundRequest<'a> {
    /// A request from its parts; `headers` is any slice of `(name, value)` pairs.
    ///
    /// ```
    /// use ayolinx_proto::callback::InboundRequest;
    /// let owned = vec![("X-TIMESTAMP".to_string(), "2024-09-12T12:55:00+07:00".to_string())];
    /// let request = InboundRequest::new("POST", "/cb", &owned, b"{}");
    /// assert_eq!(request.body, b"{}");
    /// ```
    pub fn new(
        method: &'a str,
        path: &'a str,
        headers: impl Into<Headers<'a>>,
        body: &'a [u8],
    ) -> Self {
        Self {
            method,
            path,
            headers: headers.into(),
            body,
        }
    }
}

impl fmt::Debug for InboundRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InboundRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}
