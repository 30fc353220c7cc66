//! A notification's string fields are read as ranges of the body it keeps, not copied: reading
//! eight more string fields costs no allocation (its own test binary: it counts the process's
//! allocations with dhat).

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ayolinx_proto::callback::Notification;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// The blocks allocated to read `body`, with the notification dropped: the fewest of five reads,
/// since dhat counts the whole process's allocations, and the test harness's own thread
/// sometimes allocates during one of them.
fn blocks_to_read(body: &[u8]) -> u64 {
    (0..5)
        .map(|_| {
            let before = dhat::HeapStats::get().total_blocks;
            let notification = Notification::from_json_bytes(body).unwrap();
            let after = dhat::HeapStats::get().total_blocks;
            drop(notification);
            after - before
        })
        .min()
        .unwrap()
}

#[test]
fn string_fields_are_ranges_of_the_body() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let few = br#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}"#;
    let many = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","partnerReferenceNo":"ORD-1","latestTransactionStatus":"00","transactionStatusDesc":"SUCCESS","amount":{"currency":"IDR","value":"15000.00"},"customerNumber":"6281234","callbackType":"QRIS","additionalInfo":{"channel":"BNC_QRIS","bankCode":"014","RRN":"412345678901","userName":"JOKUL"}}"#;
    let escaped = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD\u002d1","partnerReferenceNo":"ORD\u002d1","latestTransactionStatus":"00","transactionStatusDesc":"SUCC\u0045SS","amount":{"currency":"IDR","value":"15000.00"},"customerNumber":"6281\u00234","callbackType":"QR\u0049S","additionalInfo":{"channel":"BNC_QRIS","bankCode":"01\u00344","RRN":"41234567890\u00341","userName":"JOKUL\u0021"}}"#;
    let (few, many, escaped) = (
        blocks_to_read(few),
        blocks_to_read(many),
        blocks_to_read(escaped),
    );
    assert_eq!(
        many, few,
        "eight more plain strings should cost no allocation"
    );
    // The same strings with an escape each are unescaped into text of their own.
    assert!(
        escaped >= many + 8,
        "escaped strings: {escaped} blocks, plain: {many}"
    );
}
