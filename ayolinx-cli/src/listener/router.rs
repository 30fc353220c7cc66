//! The receiver's router: `ayolinx-axum`'s, from the settings, its observer turning every
//! exchange into an [`Event`]; with `--path`, other paths refused with the SNAP routing error.

use std::sync::Arc;
use std::sync::mpsc;

use axum::Router;
use axum::http::{Method, Uri};
use axum::response::IntoResponse as _;
use ayolinx_axum::{Merchant, SnapResponse};
use ayolinx_proto::callback::{Endpoint, ack};
use ayolinx_proto::code::SnapCase;

use super::Settings;
use super::forward::Forwarder;
use super::report::{self, Event};
use crate::failure::Failure;

/// The router serving `settings`, reporting each request on `events`.
pub(crate) fn build(settings: Settings, events: mpsc::Sender<Event>) -> Result<Router, Failure> {
    let forwarder = settings
        .forward
        .map(Forwarder::new)
        .transpose()?
        .map(Arc::new);
    let mut merchant = Merchant::new(settings.ayolinx_public_key)
        .window_seconds(settings.window_seconds)
        .on_notification_delivery(move |_notification, delivery| {
            let forwarder = forwarder.clone();
            async move {
                let Some(forwarder) = forwarder else {
                    return Ok(());
                };
                let forwarded = {
                    let delivery = delivery.clone();
                    tokio::task::spawn_blocking(move || forwarder.forward(&delivery))
                        .await
                        .map_err(|_| "the forward did not finish")?
                };
                delivery.set_note(forwarded.report.to_string());
                if forwarded.taken {
                    Ok(())
                } else {
                    Err("the app did not take it")
                }
            }
        });
    merchant = match &settings.only_path {
        Some(path) => merchant.notification_path(path.clone()),
        None => merchant.notifications_at_any_path(),
    };
    if let Some((client_key, client_secret)) = settings.snap_va {
        merchant = merchant.snap_va(client_key, client_secret, |_payment| async {
            Ok::<(), &'static str>(())
        });
    }
    if let Some(store) = settings.store {
        merchant = merchant.store(Arc::new(store));
    }
    let observed = events.clone();
    let router = merchant
        .on_exchange(move |exchange| {
            // Nobody listening any more is not the sender's problem.
            observed.send(report::event(exchange)).ok();
        })
        .router()
        .map_err(|error| Failure::BadInput(format!("--path: {error}")))?;
    Ok(match settings.only_path {
        Some(only) => router.fallback(move |method: Method, uri: Uri| {
            let answer =
                SnapResponse::from(ack::snap_answer(SnapCase::InvalidRouting, Endpoint::Notify));
            let mut event = report::refused(&format!("not the callback path {only}"));
            let body = String::from_utf8_lossy(answer.body()).into_owned();
            let target = uri
                .path_and_query()
                .map_or(uri.path(), |target| target.as_str());
            report::with_request(&mut event, method.as_str(), target, answer.status(), &body);
            events.send(event).ok();
            std::future::ready(answer.into_response())
        }),
        None => router,
    })
}
