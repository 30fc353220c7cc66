//! Serde for the types written on the wire as a JSON string: serialised with `Display`,
//! deserialised with `FromStr`, so each type keeps one definition of its text form.

/// Implements `Serialize` (via `Display`) and `Deserialize` (via `FromStr`) for each type.
macro_rules! serde_via_str {
    ($($ty:ty),* $(,)?) => {$(
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}
