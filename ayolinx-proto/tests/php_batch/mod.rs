//! The inputs of the `json_encode` differential, shared by `php_differential` (which runs real
//! PHP on them, with the `php-peer` feature) and `php_golden` (which checks the encoder against
//! the bytes PHP produced for them, committed in `tests/fixtures/php/differential/`), and the
//! one comparison both make.
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
//! reads an int). Integers above `i64::MAX` are a batch of their own: PHP turns them into
//! doubles, and `PhpJson` refuses them. Object keys never start with NUL, which PHP cannot hold
//! as a property name.
// Test support: it reads and writes the golden files and fails loudly, which the core's no-I/O
// bans and no-panic lints forbid the core itself.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::disallowed_methods,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use ayolinx_proto::body::{BodyEncoding, BodyError, MAX_DEPTH, encode};
use ayolinx_proto::signature::sha256_hex;
use serde_json::{Map, Value};

/// How many values the main batch holds.
pub const VALUES: usize = 12_000;

/// What PHP runs: one decode and one encode per line; a failure is a line starting with `!`.
pub const PHP_SCRIPT: &str = r#"
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

/// The command that rewrites the golden files from real PHP.
pub const REGENERATE: &str = "bash ayolinx-proto/tests/fixtures/php/differential/regenerate.sh";

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

/// The main batch and its input lines (compact JSON, one value per line), checked to cover every
/// class the module docs promise.
pub fn batch_lines() -> (Vec<Value>, Vec<String>) {
    let values = batch();
    let lines: Vec<String> = values
        .iter()
        .map(|value| serde_json::to_string(value).unwrap())
        .collect();
    assert_covers_every_class(&lines);
    (values, lines)
}

/// Integers above `i64::MAX`, each alone in an array, and their input lines.
pub fn big_integer_lines() -> (Vec<u64>, Vec<String>) {
    let mut rng = Rng(0xB16_1A7);
    let values: Vec<u64> = (0..200)
        .map(|i| match i {
            0 => i64::MAX as u64 + 1,
            1 => u64::MAX,
            _ => i64::MAX as u64 + 1 + rng.below(i64::MAX as u64),
        })
        .collect();
    let lines = values.iter().map(|n| format!("[{n}]")).collect();
    (values, lines)
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

/// What the encoder did against PHP's bytes on a batch.
#[derive(Debug, Default)]
pub struct Comparison {
    /// Values whose bytes equal PHP's.
    pub equal: usize,
    /// Values both refuse as too deep.
    pub too_deep: usize,
    /// Every other value, described.
    pub failures: Vec<String>,
}

/// Compares `encode(PhpJson)` of each value with PHP's answer line for it.
pub fn compare(values: &[Value], lines: &[String], php: &[String]) -> Comparison {
    assert_eq!(
        php.len(),
        values.len(),
        "PHP answered a different number of lines"
    );
    let mut comparison = Comparison::default();
    for ((value, input), php) in values.iter().zip(lines).zip(php) {
        match encode(value, BodyEncoding::PhpJson) {
            Ok(ours) if ours == php.as_bytes() => comparison.equal += 1,
            Ok(ours) => comparison.failures.push(format!(
                "input {input}\n  php:  {php}\n  ours: {}",
                String::from_utf8_lossy(&ours)
            )),
            Err(BodyError::TooDeep { .. }) if php == "!Maximum stack depth exceeded" => {
                comparison.too_deep += 1;
            }
            Err(error) => comparison
                .failures
                .push(format!("input {input}\n  php:  {php}\n  ours: {error}")),
        }
    }
    comparison
}

impl Comparison {
    /// Fails with the first differences, or when fewer values than expected were compared.
    pub fn assert_all_equal(&self) {
        let shown: Vec<&String> = self.failures.iter().take(10).collect();
        assert!(
            self.failures.is_empty(),
            "{} values differ:\n{shown:#?}",
            self.failures.len()
        );
        assert!(
            self.equal >= 10_000 && self.too_deep >= 4,
            "{} equal, {} too deep",
            self.equal,
            self.too_deep
        );
    }
}

/// Checks PHP's answers for the integers above `i64::MAX`: PHP re-encodes each as a double,
/// and `PhpJson` refuses each rather than sign bytes that a PHP server would not reproduce.
pub fn assert_big_integers_refused(values: &[u64], lines: &[String], php: &[String]) {
    assert_eq!(php.len(), values.len());
    for ((n, input), php) in values.iter().zip(lines).zip(php) {
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

/// A golden file: PHP's answer lines for one batch, after a header line that names the PHP
/// version and the SHA-256 of the input lines, so that a change to the generator cannot pass
/// against stale answers.
pub struct Golden {
    /// The file, below `tests/fixtures/php/differential/`.
    pub path: PathBuf,
}

/// The SHA-256 (hex) of the input lines as PHP reads them: joined by and ending with `\n`.
pub fn inputs_sha256(lines: &[String]) -> String {
    sha256_hex((lines.join("\n") + "\n").as_bytes())
}

impl Golden {
    /// The golden file named `name`.
    pub fn named(name: &str) -> Self {
        Self {
            path: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/php/differential")
                .join(name),
        }
    }

    /// PHP's answer lines, after checking that they were made from exactly these inputs.
    pub fn read(&self, lines: &[String]) -> Vec<String> {
        let text = std::fs::read_to_string(&self.path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", self.path.display()));
        let (header, answers) = text
            .split_once('\n')
            .unwrap_or_else(|| panic!("{} has no header line", self.path.display()));
        let wanted = format!("inputs sha256 {}", inputs_sha256(lines));
        assert!(
            header.contains(&wanted),
            "{} was made from other inputs than the generator makes now (its header: {header:?}, \
             wanted {wanted:?}): regenerate it with `{REGENERATE}`",
            self.path.display()
        );
        answers.lines().map(str::to_owned).collect()
    }

    /// Writes PHP's answer lines for `lines`, with the header.
    pub fn write(&self, php_version: &str, lines: &[String], php: &[String]) {
        let header = format!(
            "# PHP {php_version}: json_encode(json_decode(line, false, 1000)) of {} input lines; \
             inputs sha256 {}; regenerate with `{REGENERATE}`",
            lines.len(),
            inputs_sha256(lines)
        );
        let text = format!("{header}\n{}\n", php.join("\n"));
        std::fs::write(&self.path, text)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", self.path.display()));
    }
}
