//! Every operation of every product, through each client.

use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest};
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest, pad_partner_service_id};
use ayolinx_proto::{Amount, Channel, Timestamp, TransactionStatus, WireTime};
use ayolinx_sandbox::Sandbox;

use crate::common::idr;
use crate::subject::{Setup, Subject};

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_of_every_product_goes_through_the_sandbox() {
    for kind in 0..2 {
        let sandbox = Sandbox::builder().start().unwrap();
        let client = Subject::both(&sandbox, Setup::default())[kind].clone();
        every_operation(&sandbox, &client).await;
    }
}

async fn every_operation(sandbox: &ayolinx_sandbox::SandboxHandle, client: &Subject) {
    let status = |answer: ayolinx_proto::api::common::TransactionStatusResponse| {
        answer.latest_transaction_status.unwrap()
    };

    // QRIS: generate, query, pay, query; generate, cancel, query.
    let qr = client
        .send(&QrisGenerateRequest::new("E2E-QR-1", idr(15_000)))
        .await
        .unwrap();
    assert!(qr.qr_content.starts_with("000201"), "{}", qr.qr_content);
    let query = QrisQueryRequest::new("E2E-QR-1");
    assert_eq!(
        status(client.send(&query).await.unwrap()),
        TransactionStatus::Initiated
    );
    sandbox.pay("E2E-QR-1").unwrap();
    let paid = client.send(&query).await.unwrap();
    assert_eq!(paid.amount, Some(idr(15_000)));
    assert_eq!(status(paid), TransactionStatus::Success);
    client
        .send(&QrisGenerateRequest::new("E2E-QR-2", idr(20_000)))
        .await
        .unwrap();
    client
        .send(&QrisCancelRequest::new("E2E-QR-2").reason("customer left"))
        .await
        .unwrap();
    let cancelled = client
        .send(&QrisQueryRequest::new("E2E-QR-2"))
        .await
        .unwrap();
    assert_eq!(status(cancelled), TransactionStatus::Canceled);

    // E-wallet: pay, status.
    let payment = client
        .send(&EwalletPaymentRequest::new("E2E-EW-1", idr(30_000)))
        .await
        .unwrap();
    assert!(payment.web_redirect_url.is_some());
    let ewallet_status = EwalletStatusRequest::new("E2E-EW-1");
    assert_eq!(
        status(client.send(&ewallet_status).await.unwrap()),
        TransactionStatus::Initiated
    );
    sandbox.pay("E2E-EW-1").unwrap();
    assert_eq!(
        status(client.send(&ewallet_status).await.unwrap()),
        TransactionStatus::Success
    );

    // Virtual account: create, inquiry.
    let va = client
        .send(&VaCreateRequest::new(
            pad_partner_service_id("12345"),
            "0001",
            "Budi",
            "E2E-VA-1",
            idr(10_000),
            Channel::VirtualAccountBni,
        ))
        .await
        .unwrap();
    let data = va.virtual_account_data.unwrap();
    assert_eq!(data.trx_id.as_deref(), Some("E2E-VA-1"));
    let inquiry = VaInquiryRequest::new("E2E-VA-1", Channel::VirtualAccountBni);
    assert_eq!(
        status(client.send(&inquiry).await.unwrap()),
        TransactionStatus::Initiated
    );

    // Retail: create, query.
    let in_an_hour = Timestamp::from_unix(unix_now() + 3_600).unwrap();
    client
        .send(&RetailCreateRequest::new(
            "E2E-RT-1",
            WireTime::iso(in_an_hour),
            "Budi",
            "budi@example.com",
            idr(25_000),
            Channel::RetailAlfamart,
        ))
        .await
        .unwrap();
    let retail = RetailQueryRequest::new("E2E-RT-1", Channel::RetailAlfamart);
    assert_eq!(
        status(client.send(&retail).await.unwrap()),
        TransactionStatus::Initiated
    );

    // Payment link: create.
    let link = client
        .send(
            &PaymentLinkCreateRequest::new("E2E-PL-1")
                .item(LinkItem::new(
                    "T-shirt",
                    Amount::from_rupiah(50_000).unwrap(),
                    2,
                ))
                .customer_name("Budi"),
        )
        .await
        .unwrap();
    assert!(
        link.payment_link.starts_with("http"),
        "{}",
        link.payment_link
    );

    let mut references: Vec<_> = sandbox
        .transactions()
        .into_iter()
        .map(|t| t.partner_reference_no)
        .collect();
    references.sort();
    assert_eq!(
        references,
        [
            "E2E-EW-1", "E2E-PL-1", "E2E-QR-1", "E2E-QR-2", "E2E-RT-1", "E2E-VA-1"
        ]
    );
    for operation in [
        "qris.generate",
        "qris.query",
        "qris.cancel",
        "ewallet.pay",
        "ewallet.status",
        "va.create",
        "va.inquiry",
        "retail.create",
        "retail.query",
        "payment_link.create",
    ] {
        assert!(sandbox.request_count(operation) >= 1, "{operation}");
    }
    assert_eq!(
        sandbox.request_count("token"),
        1,
        "one token serves every call"
    );
}

fn unix_now() -> i64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(seconds).unwrap()
}
