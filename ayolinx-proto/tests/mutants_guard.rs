//! What the mutation pass over `guard.rs` found unchecked: the order's own reference as the
//! guard hands it back, and the name of every recorded state.

use ayolinx_proto::guard::{ExpectedPayment, Recorded};
use ayolinx_proto::{Amount, Money};

#[test]
fn an_order_hands_back_its_own_reference() {
    let order = ExpectedPayment::new("ORD-42", Money::idr(Amount::ZERO)).reference_no("AYO-REF-9");
    assert_eq!(order.partner_reference_no(), "ORD-42");
}

#[test]
fn every_recorded_state_has_its_name() {
    for (recorded, name) in [
        (Recorded::Open, "open"),
        (Recorded::Fulfilled, "fulfilled"),
        (Recorded::Cancelled, "cancelled"),
        (Recorded::Expired, "expired"),
        (Recorded::Failed, "failed"),
    ] {
        assert_eq!(recorded.as_str(), name);
    }
}
