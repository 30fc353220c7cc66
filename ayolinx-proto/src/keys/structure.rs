//! Which key structure a DER blob holds, and the PKCS#1 form of the RSA ones.
//!
//! Recognised outer structures, told apart by the tags of their first elements:
//!
//! | structure | shape |
//! |---|---|
//! | PKCS#1 `RSAPrivateKey` | `SEQUENCE { INTEGER 0, INTEGER n, INTEGER e, 6 more INTEGERs }` |
//! | PKCS#1 `RSAPublicKey` | `SEQUENCE { INTEGER n, INTEGER e }` |
//! | PKCS#8 `PrivateKeyInfo` | `SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, .. }` |
//! | SPKI `SubjectPublicKeyInfo` | `SEQUENCE { AlgorithmIdentifier, BIT STRING }` |
//! | PKCS#8 `EncryptedPrivateKeyInfo` | `SEQUENCE { AlgorithmIdentifier, OCTET STRING }` |
//! | X.509 `Certificate` | `SEQUENCE { SEQUENCE, AlgorithmIdentifier, BIT STRING }` |
//! | SEC1 `ECPrivateKey` | `SEQUENCE { INTEGER 1, OCTET STRING, .. }` |

use zeroize::Zeroizing;

use super::der::{self, DerError, Reader, Tlv};

/// DER content of the rsaEncryption OID, 1.2.840.113549.1.1.1.
pub(super) const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// DER content of the id-ecPublicKey OID, 1.2.840.10045.2.1.
pub(super) const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
/// DER content of the DSA OID, 1.2.840.10040.4.1.
pub(super) const DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];

/// What a DER input turned out to be.
#[derive(Debug)]
pub(super) enum Structure<'a> {
    /// An RSA private key, PKCS#1 or PKCS#8.
    RsaPrivate(Pkcs1Private<'a>),
    /// An RSA public key, PKCS#1 or SPKI; `form` names the outer structure.
    RsaPublic(Pkcs1Public<'a>, &'static str),
    /// A PKCS#8 `EncryptedPrivateKeyInfo`.
    EncryptedPrivateKey,
    /// An X.509 certificate.
    Certificate,
    /// A PKCS#8, SPKI or SEC1 key of another algorithm (the algorithm OID's content bytes).
    OtherAlgorithm(&'a [u8]),
}

/// A parsed PKCS#1 `RSAPrivateKey` (two-prime).
#[derive(Debug)]
pub(super) struct Pkcs1Private<'a> {
    /// The whole `RSAPrivateKey` DER, exactly as given (it is already canonical DER).
    pub(super) der: &'a [u8],
    /// Big-endian magnitudes of n, e, d, p, q, dP, dQ and qInv, in the PKCS#1 order.
    pub(super) numbers: [&'a [u8]; 8],
}

impl<'a> Pkcs1Private<'a> {
    /// The modulus.
    pub(super) fn n(&self) -> &'a [u8] {
        self.numbers[0]
    }

    /// The public exponent.
    pub(super) fn e(&self) -> &'a [u8] {
        self.numbers[1]
    }
}

/// A parsed PKCS#1 `RSAPublicKey`. Integers are big-endian magnitudes.
#[derive(Debug)]
pub(super) struct Pkcs1Public<'a> {
    /// The whole `RSAPublicKey` DER, exactly as given.
    pub(super) der: &'a [u8],
    pub(super) n: &'a [u8],
    pub(super) e: &'a [u8],
}

