//! The `serde::Serializer` that writes body bytes straight into a `Vec<u8>`.

use std::fmt;

use serde::ser::{self, Serialize};

use super::error::{Error, Kind};
use super::escape::{write_escaped, write_string};
use super::key::KeySerializer;
use super::number::{FloatStyle, Shortest, write_float, write_i128, write_u128};
use super::{BodyEncoding, MAX_DEPTH};

/// Writes one JSON value per `serialize` call into `out`.
pub(super) struct Serializer {
    pub(super) out: Vec<u8>,
    pub(super) encoding: BodyEncoding,
    /// Arrays and objects currently open.
    depth: usize,
    /// Where each key literal of the open objects sits in `out`, innermost object last: each
    /// object checks its new key against its own, and drops them when it closes.
    keys: Vec<(usize, usize)>,
}

impl Serializer {
    pub(super) fn new(encoding: BodyEncoding) -> Self {
        Self {
            out: Vec::with_capacity(512),
            encoding,
            depth: 0,
            keys: Vec::new(),
        }
    }

    /// Records the key literal at `out[start..]` for the object whose keys begin at
    /// `keys[first..]`, or fails with [`Kind::DuplicateKey`] when that object already has it.
    /// Escaping is deterministic and injective, so equal literals are equal keys.
    #[inline]
    fn add_key(&mut self, first: usize, start: usize) -> Result<(), Error> {
        let literal = self.out.get(start..).unwrap_or_default();
        let earlier = self.keys.get(first..).unwrap_or_default();
        if earlier
            .iter()
            .any(|&(from, to)| self.out.get(from..to) == Some(literal))
        {
            let key = serde_json::from_slice::<String>(literal).unwrap_or_default();
            return Err(Error::new(Kind::DuplicateKey(key)));
        }
        self.keys.push((start, self.out.len()));
        Ok(())
    }

    /// Opens an array or object: one more level, or [`Kind::TooDeep`].
    #[inline]
    fn open(&mut self, bracket: u8) -> Result<(), Error> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::new(Kind::TooDeep));
        }
        self.depth += 1;
        self.out.push(bracket);
        Ok(())
    }

    #[inline]
    fn close(&mut self, bracket: u8) {
        self.depth = self.depth.saturating_sub(1);
        self.out.push(bracket);
    }

    /// Opens `{"variant":` around the content of an enum variant.
    fn open_variant(&mut self, variant: &str) -> Result<(), Error> {
        self.open(b'{')?;
        write_string(&mut self.out, variant, self.encoding);
        self.out.push(b':');
        Ok(())
    }

    fn write_integer(&mut self, value: i128) -> Result<(), Error> {
        if self.encoding == BodyEncoding::PhpJson && i64::try_from(value).is_err() {
            return Err(Error::new(Kind::IntegerOutOfRange(value.to_string())));
        }
        write_i128(&mut self.out, value);
        Ok(())
    }

    fn write_float(
        &mut self,
        value: f64,
        shortest: &Shortest,
        serde_style: FloatStyle,
    ) -> Result<(), Error> {
        if !value.is_finite() {
            return Err(Error::new(Kind::NonFiniteFloat(value)));
        }
        let style = match self.encoding {
            BodyEncoding::PhpJson => FloatStyle::Php,
            BodyEncoding::Compact => serde_style,
        };
        write_float(&mut self.out, shortest, style);
        Ok(())
    }
}

