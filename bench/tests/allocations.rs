//! The allocation budgets of the hot operations: a change that allocates more per prepared
//! request or per verified callback fails here (BENCHMARKS.md records how the budgets were cut).

use ayolinx_bench::allocations::{Count, per_operation};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[test]
fn allocations_per_operation_stay_within_budget() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let counts = per_operation().unwrap();
    let budget = |name| match name {
        // 8, plus the body encoder's list of the open objects' keys (the duplicate-key check),
        // which grows twice for a QRIS body.
        "prepare" => 10,
        // The kept body, and one list of modelled values per object the one reader reads
        // shallowly (the notification, `additionalInfo`, `amount`, `feeMoney`).
        "verify_and_parse" => 11,
        // 11, plus the duplicate-key check's list of the token body's one key.
        "prepare_token" => 12,
        other => panic!("no budget for {other}"),
    };
    for Count { name, blocks, .. } in counts {
        assert!(
            blocks <= budget(name),
            "{name} allocates {blocks} blocks, over its budget of {}",
            budget(name)
        );
        assert!(
            blocks > 0,
            "{name}: the counting allocator is not installed"
        );
    }
}