/// Classifies a complete DER input. Trailing bytes after the outer SEQUENCE are an error.
pub(super) fn classify(input: &[u8]) -> Result<Structure<'_>, DerError> {
    let mut outer = Reader::new(input, 0);
    let top = outer.read(der::SEQUENCE, "a key starts with a SEQUENCE (tag 0x30)")?;
    outer.finish("trailing bytes after the key structure")?;
    let mut body = top.reader();
    match body.peek_tag() {
        Some(der::INTEGER) => {
            let mut lookahead = body.clone();
            let version = lookahead.read_any()?;
            match lookahead.peek_tag() {
                Some(der::INTEGER) => classify_pkcs1(input),
                Some(der::SEQUENCE) => parse_pkcs8(&mut lookahead, &version),
                // SEC1 `ECPrivateKey` (the body of an `EC PRIVATE KEY` PEM).
                Some(der::OCTET_STRING) if version.value == [1] => {
                    Ok(Structure::OtherAlgorithm(EC_PUBLIC_KEY))
                }
                _ => Err(version.error("unknown key structure (neither PKCS#1 nor PKCS#8)")),
            }
        }
        Some(der::SEQUENCE) => {
            let first = body.read_any()?;
            match body.peek_tag() {
                Some(der::BIT_STRING) => parse_spki(&first, &mut body),
                Some(der::OCTET_STRING) => {
                    read_algorithm(&first)?;
                    body.read_any()?;
                    body.finish("trailing elements in an EncryptedPrivateKeyInfo")?;
                    Ok(Structure::EncryptedPrivateKey)
                }
                Some(der::SEQUENCE) => {
                    body.read_any()?;
                    body.read(
                        der::BIT_STRING,
                        "a certificate ends with its signature BIT STRING",
                    )?;
                    body.finish("trailing elements in a certificate")?;
                    Ok(Structure::Certificate)
                }
                _ => Err(first.error("unknown key structure after the first SEQUENCE")),
            }
        }
        _ => Err(top.error(
            "unknown key structure: the SEQUENCE starts with neither an INTEGER nor a SEQUENCE",
        )),
    }
}

fn classify_pkcs1(input: &[u8]) -> Result<Structure<'_>, DerError> {
    let mut outer = Reader::new(input, 0);
    let top = outer.read(der::SEQUENCE, "a key starts with a SEQUENCE")?;
    let mut count = top.reader();
    let mut integers = 0usize;
    while !count.is_empty() && integers < 3 {
        count.read_any()?;
        integers += 1;
    }
    if integers == 2 {
        parse_pkcs1_public(input, 0).map(|key| Structure::RsaPublic(key, "a PKCS#1 RSA public key"))
    } else {
        parse_pkcs1_private(input, 0).map(Structure::RsaPrivate)
    }
}

/// Reads an AlgorithmIdentifier and returns its OID content and, for rsaEncryption, checks that
/// the parameters are NULL or absent.
fn read_algorithm<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8], DerError> {
    let mut reader = tlv.reader();
    let oid = reader.read(
        der::OID,
        "an AlgorithmIdentifier starts with an OBJECT IDENTIFIER",
    )?;
    der::check_oid(&oid)?;
    if oid.value == RSA_ENCRYPTION {
        if !reader.is_empty() {
            let params = reader.read(der::NULL, "rsaEncryption parameters must be NULL")?;
            if !params.value.is_empty() {
                return Err(params.error("NULL with content"));
            }
        }
        reader.finish("trailing bytes in the AlgorithmIdentifier")?;
    }
    Ok(oid.value)
}

fn parse_pkcs8<'a>(reader: &mut Reader<'a>, version: &Tlv<'a>) -> Result<Structure<'a>, DerError> {
    match version.value {
        [0] | [1] => {}
        _ => return Err(version.error("unsupported PKCS#8 version (expected 0 or 1)")),
    }
    let algorithm = reader.read_any()?;
    let oid = read_algorithm(&algorithm)?;
    if oid != RSA_ENCRYPTION {
        return Ok(Structure::OtherAlgorithm(oid));
    }
    let private = reader.read(
        der::OCTET_STRING,
        "PKCS#8 privateKey must be an OCTET STRING",
    )?;
    if reader.peek_tag() == Some(0xa0) {
        reader.read_any()?; // [0] attributes: allowed, ignored
    }
    if reader.peek_tag() == Some(0x81) {
        reader.read_any()?; // [1] publicKey (PKCS#8 v2): allowed, ignored
    }
    reader.finish("trailing elements in a PrivateKeyInfo")?;
    parse_pkcs1_private(private.value, private.value_offset).map(Structure::RsaPrivate)
}

fn parse_spki<'a>(algorithm: &Tlv<'a>, reader: &mut Reader<'a>) -> Result<Structure<'a>, DerError> {
    let oid = read_algorithm(algorithm)?;
    let bits = reader.read(
        der::BIT_STRING,
        "SubjectPublicKeyInfo ends with a BIT STRING",
    )?;
    reader.finish("trailing elements in a SubjectPublicKeyInfo")?;
    if oid != RSA_ENCRYPTION {
        return Ok(Structure::OtherAlgorithm(oid));
    }
    match bits.value {
        [0, key @ ..] => parse_pkcs1_public(key, bits.value_offset.saturating_add(1))
            .map(|key| Structure::RsaPublic(key, "an SPKI public key")),
        _ => Err(bits.error("the public key BIT STRING must have no unused bits")),
    }
}

