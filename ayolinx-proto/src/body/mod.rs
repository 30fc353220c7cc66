//! Body bytes (placeholder: the body work replaces this file).
#![allow(missing_docs, clippy::todo)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyEncoding {
    #[default]
    PhpJson,
    Compact,
}
#[derive(Debug)]
pub enum BodyError {}
impl std::fmt::Display for BodyError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}
impl std::error::Error for BodyError {}
pub fn encode<T: serde::Serialize + ?Sized>(
    _value: &T,
    _encoding: BodyEncoding,
) -> Result<Vec<u8>, BodyError> {
    todo!()
}
