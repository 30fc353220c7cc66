//! Integers and floats, PHP style and `serde_json` style.
//!
//! Both float styles start from the same digits: the shortest that read back as the float, the
//! closest such, and on an exact tie the even one. That is what PHP's `zend_dtoa` mode 0 and
//! `serde_json`'s formatter (`zmij`) produce. Rust's `{:e}` gives the same except on ties, which
//! it breaks upwards, so [`Shortest`] corrects those. The styles differ only in layout:
//!
//! | value | PHP 8 (`serialize_precision = -1`) | `serde_json` |
//! |---|---|---|
//! | `1.0` | `1` | `1.0` |
//! | `-0.0` | `-0` | `-0.0` |
//! | `1e16` | `10000000000000000` | `1e+16` |
//! | `1e17` | `1.0e+17` | `1e+17` |
//! | `1e-4` | `0.0001` | `0.0001` |
//! | `1e-5` | `1.0e-5` | `0.00001` |
//! | `1.5e300` | `1.5e+300` | `1.5e+300` |

use std::fmt::{self, Write as _};

/// Writes the decimal digits of `value`.
pub(super) fn write_u128(out: &mut Vec<u8>, mut value: u128) {
    let mut buf = [0u8; 39];
    let mut len = 0;
    for slot in buf.iter_mut().rev() {
        // `value % 10` is below 10, so the cast is exact.
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
        len += 1;
        if value == 0 {
            break;
        }
    }
    if let Some(digits) = buf.get(buf.len() - len..) {
        out.extend_from_slice(digits);
    }
}

/// Writes `value` in decimal, with a `-` when negative.
pub(super) fn write_i128(out: &mut Vec<u8>, value: i128) {
    if value < 0 {
        out.push(b'-');
    }
    write_u128(out, value.unsigned_abs());
}

/// The float layouts.
#[derive(Clone, Copy)]
pub(super) enum FloatStyle {
    /// PHP 8 `json_encode` with `serialize_precision = -1`.
    Php,
    /// `serde_json` for an `f64`.
    SerdeF64,
    /// `serde_json` for an `f32`.
    SerdeF32,
}

/// Writes a finite float from its shortest digits ([`Shortest::of_f64`], [`Shortest::of_f32`]).
pub(super) fn write_float(out: &mut Vec<u8>, shortest: &Shortest, style: FloatStyle) {
    if shortest.negative {
        out.push(b'-');
    }
    let digits = shortest.digits();
    // The value is 0.DIGITS × 10^decpt, as `zend_dtoa` reports it.
    let decpt = shortest.decpt;
    match style {
        FloatStyle::Php => write_php_layout(out, digits, decpt),
        FloatStyle::SerdeF64 => write_serde_layout(out, digits, decpt, -5, 15),
        FloatStyle::SerdeF32 => write_serde_layout(out, digits, decpt, -6, 12),
    }
}

/// `php_gcvt(value, 17, '.', 'e', buf)`: exponent form when `decpt > 17` or `decpt < -3`,
/// written `D.DDDe+X` (`D.0e+X` for one digit, sign always, no zero padding); otherwise plain
/// digits with no `.0` for integral values.
fn write_php_layout(out: &mut Vec<u8>, digits: &[u8], decpt: i32) {
    if !(-3..=17).contains(&decpt) {
        write_exponent_form(out, digits, decpt - 1, true, true);
    } else if decpt <= 0 {
        out.extend_from_slice(b"0.");
        push_zeros(out, decpt.unsigned_abs());
        out.extend_from_slice(digits);
    } else {
        write_positional(out, digits, decpt.unsigned_abs(), false);
    }
}

