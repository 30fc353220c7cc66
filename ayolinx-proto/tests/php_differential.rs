//! Differential test against PHP itself: `body::encode(PhpJson)` must equal PHP 8's
//! `json_encode` byte for byte on 12,000 generated JSON values, with `php` run once over the
//! whole batch.
//!
//! The values come from a seeded generator (the same values on every run): deep nesting (up to
//! and past `json_encode`'s depth limit of 512), empty objects and arrays, strings from every
//! escape class (control characters, `/`, `"`, `\`, U+007F, non-ASCII BMP including U+2028 and
//! U+FEFF, astral-plane characters), long strings, integers (near the `i64` limits too) and
//! doubles (random bit patterns, short decimals, the boundaries of PHP's exponent form,
//! subnormals, `-0.0`).
//!
//! How PHP reads them, exactly: each value is one line of compact JSON, decoded with
//! `json_decode($line, false, 1000)`: objects stay objects (`stdClass`, so `{}` stays `{}`),
//! doubles are always written with a `.` or an exponent (so PHP reads a double, and
//! reads the same double: both sides round correctly), and integers are within `i64` (so PHP
//! reads an int). Integers above `i64::MAX` are checked separately: PHP turns them into doubles,
//! and `PhpJson` refuses them. Object keys never start with NUL, which PHP cannot hold as a
//! property name. Without `php` on the PATH the test fails (it never skips): CI installs
//! `php-cli` in `.ci/install-php.sh`.

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

use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::Instant;

use ayolinx_proto::body::{BodyEncoding, BodyError, MAX_DEPTH, encode};
use serde_json::{Map, Value};

/// How many values are compared.
const VALUES: usize = 12_000;

/// What PHP runs: one decode and one encode per line; a failure is a line starting with `!`.
const PHP_SCRIPT: &str = r#"
ini_set('serialize_precision', '-1');
$in = fopen('php://stdin', 'r');
while (($line = fgets($in)) !== false) {
    $value = json_decode(rtrim($line, "\n"), false, 1000);
    if (json_last_error() !== JSON_ERROR_NONE) {
        echo '!decode: ', json_last_error_msg(), "\n";
        continue;
    }
    $out = json_encode($value);
    echo $out === false ? '!' . json_last_error_msg() : $out, "\n";
}
"#;

/// SplitMix64: a small seeded generator, so the batch is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias does not matter here).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn char_in(rng: &mut Rng, low: u32, high: u32) -> char {
    loop {
        if let Some(c) = char::from_u32(low + rng.below(u64::from(high - low + 1)) as u32) {
            return c;
        }
    }
}

/// One character from one of the escape classes.
fn any_char(rng: &mut Rng) -> char {
    match rng.below(10) {
        0 => char_in(rng, 0x00, 0x1f),
        1 => *rng.pick(&['/', '"', '\\', '\u{7f}', '<', '>', '&', '\'', '%']),
        2 | 3 => char_in(rng, 0x20, 0x7e),
        4 => char_in(rng, 0x80, 0x7ff),
        5 => *rng.pick(&[
            '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffd}', '\u{ffff}', 'é', '—',
        ]),
        6 => char_in(rng, 0x800, 0xffff),
        7 => char_in(rng, 0x1_0000, 0x1_ffff),
        8 => char_in(rng, 0x2_0000, 0x10_ffff),
        _ => *rng.pick(&['😀', '𝄞', '\u{10ffff}', '\u{10000}']),
    }
}

fn string(rng: &mut Rng) -> String {
    let len = match rng.below(400) {
        0..=19 => 0,
        20 => 1000 + rng.below(3000),
        _ => rng.below(24),
    };
    (0..len).map(|_| any_char(rng)).collect()
}

fn key(rng: &mut Rng) -> String {
    let mut key = if rng.below(4) == 0 {
        string(rng)
    } else {
        rng.pick(&["a", "b", "", "0", "1", "url", "amount", "-1", "a b"])
            .to_string()
    };
    if key.starts_with('\0') {
        key.replace_range(..1, "k");
    }
    key
}

