//! `body::encode(PhpJson)` against the bytes real PHP 8 produced for the 12,000 generated values
//! of `php_batch` (and for the integers above `i64::MAX`), committed in
//! `tests/fixtures/php/differential/`: PHP-exactness checked in the default suite, with no PHP
//! installed. `php_differential` (feature `php-peer`) runs PHP itself on the same inputs and
//! checks that it still answers these bytes; `tests/fixtures/php/differential/regenerate.sh`
//! rewrites them. Each file's header holds the SHA-256 of its inputs, so a change to the
//! generator fails here until the files are regenerated.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod php_batch;

use php_batch::{Golden, VALUES};

#[test]
fn php_json_equals_the_bytes_php_produced_for_the_generated_values() {
    let (values, lines) = php_batch::batch_lines();
    assert_eq!(values.len(), VALUES);
    let php = Golden::named("batch.txt").read(&lines);
    php_batch::compare(&values, &lines, &php).assert_all_equal();
}

#[test]
fn integers_above_i64_are_refused_where_php_changed_them() {
    let (values, lines) = php_batch::big_integer_lines();
    let php = Golden::named("big-integers.txt").read(&lines);
    php_batch::assert_big_integers_refused(&values, &lines, &php);
}