/// `zmij` (the float formatter of `serde_json`): positional when the scientific exponent is in
/// `min..=max`, with `.0` on integral values; otherwise `De+X` or `D.DDDe-X` (sign always, no
/// zero padding, no `.0` for one digit).
fn write_serde_layout(out: &mut Vec<u8>, digits: &[u8], decpt: i32, min: i32, max: i32) {
    let exponent = decpt - 1;
    if !(min..=max).contains(&exponent) {
        write_exponent_form(out, digits, exponent, false, true);
    } else if decpt <= 0 {
        out.extend_from_slice(b"0.");
        push_zeros(out, decpt.unsigned_abs());
        out.extend_from_slice(digits);
    } else {
        write_positional(out, digits, decpt.unsigned_abs(), true);
    }
}

/// `digits` with the point after `int_len` digits, padded with zeros when there are fewer;
/// `.0` after an integral value when `zero_fraction`.
fn write_positional(out: &mut Vec<u8>, digits: &[u8], int_len: u32, zero_fraction: bool) {
    let int_len = usize::try_from(int_len).unwrap_or(usize::MAX);
    match digits.split_at_checked(int_len) {
        Some((int, frac)) if !frac.is_empty() => {
            out.extend_from_slice(int);
            out.push(b'.');
            out.extend_from_slice(frac);
        }
        _ => {
            out.extend_from_slice(digits);
            push_zeros(
                out,
                u32::try_from(int_len.saturating_sub(digits.len())).unwrap_or(0),
            );
            if zero_fraction {
                out.extend_from_slice(b".0");
            }
        }
    }
}

/// `D.DDDeSX`: the first digit, the others after a point (or `.0` when `pad_single` and there
/// are none), `e`, the sign (`+` only when `plus_sign`), the exponent without padding.
fn write_exponent_form(
    out: &mut Vec<u8>,
    digits: &[u8],
    exponent: i32,
    pad_single: bool,
    plus_sign: bool,
) {
    if let Some((first, rest)) = digits.split_first() {
        out.push(*first);
        if !rest.is_empty() {
            out.push(b'.');
            out.extend_from_slice(rest);
        } else if pad_single {
            out.extend_from_slice(b".0");
        }
    }
    out.push(b'e');
    if exponent < 0 {
        out.push(b'-');
    } else if plus_sign {
        out.push(b'+');
    }
    write_u128(out, u128::from(exponent.unsigned_abs()));
}

fn push_zeros(out: &mut Vec<u8>, count: u32) {
    for _ in 0..count {
        out.push(b'0');
    }
}

/// The shortest round-trip decimal digits of a finite float, with the sign and the position of
/// the decimal point.
pub(super) struct Shortest {
    negative: bool,
    /// Significant digits, ASCII; at most 17 for an `f64` and 9 for an `f32`.
    digits: [u8; 24],
    len: usize,
    /// The value is `0.DIGITS × 10^decpt`.
    decpt: i32,
}

impl Shortest {
    /// The shortest digits of an `f64` that read back as it, the closest such, and on a tie the
    /// even one (as PHP's `zend_dtoa` mode 0 and `serde_json` choose).
    pub(super) fn of_f64(value: f64) -> Self {
        let mut shortest = Self::from_exp_text(value);
        shortest.round_half_even(value, |text| text.parse::<f64>().ok() == Some(value.abs()));
        shortest
    }

    /// The same for an `f32`: its own shortest digits (`0.1`, not `0.10000000149011612`).
    pub(super) fn of_f32(value: f32) -> Self {
        let mut shortest = Self::from_exp_text(value);
        shortest.round_half_even(f64::from(value), |text| {
            text.parse::<f32>().ok() == Some(value.abs())
        });
        shortest
    }

