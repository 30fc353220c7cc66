//! Which route a callback is verified against, on the sandbox's real callbacks: the path alone
//! (the default), the path with its query string, or a registered route for a router that
//! forwards callbacks to another path; and the risk of each, shown.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::time::Duration;

use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::callback::{CallbackErrorKind, CallbackVerifier, InboundRequest, Route};
use ayolinx_sandbox::{Sandbox, SandboxHandle};
use support::{Merchant, Received, Receiver, idr, now};

/// The first callback of an order whose NOTIFICATION URL is `{receiver}/cb?refNo=ORD-Q`.
fn callback_with_query(sign_query: bool) -> (Received, SandboxHandle, Receiver) {
    let receiver = Receiver::acknowledging();
    let sandbox = Sandbox::builder().sign_query(sign_query).start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let url = format!("{}/cb?refNo=ORD-Q", receiver.base_url);
    merchant
        .ok(&QrisGenerateRequest::new("ORD-Q", idr(1_000)).url_param(UrlParam::notification(url)));
    sandbox.pay("ORD-Q").unwrap();
    let callback = receiver.wait_for(1, Duration::from_secs(10))[0].clone();
    assert_eq!(callback.path, "/cb?refNo=ORD-Q");
    (callback, sandbox, receiver)
}

fn verifier(sandbox: &SandboxHandle) -> CallbackVerifier {
    CallbackVerifier::new(sandbox.ayolinx_public_key().clone())
}

/// `request` arrived at `path` instead.
fn at<'a>(request: &'a Received, path: &'a str) -> InboundRequest<'a> {
    InboundRequest::new("POST", path, &request.headers, &request.body)
}

fn refused_kind(verifier: &CallbackVerifier, request: &InboundRequest<'_>) -> CallbackErrorKind {
    verifier.verify(request, now()).unwrap_err().kind().clone()
}

#[test]
fn the_path_alone_is_the_default_and_leaves_the_query_unsigned() {
    let (callback, sandbox, _receiver) = callback_with_query(false);
    let path_alone = verifier(&sandbox);
    assert!(path_alone.verify(&callback.inbound(), now()).is_ok());
    // The risk: the query is not signed, so another query verifies just as well.
    assert!(
        path_alone
            .verify(&at(&callback, "/cb?refNo=SOMEONE-ELSE"), now())
            .is_ok()
    );
    // A verifier that includes the query refuses what Ayolinx (here the sandbox) signed.
    let with_query = verifier(&sandbox).include_query(true);
    assert!(matches!(
        refused_kind(&with_query, &callback.inbound()),
        CallbackErrorKind::BadSignature { .. }
    ));
}

#[test]
fn the_path_with_its_query_signs_the_query_too() {
    let (callback, sandbox, _receiver) = callback_with_query(true);
    let with_query = verifier(&sandbox).include_query(true);
    assert!(with_query.verify(&callback.inbound(), now()).is_ok());
    // The query is signed: another one is refused.
    assert!(matches!(
        refused_kind(&with_query, &at(&callback, "/cb?refNo=SOMEONE-ELSE")),
        CallbackErrorKind::BadSignature { .. }
    ));
    // The risk: a proxy that re-encodes or reorders the query breaks every signature.
    assert!(
        with_query
            .verify(&at(&callback, "/cb?refNo=ORD%2DQ"), now())
            .is_err()
    );
    // And the default (path alone) refuses a callback whose query was signed.
    assert!(
        verifier(&sandbox)
            .verify(&callback.inbound(), now())
            .is_err()
    );
}

#[test]
fn a_registered_route_verifies_callbacks_forwarded_to_another_path() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/webhooks/ayolinx");
    merchant.ok(&QrisGenerateRequest::new("ORD-R", idr(1_000)));
    sandbox.pay("ORD-R").unwrap();
    let callback = receiver.wait_for(1, Duration::from_secs(10))[0].clone();
    // The router received it at the registered URL and forwarded it to the site's own path.
    let forwarded = at(&callback, "/site-a/ayolinx");
    assert!(matches!(
        refused_kind(&verifier(&sandbox), &forwarded),
        CallbackErrorKind::BadSignature { .. }
    ));
    let registered = verifier(&sandbox).route(Route::Fixed("/webhooks/ayolinx".into()));
    assert!(registered.verify(&forwarded, now()).is_ok());
    // The risk: the path it arrived at is not checked, so any path this verifier serves takes it.
    assert!(
        registered
            .verify(&at(&callback, "/site-b/ayolinx"), now())
            .is_ok()
    );
    // A route that is not the registered one is refused.
    let other = verifier(&sandbox).route(Route::Fixed("/webhooks/other".into()));
    assert!(other.verify(&forwarded, now()).is_err());
}
