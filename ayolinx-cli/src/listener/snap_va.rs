//! The merchant's side of Ayolinx's SNAP VA flow (scheme D): the access-token endpoint Ayolinx
//! calls first, then the VA payment it sends with that token.

use std::collections::HashMap;
use std::sync::Mutex;

use ayolinx_proto::callback::{InboundRequest, TokenEndpoint, TokenRecord, VaPaymentVerifier, ack};
use ayolinx_proto::{PublicKey, Secret, Timestamp};
use serde_json::json;

use super::handle::{Answer, Event, refused};

/// The path of the merchant-hosted token endpoint.
pub(crate) const TOKEN_PATH: &str = "/v1.0/access-token/b2b";
/// The path of the SNAP VA payment notice.
pub(crate) const PAYMENT_PATH: &str = "/v1.0/transfer-va/payment";

/// The token endpoint, the payment verifier and the tokens issued so far.
pub(crate) struct SnapVa {
    tokens_endpoint: TokenEndpoint,
    payments: VaPaymentVerifier,
    issued: Mutex<HashMap<String, TokenRecord>>,
}

impl SnapVa {
    pub(crate) fn new(
        ayolinx_public_key: PublicKey,
        client_key: String,
        client_secret: Secret,
        window_seconds: u32,
    ) -> Self {
        Self {
            tokens_endpoint: TokenEndpoint::new(ayolinx_public_key, client_key)
                .window_seconds(window_seconds),
            payments: VaPaymentVerifier::new(client_secret).window_seconds(window_seconds),
            issued: Mutex::new(HashMap::new()),
        }
    }

    /// Handles the two SNAP VA requests; `None` for anything else. A VA payment notice without
    /// a bearer token is Ayolinx's non-SNAP VA notify (scheme C), handled as a callback.
    pub(crate) fn handle(
        &self,
        path: &str,
        request: &InboundRequest<'_>,
        now: Timestamp,
    ) -> Option<(Answer, Event)> {
        if path == TOKEN_PATH {
            return Some(self.issue_token(request, now));
        }
        if path == PAYMENT_PATH && request.headers.get("Authorization").is_some() {
            return Some(self.payment(request, now));
        }
        None
    }

    fn issue_token(&self, request: &InboundRequest<'_>, now: Timestamp) -> (Answer, Event) {
        let verified = match self.tokens_endpoint.verify(request, now) {
            Ok(verified) => verified,
            Err(error) => return (error.acknowledgement().into(), refused(&error.to_string())),
        };
        let mut random = [0_u8; 32];
        let issued = getrandom::fill(&mut random)
            .map_err(|error| format!("no randomness for a token: {error}"))
            .and_then(|()| {
                self.tokens_endpoint
                    .issue(&verified, random, now)
                    .map_err(|error| error.to_string())
            });
        let (issued, mut store) = match (issued, self.issued.lock()) {
            (Ok(issued), Ok(store)) => (issued, store),
            (Err(reason), _) => return (Answer::internal_error(), refused(&reason)),
            (_, Err(_)) => return (Answer::internal_error(), refused("the token store failed")),
        };
        store.insert(issued.lookup_key(), issued.record());
        let event = Event {
            accepted: true,
            summary: json!({
                "genuine": true,
                "kind": "snap_va_token",
                "expiresAt": issued.expires_at().to_string(),
            }),
            line: "SNAP VA access token issued".into(),
        };
        let answer = Answer {
            secret: true,
            ..issued.acknowledgement().into()
        };
        (answer, event)
    }

    fn payment(&self, request: &InboundRequest<'_>, now: Timestamp) -> (Answer, Event) {
        let Ok(store) = self.issued.lock() else {
            return (Answer::internal_error(), refused("the token store failed"));
        };
        match self
            .payments
            .verify(request, now, |key| store.get(key).cloned())
        {
            Ok(payment) => {
                let event = Event {
                    accepted: true,
                    summary: json!({
                        "genuine": true,
                        "kind": "snap_va_payment",
                        "reference": payment.trx_id(),
                        "partnerReferenceNo": payment.trx_id(),
                        "virtualAccountNo": payment.virtual_account_no(),
                        "paid": true,
                        "amount": payment.paid_amount(),
                        "dedupKey": payment.idempotency_key(),
                        "notification": payment.json(),
                    }),
                    line: format!(
                        "snap_va_payment {} {}",
                        payment.trx_id().unwrap_or("(no trxId)"),
                        payment
                            .paid_amount()
                            .map(|amount| format!("{} {}", amount.currency, amount.value))
                            .unwrap_or_default()
                    ),
                };
                (ack::va_payment_received(&payment).into(), event)
            }
            Err(error) => (error.acknowledgement().into(), refused(&error.to_string())),
        }
    }
}