impl<'a> ser::Serializer for &'a mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.write_integer(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.write_integer(v.into())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match i128::try_from(v) {
            Ok(v) => self.write_integer(v),
            Err(_) if self.encoding == BodyEncoding::Compact => {
                write_u128(&mut self.out, v);
                Ok(())
            }
            Err(_) => Err(Error::new(Kind::IntegerOutOfRange(v.to_string()))),
        }
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        // PHP has only doubles; the f32's own shortest digits (`0.1`, not
        // `0.10000000149011612`) read back in PHP as the double nearest to them, whose shortest
        // digits are the same, so the bytes are still a fixed point of decode + encode.
        self.write_float(v.into(), &Shortest::of_f32(v), FloatStyle::SerdeF32)
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.write_float(v, &Shortest::of_f64(v), FloatStyle::SerdeF64)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_string(&mut self.out, v.encode_utf8(&mut [0; 4]), self.encoding);
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_string(&mut self.out, v, self.encoding);
        Ok(())
    }

    /// Writes the `Display` output straight into the body, escaped piece by piece, instead of
    /// formatting it into a `String` first (serde's default): amounts and timestamps cost no
    /// allocation.
    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<(), Error> {
        struct Escaped<'a> {
            out: &'a mut Vec<u8>,
            encoding: BodyEncoding,
        }
        impl fmt::Write for Escaped<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                write_escaped(self.out, s, self.encoding);
                Ok(())
            }
        }
        self.out.push(b'"');
        let mut escaped = Escaped {
            out: &mut self.out,
            encoding: self.encoding,
        };
        fmt::write(&mut escaped, format_args!("{value}")).map_err(|_| {
            <Error as ser::Error>::custom("a Display implementation returned an error")
        })?;
        self.out.push(b'"');
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.open(b'[')?;
        for (i, byte) in v.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            write_u128(&mut self.out, u128::from(*byte));
        }
        self.close(b']');
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.open_variant(variant)?;
        value.serialize(&mut *self).map_err(|e| e.in_key(variant))?;
        self.close(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.open(b'[')?;
        Ok(Compound::new(self, None))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant)?;
        self.open(b'[').map_err(|e| e.in_key(variant))?;
        Ok(Compound::new(self, Some(variant)))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        self.open(b'{')?;
        Ok(Compound::new(self, None))
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        self.open_variant(variant)?;
        self.open(b'{').map_err(|e| e.in_key(variant))?;
        Ok(Compound::new(self, Some(variant)))
    }
}

/// An open array or object (and, for tuple and struct variants, the `{"variant":` around it).
pub(super) struct Compound<'a> {
    ser: &'a mut Serializer,
    /// Elements or entries written so far.
    count: usize,
    /// The variant name of a tuple or struct variant.
    variant: Option<&'static str>,
    /// Where the last map key's string literal sits in `out`, for the path of an error.
    key: (usize, usize),
    /// Where this object's keys begin in the serializer's `keys`.
    first_key: usize,
}

impl<'a> Compound<'a> {
    #[inline]
    fn new(ser: &'a mut Serializer, variant: Option<&'static str>) -> Self {
        let first_key = ser.keys.len();
        Self {
            ser,
            count: 0,
            variant,
            key: (0, 0),
            first_key,
        }
    }

    #[inline]
    fn comma(&mut self) {
        if self.count > 0 {
            self.ser.out.push(b',');
        }
        self.count += 1;
    }

    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let index = self.count;
        self.comma();
        value
            .serialize(&mut *self.ser)
            .map_err(|e| self.in_variant(e.in_index(index)))
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.comma();
        let start = self.ser.out.len();
        write_string(&mut self.ser.out, key, self.ser.encoding);
        self.ser
            .add_key(self.first_key, start)
            .map_err(|e| self.in_variant(e))?;
        self.ser.out.push(b':');
        value
            .serialize(&mut *self.ser)
            .map_err(|e| self.in_variant(e.in_key(key)))
    }

    fn in_variant(&self, error: Error) -> Error {
        match self.variant {
            Some(variant) => error.in_key(variant),
            None => error,
        }
    }

    #[inline]
    fn end(self, bracket: u8) {
        self.ser.keys.truncate(self.first_key);
        self.ser.close(bracket);
        if self.variant.is_some() {
            self.ser.close(b'}');
        }
    }

    /// The last map key as text, read back from its literal in `out`.
    fn last_key(&self) -> String {
        self.ser
            .out
            .get(self.key.0..self.key.1)
            .and_then(|literal| serde_json::from_slice::<String>(literal).ok())
            .unwrap_or_default()
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']');
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']');
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b']');
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.comma();
        let start = self.ser.out.len();
        key.serialize(KeySerializer {
            out: &mut self.ser.out,
            encoding: self.ser.encoding,
        })?;
        self.ser.add_key(self.first_key, start)?;
        self.key = (start, self.ser.out.len());
        self.ser.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value
            .serialize(&mut *self.ser)
            .map_err(|e| e.in_key(&self.last_key()))
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}');
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        Compound::end(self, b'}');
        Ok(())
    }
}
