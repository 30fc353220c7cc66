//! RSA keys (placeholder: the keys work replaces this file).
#![allow(missing_docs, clippy::todo)]
use crate::signature::SignatureError;
#[derive(Debug)]
pub enum KeyError {}
impl std::fmt::Display for KeyError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}
impl std::error::Error for KeyError {}
pub struct PrivateKey;
pub struct PublicKey;
impl PrivateKey {
    pub fn from_pem(_pem: &str) -> Result<Self, KeyError> {
        todo!()
    }
    pub fn from_der(_der: &[u8]) -> Result<Self, KeyError> {
        todo!()
    }
    pub fn public_key(&self) -> PublicKey {
        todo!()
    }
    pub fn sign_base64(&self, _message: &[u8]) -> String {
        todo!()
    }
}
impl PublicKey {
    pub fn from_pem(_pem: &str) -> Result<Self, KeyError> {
        todo!()
    }
    pub fn from_der(_der: &[u8]) -> Result<Self, KeyError> {
        todo!()
    }
    pub fn verify_base64(&self, _message: &[u8], _signature: &str) -> Result<(), SignatureError> {
        todo!()
    }
}
