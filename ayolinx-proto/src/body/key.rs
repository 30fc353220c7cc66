//! Map keys: strings, or values that read naturally as one (integers, chars, unit variants).

use serde::ser::{self, Impossible, Serialize};

use super::BodyEncoding;
use super::error::{Error, Kind};
use super::escape::write_string;
use super::number::write_i128;

/// Writes a map key as a JSON string literal to `out`, or fails with [`Kind::KeyNotString`].
pub(super) struct KeySerializer<'a> {
    pub(super) out: &'a mut Vec<u8>,
    pub(super) encoding: BodyEncoding,
}

impl KeySerializer<'_> {
    fn integer(self, value: i128) -> Result<(), Error> {
        self.out.push(b'"');
        write_i128(self.out, value);
        self.out.push(b'"');
        Ok(())
    }
}

fn not_a_string(kind: &'static str) -> Error {
    Error::new(Kind::KeyNotString(kind))
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_string(self.out, v, self.encoding);
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.integer(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(v.into())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        // A key is a string, so any integer is exact in both encodings.
        self.out.push(b'"');
        super::number::write_u128(self.out, v);
        self.out.push(b'"');
        Ok(())
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

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_bool(self, _v: bool) -> Result<(), Error> {
        Err(not_a_string("bool"))
    }

    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(not_a_string("f32"))
    }

    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(not_a_string("f64"))
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(not_a_string("byte array"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        Err(not_a_string("none"))
    }

    fn serialize_unit(self) -> Result<(), Error> {
        Err(not_a_string("unit"))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(not_a_string("unit struct"))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_a_string("newtype variant"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("sequence"))
    }

    fn serialize_tuple(self, _len: usize) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("tuple"))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("tuple struct"))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("tuple variant"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("map"))
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("struct"))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Impossible<(), Error>, Error> {
        Err(not_a_string("struct variant"))
    }
}