/// Parses a complete PKCS#1 `RSAPrivateKey` (version 0, two primes).
pub(super) fn parse_pkcs1_private(
    input: &[u8],
    offset: usize,
) -> Result<Pkcs1Private<'_>, DerError> {
    let mut outer = Reader::new(input, offset);
    let top = outer.read(der::SEQUENCE, "RSAPrivateKey must be a SEQUENCE")?;
    outer.finish("trailing bytes after the RSAPrivateKey")?;
    let mut r = top.reader();
    match r.read_small("RSAPrivateKey starts with its version INTEGER")? {
        0 => {}
        1 => return Err(top.error("multi-prime RSA keys (version 1) are not supported")),
        _ => return Err(top.error("unknown RSAPrivateKey version")),
    }
    const WHAT: &str = "RSAPrivateKey holds nine INTEGERs";
    let mut numbers: [&[u8]; 8] = [&[]; 8];
    for number in &mut numbers {
        *number = r.read_unsigned(WHAT)?;
    }
    let key = Pkcs1Private {
        der: input,
        numbers,
    };
    r.finish("trailing elements in a version-0 RSAPrivateKey")?;
    Ok(key)
}

/// Parses a complete PKCS#1 `RSAPublicKey`.
pub(super) fn parse_pkcs1_public(input: &[u8], offset: usize) -> Result<Pkcs1Public<'_>, DerError> {
    let mut outer = Reader::new(input, offset);
    let top = outer.read(der::SEQUENCE, "RSAPublicKey must be a SEQUENCE")?;
    outer.finish("trailing bytes after the RSAPublicKey")?;
    let mut r = top.reader();
    const WHAT: &str = "RSAPublicKey holds two INTEGERs";
    let key = Pkcs1Public {
        der: input,
        n: r.read_unsigned(WHAT)?,
        e: r.read_unsigned(WHAT)?,
    };
    r.finish("trailing elements in an RSAPublicKey")?;
    Ok(key)
}

/// The PKCS#1 `RSAPublicKey` DER of (n, e).
pub(super) fn encode_pkcs1_public(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut content = Vec::with_capacity(n.len() + e.len() + 12);
    der::push_unsigned(&mut content, n);
    der::push_unsigned(&mut content, e);
    let mut out = Vec::with_capacity(content.len() + 4);
    der::push_tlv(&mut out, der::SEQUENCE, &content);
    out
}

/// Appends the AlgorithmIdentifier of rsaEncryption with NULL parameters.
fn push_rsa_algorithm(out: &mut Vec<u8>) {
    let mut algorithm = Vec::with_capacity(16);
    der::push_tlv(&mut algorithm, der::OID, RSA_ENCRYPTION);
    der::push_tlv(&mut algorithm, der::NULL, &[]);
    der::push_tlv(out, der::SEQUENCE, &algorithm);
}

/// Room for the headers around a key of `len` bytes: tags, lengths, version and algorithm.
const WRAPPING: usize = 32;

/// The SPKI DER wrapping a PKCS#1 `RSAPublicKey` DER, with rsaEncryption and NULL parameters.
pub(super) fn encode_spki(pkcs1_public: &[u8]) -> Vec<u8> {
    let mut bits = Vec::with_capacity(pkcs1_public.len() + 1);
    bits.push(0);
    bits.extend_from_slice(pkcs1_public);
    let mut content = Vec::with_capacity(bits.len() + WRAPPING);
    push_rsa_algorithm(&mut content);
    der::push_tlv(&mut content, der::BIT_STRING, &bits);
    let mut out = Vec::with_capacity(content.len() + 4);
    der::push_tlv(&mut out, der::SEQUENCE, &content);
    out
}

/// The PKCS#8 `PrivateKeyInfo` DER (version 0, rsaEncryption, NULL parameters) wrapping a
/// PKCS#1 `RSAPrivateKey` DER. Both buffers are sized up front, so no reallocation leaves a copy
/// of the key behind, and both are wiped when dropped.
pub(super) fn encode_pkcs8(pkcs1_private: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut content = Zeroizing::new(Vec::with_capacity(pkcs1_private.len() + WRAPPING));
    der::push_tlv(&mut content, der::INTEGER, &[0]);
    push_rsa_algorithm(&mut content);
    der::push_tlv(&mut content, der::OCTET_STRING, pkcs1_private);
    let mut out = Zeroizing::new(Vec::with_capacity(content.len() + WRAPPING));
    der::push_tlv(&mut out, der::SEQUENCE, &content);
    out
}