fn integer(rng: &mut Rng) -> i64 {
    match rng.below(8) {
        0 => i64::MAX - rng.below(1000) as i64,
        1 => i64::MIN + rng.below(1000) as i64,
        2 => rng.next() as i64,
        3 => {
            let power = 1i64 << rng.below(63);
            *rng.pick(&[power, power - 1, -power, 1 - power])
        }
        4 => (1i64 << 53) + rng.below(5) as i64 - 2,
        _ => rng.below(100_000) as i64 - 50_000,
    }
}

fn double(rng: &mut Rng) -> f64 {
    let value = match rng.below(10) {
        0 | 1 => f64::from_bits(rng.next()),
        2 => (rng.below(10_000_000) as f64 - 5e6) / 10f64.powi(rng.below(8) as i32),
        3 => 10f64.powi(rng.below(40) as i32 - 20) * (1.0 + rng.below(10) as f64 / 10.0),
        4 => *rng.pick(&[
            1e15,
            1e16,
            1e17,
            9.999999999999998e16,
            1.0000000000000002e17,
            1e-4,
            9.99e-5,
            1e-5,
            0.1,
            0.3,
            2.5,
            -0.0,
            0.0,
            5e-324,
            2.2250738585072014e-308,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            9007199254740993.0,
            123456789012345680.0,
        ]),
        5 => rng.below(1 << 53) as f64,
        6 => f64::from_bits(rng.below(1 << 52)),
        _ => (rng.next() as i64) as f64 / (1u64 << rng.below(60)) as f64,
    };
    if value.is_finite() { value } else { 1.5 }
}

fn scalar(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 | 3 => Value::from(integer(rng)),
        4 | 5 => Value::from(double(rng)),
        _ => Value::String(string(rng)),
    }
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    if depth >= 6 || rng.below(6) < 2 + depth as u64 {
        return scalar(rng);
    }
    let len = match rng.below(6) {
        0 => 0,
        _ => 1 + rng.below(5) as usize,
    };
    if rng.below(2) == 0 {
        Value::Array((0..len).map(|_| value(rng, depth + 1)).collect())
    } else {
        let mut map = Map::new();
        for _ in 0..len {
            map.insert(key(rng), value(rng, depth + 1));
        }
        Value::Object(map)
    }
}

/// A chain of `depth` containers (arrays or objects, mixed or not) around `inner`.
fn nested(rng: &mut Rng, depth: usize, inner: Value) -> Value {
    let mixed = rng.below(2) == 0;
    let objects = rng.below(2) == 0;
    (0..depth).fold(inner, |inner, _| {
        let object = if mixed { rng.below(2) == 0 } else { objects };
        if object {
            Value::Object(Map::from_iter([(key(rng), inner)]))
        } else {
            Value::Array(vec![inner])
        }
    })
}

/// The batch: mostly random trees, some deep chains, the depth limit, and empties.
fn batch() -> Vec<Value> {
    let mut rng = Rng(0x00A7_0111_0C5E_ED00);
    let mut values = vec![
        Value::Object(Map::new()),
        Value::Array(Vec::new()),
        serde_json::json!({"a": {}, "b": [], "c": [{}, []], "d": {"e": {}}}),
    ];
    for depth in [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1] {
        for _ in 0..4 {
            let inner = scalar(&mut rng);
            values.push(nested(&mut rng, depth, inner));
        }
    }
    while values.len() < VALUES {
        let value = match rng.below(20) {
            0 => {
                let depth = 9 + rng.below(120) as usize;
                let inner = value(&mut rng, 4);
                nested(&mut rng, depth, inner)
            }
            1 => scalar(&mut rng),
            _ => value(&mut rng, 0),
        };
        values.push(value);
    }
    values
}

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
    String::from_utf8(output.stdout).unwrap()
}

