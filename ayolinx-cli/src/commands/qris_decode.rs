//! `ayolinx qris decode PAYLOAD`: the fields of a QRIS payload, and whether it is valid.

use ayolinx_proto::qris::{Field, Payload};
use clap::Args;
use serde_json::json;

use crate::failure::Failure;
use crate::global::Global;

const EXAMPLES: &str = "\
Examples:
  ayolinx qris decode '00020101021253033605405150005802ID6304B376'
  ayolinx qris decode --json \"$(cat qr.txt)\"

Exit status: 0 valid (the fields are printed), 1 not valid (the reason, with its position, is on
stderr; with --json also on stdout).";

/// Decode a QRIS payload: print its fields and check its structure and CRC.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct Decode {
    /// The payload (the qrContent of a generate answer, or the text of a scanned QR).
    #[arg(value_name = "PAYLOAD")]
    payload: String,
}

/// What the top-level tags mean (EMVCo merchant-presented mode, as QRIS uses them).
fn name(tag: &str) -> &'static str {
    match tag {
        "00" => "payload format indicator",
        "01" => "point of initiation (11 static, 12 dynamic)",
        "26" | "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "37"
        | "38" | "39" | "40" | "41" | "42" | "43" | "44" | "45" => "merchant account information",
        "51" => "merchant account information (national)",
        "52" => "merchant category code",
        "53" => "transaction currency",
        "54" => "transaction amount",
        "55" => "tip or convenience indicator",
        "56" => "convenience fee, fixed",
        "57" => "convenience fee, percentage",
        "58" => "country code",
        "59" => "merchant name",
        "60" => "merchant city",
        "61" => "postal code",
        "62" => "additional data",
        "63" => "CRC",
        _ => "",
    }
}

/// One line per field, a template's fields indented under it.
fn lines(fields: &[Field], indent: usize, out: &mut Vec<String>) {
    for field in fields {
        let pad = " ".repeat(indent);
        let shown = if field.template().is_empty() {
            field.value()
        } else {
            ""
        };
        let label = if indent == 0 { name(field.tag()) } else { "" };
        let line = format!(
            "{pad}{} {:02} {shown:<30} {label}",
            field.tag(),
            field.value().chars().count()
        );
        out.push(line.trim_end().to_owned());
        lines(field.template(), indent + 2, out);
    }
}

/// Decodes and prints the payload; a failure names the reason.
pub(crate) fn run(global: &Global, args: &Decode) -> Result<(), Failure> {
    match Payload::parse(&args.payload) {
        Ok(payload) => {
            if global.json {
                let shown = json!({"valid": true, "dynamic": payload.is_dynamic(), "fields": payload.fields()});
                println!("{shown}");
            } else {
                let mut out = Vec::new();
                lines(payload.fields(), 0, &mut out);
                println!("{}", out.join("\n"));
                println!("valid: structure and CRC hold");
            }
            Ok(())
        }
        Err(error) => {
            if global.json {
                println!("{}", json!({"valid": false, "reason": error.to_string()}));
            }
            Err(Failure::Rejected(format!(
                "not a valid QRIS payload: {error}"
            )))
        }
    }
}
