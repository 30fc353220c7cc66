//! The three payments of the demo, step by step, and what each step checks.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ayolinx_proto::api::QueryResponse;
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest, partner_service_id};
use ayolinx_proto::{Amount, Channel, Money};
use ayolinx_sandbox::Settlement;
use ayolinx_ureq::Client;
use serde::Serialize;
use serde_json::{Value, json};

use super::timeline::{Payment, Shown};
use crate::commands::api::token::describe;
use crate::commands::api::va::customer_no;
use crate::commands::sandbox::control;
use crate::failure::Failure;
use crate::listener::Event;
use crate::progress::Status;
use crate::{clock, qr};

/// What every payment needs.
pub(crate) struct Context<'a> {
    pub(crate) client: &'a Client,
    pub(crate) base_url: &'a str,
    pub(crate) events: &'a Receiver<Event>,
    pub(crate) notify_url: &'a str,
    pub(crate) return_url: &'a str,
    pub(crate) callback_timeout: Duration,
    pub(crate) human: bool,
    pub(crate) draw_qr: bool,
}

fn amount(text: &str) -> Result<Money, Failure> {
    text.parse::<Amount>()
        .map(Money::idr)
        .map_err(|error| Failure::BadInput(format!("amount {text}: {error}")))
}

fn data(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn reference(product: &str) -> String {
    format!(
        "DEMO-{product}-{}",
        clock::unique_number() % 1_000_000_000_000
    )
}

impl Context<'_> {
    /// A QRIS payment: token, generate (the QR drawn), pay, callback, query.
    pub(crate) fn qris(&self) -> (Value, Option<Failure>) {
        let reference = reference("QRIS");
        let mut payment = Payment::start("qris", "QRIS payment", &reference, self.human);
        payment.step("token", || {
            let token = self.client.access_token()?;
            let line = format!(
                "{} token, valid {} s (not shown: it is a secret)",
                token.token_type(),
                token.expires_in()
            );
            Ok(((), Shown::new(line, describe(&token))))
        });
        payment.step("generate", || {
            let request = QrisGenerateRequest::new(&reference, amount("15000.00")?)
                .url_param(UrlParam::notification(self.notify_url));
            let answer = self.client.qris().generate(&request)?;
            let mut shown = Shown::new(
                format!("IDR 15000.00, qrContent {}", answer.qr_content),
                data(&answer),
            );
            if self.human && self.draw_qr {
                shown.block = Some(qr::terminal(&answer.qr_content)?);
            }
            Ok(((), shown))
        });
        payment.step("pay", || self.pay(&reference));
        payment.step("callback", || self.callback(&reference));
        payment.step("query", || {
            let answer = self
                .client
                .qris()
                .query(&QrisQueryRequest::new(&reference))?;
            paid(&answer)
        });
        payment.finish()
    }

    /// A virtual account payment: create, pay, the callbacks (SNAP VA: token, then payment),
    /// inquiry.
    pub(crate) fn va(&self) -> (Value, Option<Failure>) {
        let reference = reference("VA");
        let mut payment = Payment::start("va", "Virtual account payment", &reference, self.human);
        payment.step("create", || {
            let prefix = partner_service_id::BNI_SANDBOX;
            let request = VaCreateRequest::new(
                prefix,
                customer_no(clock::unique_number()),
                "Budi Santoso",
                &reference,
                amount("11500.00")?,
                Channel::VirtualAccountBni,
            );
            let answer = self.client.va().create(&request)?;
            let number = answer
                .virtual_account_data
                .as_ref()
                .and_then(|data| data.virtual_account_no.clone())
                .unwrap_or_default();
            Ok((
                (),
                Shown::new(
                    format!("BNI virtual account {number}, IDR 11500.00"),
                    data(&answer),
                ),
            ))
        });
        payment.step("pay", || self.pay(&reference));
        payment.step("callback", || self.callback(&reference));
        payment.step("inquiry", || {
            let request = VaInquiryRequest::new(&reference, Channel::VirtualAccountBni);
            paid(&self.client.va().inquiry(&request)?)
        });
        payment.finish()
    }

    /// An e-wallet payment: payment page, pay, callback, status.
    pub(crate) fn ewallet(&self) -> (Value, Option<Failure>) {
        let reference = reference("DANA");
        let mut payment =
            Payment::start("ewallet", "E-wallet (DANA) payment", &reference, self.human);
        payment.step("pay-url", || {
            let request = EwalletPaymentRequest::new(&reference, amount("25000.00")?)
                .url_param(UrlParam::pay_return(self.return_url))
                .url_param(UrlParam::notification(self.notify_url));
            let answer = self.client.ewallet().pay(&request)?;
            let page = answer.web_redirect_url.clone().unwrap_or_default();
            Ok((
                (),
                Shown::new(format!("IDR 25000.00, checkout page {page}"), data(&answer)),
            ))
        });
        payment.step("pay", || self.pay(&reference));
        payment.step("callback", || self.callback(&reference));
        payment.step("status", || {
            paid(
                &self
                    .client
                    .ewallet()
                    .status(&EwalletStatusRequest::new(&reference))?,
            )
        });
        payment.finish()
    }

    /// Pays through the sandbox's control endpoint, as a customer pressing "Pay" would.
    fn pay(&self, reference: &str) -> Result<((), Shown), Failure> {
        let pay = Settlement::pay();
        let (status, body) = control::post(
            self.base_url,
            &pay.control_path(reference),
            &pay.to_json().to_string(),
        )?;
        if !(200..300).contains(&status) {
            return Err(Failure::Transport(format!(
                "the sandbox did not pay {reference}: HTTP {status} {body}"
            )));
        }
        let transaction: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        Ok(((), Shown::new("paid through the sandbox", transaction)))
    }

    /// Waits for the verified callback of `reference`.
    fn callback(&self, reference: &str) -> Result<((), Shown), Failure> {
        let _status = Status::show(
            !self.human,
            &format!("waiting for the callback of {reference}"),
        );
        let deadline = Instant::now() + self.callback_timeout;
        let mut before = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let event = match self.events.recv_timeout(left) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    return Err(Failure::Transport(format!(
                        "no callback for {reference} within {} s",
                        self.callback_timeout.as_secs()
                    )));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Failure::Transport("the webhook listener stopped".into()));
                }
            };
            let field = |name: &str| event.summary.get(name).cloned().unwrap_or(Value::Null);
            if !event.accepted {
                return Err(Failure::Rejected(format!(
                    "a callback was refused: {}",
                    field("reason").as_str().unwrap_or("unknown reason")
                )));
            }
            if field("partnerReferenceNo") != reference {
                before.push(event.summary);
                continue;
            }
            let answered = field("answer")
                .get("status")
                .cloned()
                .unwrap_or(Value::Null);
            let mut line = format!(
                "{} callback, signature verified, paid: {}, answered {answered}",
                field("kind").as_str().unwrap_or("payment"),
                field("paid"),
            );
            let token_call = before
                .iter()
                .any(|summary| summary.get("kind") == Some(&json!("snap_va_token")));
            if token_call {
                line.push_str(
                    " (after Ayolinx got a SNAP VA token from the listener, its signature verified)",
                );
            }
            let mut data = event.summary;
            if let Value::Object(fields) = &mut data {
                fields.insert("precededBy".into(), Value::Array(before));
            }
            return Ok(((), Shown::new(line, data)));
        }
    }
}

/// Checks that a status answer says paid.
fn paid<R: QueryResponse + Serialize>(answer: &R) -> Result<((), Shown), Failure> {
    match answer.latest_transaction_status() {
        Some(status) if status.is_paid() => Ok((
            (),
            Shown::new(
                format!("latestTransactionStatus {} (paid)", status.code()),
                data(answer),
            ),
        )),
        Some(status) => Err(Failure::Rejected(format!(
            "the status query says {}, not paid",
            status.code()
        ))),
        None => Err(Failure::Rejected(
            "the status query carries no latestTransactionStatus".into(),
        )),
    }
}