/// The batch holds every class the module docs promise (so a change to the generator cannot
/// quietly drop one).
fn assert_covers_every_class(lines: &[String]) {
    let all = lines.concat();
    let has_char = |wanted: fn(char) -> bool| all.chars().any(wanted);
    assert!(has_char(|c| c > '\u{ffff}'), "no astral-plane characters");
    assert!(
        has_char(|c| ('\u{80}'..='\u{ffff}').contains(&c)),
        "no non-ASCII BMP"
    );
    assert!(has_char(|c| c == '\u{7f}'), "no U+007F");
    for needle in [
        r"\u0000",
        r"\u001f",
        r"\n",
        r#"\""#,
        r"\\",
        "/",
        "\u{2028}",
        "{}",
        "[]",
        "9223372036854775807",
        "-9223372036854775808",
        "e+",
        "e-",
        "-0.0",
    ] {
        assert!(all.contains(needle), "no {needle} in the batch");
    }
    assert!(
        lines.iter().any(|line| line.len() > 1000),
        "no long strings"
    );
}

#[test]
fn php_json_equals_php_json_encode_on_generated_values() {
    let version = php_version();
    assert!(
        version.starts_with('8'),
        "PHP 8 is required, found {version}"
    );
    let started = Instant::now();
    let values = batch();
    let lines: Vec<String> = values
        .iter()
        .map(|value| serde_json::to_string(value).unwrap())
        .collect();
    assert_covers_every_class(&lines);
    let php = run_php(&lines);
    assert_eq!(
        php.len(),
        values.len(),
        "PHP answered a different number of lines"
    );
    let mut failures = Vec::new();
    let (mut equal, mut too_deep) = (0, 0);
    for ((value, input), php) in values.iter().zip(&lines).zip(&php) {
        match encode(value, BodyEncoding::PhpJson) {
            Ok(ours) if ours == php.as_bytes() => equal += 1,
            Ok(ours) => failures.push(format!(
                "input {input}\n  php:  {php}\n  ours: {}",
                String::from_utf8_lossy(&ours)
            )),
            Err(BodyError::TooDeep { .. }) if php == "!Maximum stack depth exceeded" => {
                too_deep += 1;
            }
            Err(error) => failures.push(format!("input {input}\n  php:  {php}\n  ours: {error}")),
        }
    }
    let bytes: usize = lines.iter().map(String::len).sum();
    eprintln!(
        "php differential: {} values ({bytes} bytes of JSON) against PHP {version}: {equal} equal, \
         {too_deep} refused by both as too deep, {} differ; {:.2} s",
        values.len(),
        failures.len(),
        started.elapsed().as_secs_f64()
    );
    let shown: Vec<&String> = failures.iter().take(10).collect();
    assert!(
        failures.is_empty(),
        "{} values differ:\n{shown:#?}",
        failures.len()
    );
    assert!(
        equal >= 10_000 && too_deep >= 4,
        "{equal} equal, {too_deep} too deep"
    );
}

#[test]
fn integers_above_i64_are_refused_where_php_changes_them() {
    // PHP decodes these as doubles and re-encodes other bytes; PhpJson refuses them rather than
    // sign bytes that a PHP server would not reproduce.
    let mut rng = Rng(0xB16_1A7);
    let values: Vec<u64> = (0..200)
        .map(|i| match i {
            0 => i64::MAX as u64 + 1,
            1 => u64::MAX,
            _ => i64::MAX as u64 + 1 + rng.below(i64::MAX as u64),
        })
        .collect();
    let lines: Vec<String> = values.iter().map(|n| format!("[{n}]")).collect();
    let php = run_php(&lines);
    assert_eq!(php.len(), values.len());
    for ((n, input), php) in values.iter().zip(&lines).zip(&php) {
        assert_ne!(php, input, "PHP kept {n} exactly");
        assert!(php.contains("e+18") || php.contains("e+19"), "{n}: {php}");
        assert!(
            matches!(
                encode(&serde_json::json!([n]), BodyEncoding::PhpJson),
                Err(BodyError::IntegerOutOfRange { .. })
            ),
            "{n}"
        );
    }
}
