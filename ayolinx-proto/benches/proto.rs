//! Criterion benchmarks of the core, each SDK operation beside its cryptographic floor (the bare
//! primitives on the same bytes), plus response parsing and body encoding.
//!
//! ```text
//! cargo bench -p ayolinx-proto --bench proto -- --warm-up-time 0.5 --measurement-time 2
//! ```
//!
//! `bench/run.sh` at the repository root runs these with short times, beside the peers.
// A benchmark fails loudly on a broken fixture; there is no caller to hand an error to.
#![allow(clippy::expect_used)]

mod support;

use std::hint::black_box;
use std::time::Duration;

use ayolinx_proto::api::Operation;
use ayolinx_proto::api::ewallet::EwalletPaymentRequest;
use ayolinx_proto::api::payment_link::PaymentLinkCreateRequest;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::RetailCreateRequest;
use ayolinx_proto::api::token::AccessTokenRequest;
use ayolinx_proto::api::va::VaCreateRequest;
use ayolinx_proto::body::{BodyEncoding, encode};
use ayolinx_proto::client::parse_response;
use ayolinx_proto::{HttpResponse, PrivateKey};
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use support::{Fixture, Floor};

fn fixtures() -> (Fixture, Floor) {
    let fixture = Fixture::new().expect("the benchmark fixture");
    let floor = Floor::new(&fixture).expect("the floor agrees with the SDK");
    (fixture, floor)
}

/// Preparing a signed QRIS generate request, beside SHA-256 + HMAC-SHA512 of the same bytes.
fn prepare(c: &mut Criterion) {
    let (fixture, floor) = fixtures();
    let mut group = c.benchmark_group("prepare_qris_generate");
    group.bench_function("sdk", |b| {
        b.iter(|| fixture.prepare().expect("prepare"));
    });
    group.bench_function("floor_sha256_hmac_sha512", |b| {
        b.iter(|| black_box(&floor).prepare());
    });
    group.bench_function("floor_sha256_hmac_sha512_keyed_once", |b| {
        b.iter(|| black_box(&floor).prepare_keyed());
    });
    group.finish();
}

/// The access-token signature (SHA256withRSA), beside the bare aws-lc-rs signature.
fn token_signature(c: &mut Criterion) {
    let (fixture, floor) = fixtures();
    let key = PrivateKey::from_pem(support::PRIVATE_KEY_PEM).expect("the private key");
    let message = fixture.token_string_to_sign.as_bytes();
    let mut group = c.benchmark_group("token_signature_rsa2048");
    group.bench_function("sdk_sign_base64", |b| {
        b.iter(|| key.sign_base64(black_box(message)));
    });
    group.bench_function("sdk_prepare_token", |b| {
        b.iter(|| fixture.client.prepare_token(&fixture.now).expect("token"));
    });
    group.bench_function("floor_rsa_sign", |b| {
        b.iter(|| black_box(&floor).sign().expect("sign"));
    });
    group.finish();
}

/// Verifying and parsing a QRIS callback, beside the bare RSA-2048 verification.
fn verify_callback(c: &mut Criterion) {
    let (fixture, floor) = fixtures();
    let mut group = c.benchmark_group("verify_qris_callback");
    group.bench_function("sdk_verify_and_parse", |b| {
        b.iter(|| fixture.verify_and_parse().expect("verify"));
    });
    group.bench_function("sdk_verify_signature_only", |b| {
        b.iter(|| {
            fixture
                .verifier
                .verify_signature_only(&fixture.callback.as_inbound(), fixture.now)
                .expect("verify")
        });
    });
    group.bench_function("floor_rsa_verify", |b| {
        b.iter(|| assert!(black_box(&floor).verify()));
    });
    group.finish();
}

fn bench_parse<O: Operation>(group: &mut BenchmarkGroup<'_, WallTime>, body: &str) {
    let response = HttpResponse::new(200, body);
    parse_response::<O>(&response).expect(O::NAME);
    group.bench_function(O::NAME, |b| {
        b.iter(|| parse_response::<O>(black_box(&response)).expect(O::NAME));
    });
}

