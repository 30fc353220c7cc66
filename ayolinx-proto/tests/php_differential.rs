//! Differential test against PHP itself: `body::encode(PhpJson)` must equal PHP 8's
//! `json_encode` byte for byte on the 12,000 generated values of `php_batch`, with `php` run
//! once over the whole batch, and PHP's bytes must still be the committed golden files that
//! `php_golden` checks in the default suite.
//!
//! It needs the PHP 8 command line, so it is built only with the `php-peer` feature:
//! `cargo test -p ayolinx-proto --features php-peer --test php_differential` (`.ci/run` runs it
//! after `.ci/install-php.sh`). Without `php` on the PATH it fails, it never skips. With
//! `AYOLINX_REGENERATE_PHP_GOLDEN=1` it rewrites the golden files from PHP's answers instead of
//! comparing them (`tests/fixtures/php/differential/regenerate.sh`); the encoder is compared
//! with PHP either way.

// Tests may unwrap, index, panic and report (the workspace lints warn on them in library code);
// this one also runs a process and times itself, which the core's no-I/O bans forbid the core.
#![allow(
    clippy::disallowed_methods,
    clippy::disallowed_types,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

mod php_batch;

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::Instant;

use php_batch::{Golden, PHP_SCRIPT, REGENERATE, VALUES};

/// Runs PHP once over `lines` (each one JSON document) and returns its output lines.
fn run_php(lines: &[String]) -> Vec<String> {
    let mut child = Command::new("php")
        .args([
            "-d",
            "serialize_precision=-1",
            "-d",
            "memory_limit=1G",
            "-r",
            PHP_SCRIPT,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| php_missing(&error));
    let mut stdin = child.stdin.take().unwrap();
    let input = lines.join("\n") + "\n";
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let mut output = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut output)
        .unwrap();
    writer.join().unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "php exited with {status}");
    output.lines().map(str::to_owned).collect()
}

/// Fails the test loudly (never skips) when `php` cannot be started.
fn php_missing(error: &std::io::Error) -> ! {
    panic!(
        "cannot run `php` ({error}): this test needs the PHP 8 command line. Install it \
         (Debian/Ubuntu: `apt-get install -y php-cli`; .ci/install-php.sh does this in CI)."
    )
}

fn php_version() -> String {
    let output = Command::new("php")
        .args(["-r", "echo PHP_VERSION;"])
        .output()
        .unwrap_or_else(|error| php_missing(&error));
    let version = String::from_utf8(output.stdout).unwrap();
    assert!(
        version.starts_with('8'),
        "PHP 8 is required, found {version}"
    );
    version
}

/// Rewrites `golden` from PHP's answers when asked to, and otherwise checks that PHP still
/// answers the committed bytes.
fn check_golden(golden: &Golden, version: &str, lines: &[String], php: &[String]) {
    if std::env::var_os("AYOLINX_REGENERATE_PHP_GOLDEN").is_some() {
        golden.write(version, lines, php);
        eprintln!("wrote {}", golden.path.display());
        return;
    }
    let committed = golden.read(lines);
    let differing = committed.iter().zip(php).filter(|(a, b)| a != b).count();
    assert!(
        committed.len() == php.len() && differing == 0,
        "PHP {version} no longer answers the bytes of {} ({} committed lines, {} answered, {differing} \
         differ): regenerate it with `{REGENERATE}` and review the difference",
        golden.path.display(),
        committed.len(),
        php.len()
    );
}

#[test]
fn php_json_equals_php_json_encode_on_generated_values() {
    let version = php_version();
    let started = Instant::now();
    let (values, lines) = php_batch::batch_lines();
    assert_eq!(values.len(), VALUES);
    let php = run_php(&lines);
    let comparison = php_batch::compare(&values, &lines, &php);
    let bytes: usize = lines.iter().map(String::len).sum();
    eprintln!(
        "php differential: {} values ({bytes} bytes of JSON) against PHP {version}: {} equal, \
         {} refused by both as too deep, {} differ; {:.2} s",
        values.len(),
        comparison.equal,
        comparison.too_deep,
        comparison.failures.len(),
        started.elapsed().as_secs_f64()
    );
    comparison.assert_all_equal();
    check_golden(&Golden::named("batch.txt"), &version, &lines, &php);
}

#[test]
fn integers_above_i64_are_refused_where_php_changes_them() {
    let version = php_version();
    let (values, lines) = php_batch::big_integer_lines();
    let php = run_php(&lines);
    php_batch::assert_big_integers_refused(&values, &lines, &php);
    check_golden(&Golden::named("big-integers.txt"), &version, &lines, &php);
}
