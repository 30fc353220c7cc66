//! The body encodings, as the command line names them (`--encoding php|compact`).

use ayolinx_proto::body::BodyEncoding;
use clap::ValueEnum;

/// A body encoding, as named on the command line.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub(crate) enum Encoding {
    /// PHP 8 json_encode with default flags (what Ayolinx hashes).
    #[default]
    Php,
    /// Compact JSON, raw UTF-8.
    Compact,
}

impl Encoding {
    /// Its name on the command line.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Php => "php",
            Self::Compact => "compact",
        }
    }
}

impl From<Encoding> for BodyEncoding {
    fn from(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Php => Self::PhpJson,
            Encoding::Compact => Self::Compact,
        }
    }
}