    /// Reads the digits from Rust's `{:e}` (shortest round-trip, e.g. `-1.234e-5`, `0e0`).
    fn from_exp_text(value: impl fmt::LowerExp) -> Self {
        let mut text = StackText {
            buf: [0; 40],
            len: 0,
        };
        // Writing into `StackText` cannot fail: it holds the longest `{:e}` of an f64 (24 bytes).
        let _ = write!(text, "{value:e}");
        let mut shortest = Self {
            negative: false,
            digits: [0; 24],
            len: 0,
            decpt: 1,
        };
        let mut exponent: i32 = 0;
        let mut exponent_negative = false;
        let mut in_exponent = false;
        for &byte in text.as_bytes() {
            match byte {
                b'-' if in_exponent => exponent_negative = true,
                b'-' => shortest.negative = true,
                b'e' => in_exponent = true,
                b'0'..=b'9' if in_exponent => {
                    exponent = exponent
                        .saturating_mul(10)
                        .saturating_add(i32::from(byte - b'0'));
                }
                b'0'..=b'9' => {
                    if let Some(slot) = shortest.digits.get_mut(shortest.len) {
                        *slot = byte;
                        shortest.len += 1;
                    }
                }
                _ => {}
            }
        }
        shortest.decpt = if exponent_negative {
            1 - exponent
        } else {
            exponent + 1
        };
        shortest
    }

    /// Rust's shortest formatting breaks an exact tie between two candidates of the same length
    /// upwards (`1394865425023536.25` gives `…36.3`); PHP and `serde_json` take the even one
    /// (`…36.2`). A tie needs the exact value to have one digit more than the shortest, ending in
    /// 5: `value = m / 2^k` with `m` odd and `m × 5^k` (its exact digits) under 10^18.
    fn round_half_even(&mut self, value: f64, round_trips: impl Fn(&str) -> bool) {
        let Some(last) = self.len.checked_sub(1) else {
            return;
        };
        let Some(&last_digit) = self.digits.get(last) else {
            return;
        };
        if (last_digit - b'0').is_multiple_of(2) {
            return;
        }
        let Some((exact, decpt)) = exact_short_decimal(value) else {
            return;
        };
        let mut candidate = self.digits;
        if let Some(slot) = candidate.get_mut(last) {
            *slot = last_digit - 1;
        }
        let mut exact_digits = [0u8; 20];
        let exact_len = decimal_digits(exact, &mut exact_digits);
        let is_tie = decpt == self.decpt
            && exact_len == self.len + 1
            && exact_digits.get(..self.len) == candidate.get(..self.len);
        if !is_tie {
            return;
        }
        // Check that the even candidate reads back as the same float: "0.DIGITSeDECPT".
        let mut text = StackText {
            buf: [0; 40],
            len: 0,
        };
        let digits = candidate.get(..self.len).unwrap_or_default();
        let _ = write!(
            text,
            "0.{}e{}",
            std::str::from_utf8(digits).unwrap_or("x"),
            self.decpt
        );
        if std::str::from_utf8(text.as_bytes()).is_ok_and(round_trips) {
            self.digits = candidate;
            // A trailing zero is not a significant digit.
            while self.len > 1 && self.digits.get(self.len - 1) == Some(&b'0') {
                self.len -= 1;
            }
        }
    }

