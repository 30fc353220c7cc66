//! A QRIS payload drawn as a QR code in the terminal (Unicode half blocks, two modules per
//! character cell, light on dark so that phone cameras read it from a dark terminal).

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

use crate::failure::Failure;

/// The QR code of `payload`, as lines of text.
pub(crate) fn terminal(payload: &str) -> Result<String, Failure> {
    let code = QrCode::new(payload.as_bytes()).map_err(|error| {
        Failure::Transport(format!(
            "the QRIS payload cannot be drawn as a QR code: {error}"
        ))
    })?;
    Ok(code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}