/// Parsing the answer of each response type (query answers share one type, so one stands for
/// QRIS, e-wallet, VA and retail queries).
fn parse_responses(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_response");
    bench_parse::<AccessTokenRequest>(
        &mut group,
        r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"gp9HjjEj813Y9JGoqwOeOPWbnt4CUpvIJbU1mMU4a11MNDZ7Sg5u9a","tokenType":"Bearer","expiresIn":"900","additionalInfo":{}}"#,
    );
    bench_parse::<QrisGenerateRequest>(
        &mut group,
        r#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":"00020101021226670016ID.CO.BANKNEOCOMMERCE.WWW0118936004900000000000215ID10243000000000303UMI51440014ID.CO.QRIS.WWW0215ID10243000000000303UMI5204599953033605405150005802ID5909Toko Kita6007Jakarta61051234062230519ORD-20240912-00016304ABCD","partnerReferenceNo":"ORD-20240912-0001","expiredDate":"1726121400","merchantName":"Toko Kita"}"#,
    );
    bench_parse::<QrisQueryRequest>(
        &mut group,
        r#"{"responseCode":"2005100","responseMessage":"Successful","originalReferenceNo":"20240912125500800110166944801931623","originalPartnerReferenceNo":"ORD-20240912-0001","latestTransactionStatus":"00","finishedTime":"2024-09-12T12:57:00+07:00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS","rRN":"426512345678","paymentNtb":"42"}}"#,
    );
    bench_parse::<QrisCancelRequest>(
        &mut group,
        r#"{"responseCode":"2007700","responseMessage":"Successful","originalReferenceNo":"20240912125500800110166944801931623","additionalInfo":{"traceId":"7f1c"},"originalPartnerReferenceNo":"ORD-20240912-0001"}"#,
    );
    bench_parse::<EwalletPaymentRequest>(
        &mut group,
        r#"{"responseCode":"2005400","responseMessage":"Successful","webRedirectUrl":"https://m.dana.id/m/portal/cashier/checkout?bizNo=20240912111212800100166944801931623","referenceNo":"2024091200001","partnerReferenceNo":"ORD-20240912-0002"}"#,
    );
    bench_parse::<VaCreateRequest>(
        &mut group,
        r#"{"responseCode":"2002700","responseMessage":"Success","virtualAccountData":{"partnerServiceId":"98829172","customerNo":"98829172123456789","virtualAccountNo":"98829172123456789","virtualAccountName":"Réné Suryadi","trxId":"ORD-20240912-0003","totalAmount":{"currency":"IDR","value":"11500.00"},"expiredDate":"2024-09-13T12:55:00+07:00","additionalInfo":{"channel":"VIRTUAL_ACCOUNT_BNI","howToPayPage":"https://pay.ayolinx.id/howto"},"freeText":[]}}"#,
    );
    bench_parse::<RetailCreateRequest>(
        &mut group,
        r#"{"responseCode":"00","responseMessage":"Successful","partnerReferenceNo":"ORD-20240912-0004","expiryDate":"1726207200","vaNumber":"888812345678","paymentUrl":"https://payment.ayolinx.id/retail/888812345678"}"#,
    );
    bench_parse::<PaymentLinkCreateRequest>(
        &mut group,
        r#"{"responseCode":"2000100","responseMessage":"Successful","paymentLink":"https://payment-new-production.ayolinx.id/4DrzTTeCn9Z","partnerReferenceNo":"4DrzTTeCn9Z","expiryDate":"2025-08-22T11:30:00+07:00"}"#,
    );
    group.finish();
}

/// PHP-style (`json_encode`) against compact body encoding, on the QRIS order and on a body with
/// non-ASCII text and slashes, beside `serde_json::to_vec`.
fn body_encoding(c: &mut Criterion) {
    let order = support::qris_order().expect("the order");
    let text = serde_json::json!({
        "partnerReferenceNo": "ORD-20240912-0005",
        "virtualAccountName": "Réné Suryadi — Toko Kita 😀",
        "urlParams": [{"type": "NOTIFICATION", "url": "https://merchant.example/ayolinx/callback"}],
        "amount": {"currency": "IDR", "value": "11500.00"},
    });
    let mut group = c.benchmark_group("body_encoding");
    for (name, encoding) in [
        ("php_json", BodyEncoding::PhpJson),
        ("compact", BodyEncoding::Compact),
    ] {
        group.bench_function(format!("qris_order/{name}"), |b| {
            b.iter(|| encode(black_box(&order), encoding).expect("encode"));
        });
        group.bench_function(format!("unicode_value/{name}"), |b| {
            b.iter(|| encode(black_box(&text), encoding).expect("encode"));
        });
    }
    group.bench_function("qris_order/serde_json_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&order)).expect("encode"));
    });
    group.finish();
}

fn short() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(50)
}

criterion_group! {
    name = benches;
    config = short();
    targets = prepare, token_signature, verify_callback, parse_responses, body_encoding
}
criterion_main!(benches);
