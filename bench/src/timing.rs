//! A small timing loop: operations measured in interleaved rounds, the best round kept.
//!
//! Interleaving puts an operation and its floor under the same machine load; keeping the best
//! round (the least disturbed) estimates what one core does, the figure the peers report too.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One operation to time: a name and a closure doing it once.
pub struct Op<'a> {
    /// The name printed in the results, e.g. `prepare_sdk`.
    pub name: &'static str,
    /// Runs the operation once; its result goes through `black_box`.
    pub run: Box<dyn FnMut() + 'a>,
}

impl<'a> Op<'a> {
    /// An operation from a closure whose result is kept from the optimiser.
    pub fn new<T>(name: &'static str, mut run: impl FnMut() -> T + 'a) -> Self {
        Self {
            name,
            run: Box::new(move || {
                black_box(run());
            }),
        }
    }
}

/// How many times `run` fits in `target`, measured over a short calibration.
fn batch_size(run: &mut dyn FnMut(), target: Duration) -> u64 {
    let start = Instant::now();
    let mut done = 0u64;
    while start.elapsed() < Duration::from_millis(20) {
        run();
        done += 1;
    }
    let per_op = start.elapsed().as_secs_f64() / done.max(1) as f64;
    ((target.as_secs_f64() / per_op) as u64).max(1)
}

/// Operations per second of each op: `rounds` interleaved rounds of about `round_time` each,
/// the best round kept. Returns `(name, ops_per_second)` in the order given.
pub fn measure(
    ops: &mut [Op<'_>],
    round_time: Duration,
    rounds: usize,
) -> Vec<(&'static str, f64)> {
    let batches: Vec<u64> = ops
        .iter_mut()
        .map(|op| batch_size(&mut op.run, round_time))
        .collect();
    let mut best = vec![0f64; ops.len()];
    for _ in 0..rounds {
        for ((op, batch), best) in ops.iter_mut().zip(&batches).zip(best.iter_mut()) {
            let start = Instant::now();
            for _ in 0..*batch {
                (op.run)();
            }
            let rate = *batch as f64 / start.elapsed().as_secs_f64();
            *best = best.max(rate);
        }
    }
    ops.iter().map(|op| op.name).zip(best).collect()
}