    fn digits(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

/// When the finite `value` is exactly a decimal of at most 18 significant digits with a
/// fraction, those digits as an integer and the `decpt` of the value; otherwise `None`.
fn exact_short_decimal(value: f64) -> Option<(u128, i32)> {
    let bits = value.to_bits();
    let biased = i32::try_from((bits >> 52) & 0x7ff).ok()?;
    let fraction = bits & ((1 << 52) - 1);
    let (mut mantissa, mut exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    if mantissa == 0 {
        return None;
    }
    let zeros = mantissa.trailing_zeros();
    mantissa >>= zeros;
    exponent += i32::try_from(zeros).ok()?;
    // value = mantissa / 2^k = mantissa × 5^k / 10^k
    let k = u32::try_from(-exponent)
        .ok()
        .filter(|k| (1..=26).contains(k))?;
    let exact = u128::from(mantissa).checked_mul(5u128.checked_pow(k)?)?;
    if exact >= 1_000_000_000_000_000_000 {
        return None;
    }
    let mut scratch = [0u8; 20];
    let len = i32::try_from(decimal_digits(exact, &mut scratch)).ok()?;
    Some((exact, len - i32::try_from(k).ok()?))
}

/// Writes the decimal digits of `value` (below 10^20) at the start of `buf`; returns how many.
fn decimal_digits(mut value: u128, buf: &mut [u8; 20]) -> usize {
    let mut reversed = [0u8; 20];
    let mut len = 0;
    for slot in reversed.iter_mut() {
        // `value % 10` is below 10, so the cast is exact.
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
        len += 1;
        if value == 0 {
            break;
        }
    }
    for (dst, src) in buf.iter_mut().zip(reversed.iter().take(len).rev()) {
        *dst = *src;
    }
    len
}

/// A fixed buffer that `write!` fills; extra text is dropped.
struct StackText {
    buf: [u8; 40],
    len: usize,
}

impl StackText {
    fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        for &byte in s.as_bytes() {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = byte;
                self.len += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn php(v: f64) -> String {
        let mut out = Vec::new();
        write_float(&mut out, &Shortest::of_f64(v), FloatStyle::Php);
        String::from_utf8(out).unwrap()
    }

    fn serde64(v: f64) -> String {
        let mut out = Vec::new();
        write_float(&mut out, &Shortest::of_f64(v), FloatStyle::SerdeF64);
        String::from_utf8(out).unwrap()
    }

    fn serde32(v: f32) -> String {
        let mut out = Vec::new();
        write_float(&mut out, &Shortest::of_f32(v), FloatStyle::SerdeF32);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn php_layout() {
        for (v, s) in [
            (0.1, "0.1"),
            (1.0, "1"),
            (-0.0, "-0"),
            (0.0, "0"),
            (1e15, "1000000000000000"),
            (1e16, "10000000000000000"),
            (1e17, "1.0e+17"),
            (1e25, "1.0e+25"),
            (1e-4, "0.0001"),
            (1e-5, "1.0e-5"),
            (1.234e-5, "1.234e-5"),
            (5e-324, "5.0e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (123456789.125, "123456789.125"),
            (0.5, "0.5"),
            (-1.5e300, "-1.5e+300"),
        ] {
            assert_eq!(php(v), s, "{v:e}");
        }
    }

    #[test]
    fn serde_layout_matches_serde_json() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut samples: Vec<f64> = vec![
            0.0,
            -0.0,
            1.0,
            1e15,
            1e16,
            1e-5,
            1e-6,
            1e-7,
            5e-324,
            f64::MAX,
        ];
        for _ in 0..200_000 {
            // xorshift64*: a fixed sequence of bit patterns covering every exponent.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            samples.push(f64::from_bits(state.wrapping_mul(0x2545_f491_4f6c_dd1d)));
        }
        for exp in -30..30 {
            samples.push(10f64.powi(exp));
            samples.push(1.5 * 10f64.powi(exp));
        }
        let mut bad64 = Vec::new();
        let mut bad32 = Vec::new();
        for v in samples.into_iter().filter(|v| v.is_finite()) {
            if serde64(v) != serde_json::to_string(&v).unwrap() {
                bad64.push((serde64(v), serde_json::to_string(&v).unwrap()));
            }
            let f = v as f32;
            if f.is_finite() && serde32(f) != serde_json::to_string(&f).unwrap() {
                bad32.push((serde32(f), serde_json::to_string(&f).unwrap()));
            }
        }
        assert!(
            bad64.is_empty() && bad32.is_empty(),
            "{} {:?}\n{} {:?}",
            bad64.len(),
            bad64.iter().take(20).collect::<Vec<_>>(),
            bad32.len(),
            bad32.iter().take(20).collect::<Vec<_>>()
        );
    }

    #[test]
    fn integers() {
        let mut out = Vec::new();
        write_i128(&mut out, i128::MIN);
        out.push(b' ');
        write_u128(&mut out, u128::MAX);
        out.push(b' ');
        write_i128(&mut out, 0);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("{} {} 0", i128::MIN, u128::MAX)
        );
    }
}
