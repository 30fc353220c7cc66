//! The business side of each operation: create, query, cancel, with the SNAP refusals Ayolinx
//! gives (duplicate reference 409 case 01, unknown reference 404 case 01, bad amount or channel
//! 400 case 01/02).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::response::Response;
use ayolinx_proto::api::common::{TransactionStatusResponse, UrlParam, UrlParamType};
use ayolinx_proto::api::ewallet::{
    EwalletPaymentRequest, EwalletPaymentResponse, EwalletStatusRequest,
};
use ayolinx_proto::api::payment_link::{PaymentLinkCreateRequest, PaymentLinkCreateResponse};
use ayolinx_proto::api::qris::{
    QrisCancelRequest, QrisCancelResponse, QrisGenerateRequest, QrisGenerateResponse,
    QrisQueryRequest,
};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailCreateResponse, RetailQueryRequest};
use ayolinx_proto::api::va::{VaCreateRequest, VaCreateResponse, VaInquiryRequest};
use ayolinx_proto::channel::Product;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Amount, Channel, Currency, Money, Timestamp, WireTime};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::faulty;
use super::operation::Op;
use super::reply::{Refusal, Reply, success};
use super::verify;
use crate::fault::FaultKind;
use crate::model::{Transaction, TransactionState};
use crate::state::{Record, Shared, VaDetails};
use crate::{clock, qris};

/// How long a QRIS stays payable when the request gives no `validUpTo`.
pub(crate) const DEFAULT_QRIS_VALIDITY_SECONDS: i64 = 30 * 60;
/// How long an e-wallet payment, VA or payment link stays payable without an expiry.
pub(crate) const DEFAULT_VALIDITY_SECONDS: i64 = 24 * 3600;
/// The longest merchant reference accepted (SNAP `String(64)`).
const MAX_REFERENCE_LEN: usize = 64;

/// Serves one SNAP request: counts it, applies its fault, verifies it, acts on it.
pub(crate) async fn handle(
    shared: Arc<Shared>,
    op: Op,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fault = {
        let mut inner = shared.lock();
        inner.count(op.name());
        inner.faults.for_operation(op.name())
    };
    if let Some(FaultKind::Status { status, body }) = fault {
        return faulty::status(status, body);
    }
    let reply =
        process(&shared, op, &headers, &body).unwrap_or_else(|refusal| refusal.into_reply(op));
    faulty::apply(fault, reply).await
}

fn process(shared: &Shared, op: Op, headers: &HeaderMap, body: &[u8]) -> Result<Reply, Refusal> {
    let now = clock::now()?;
    if op != Op::Token {
        verify::check_request(shared, op, headers, body, now)?;
    }
    match op {
        Op::Token => verify::issue_token(shared, headers, body, now),
        Op::QrisGenerate => qris_generate(shared, parse(body)?, now),
        Op::QrisCancel => qris_cancel(shared, parse(body)?, now),
        Op::EwalletPay => ewallet_pay(shared, parse(body)?, now),
        Op::VaCreate => va_create(shared, parse(body)?, now),
        Op::RetailCreate => retail_create(shared, parse(body)?, now),
        Op::PaymentLinkCreate => payment_link_create(shared, parse(body)?, now),
        Op::QrisQuery => {
            let request: QrisQueryRequest = parse(body)?;
            query(
                shared,
                op,
                &request.original_partner_reference_no,
                &request.additional_info.channel,
                now,
            )
        }
        Op::EwalletStatus => {
            let request: EwalletStatusRequest = parse(body)?;
            query(
                shared,
                op,
                &request.original_partner_reference_no,
                &request.additional_info.channel,
                now,
            )
        }
        Op::VaInquiry => {
            let request: VaInquiryRequest = parse(body)?;
            query(
                shared,
                op,
                &request.original_partner_reference_no,
                &request.additional_info.channel,
                now,
            )
        }
        Op::RetailQuery => {
            let request: RetailQueryRequest = parse(body)?;
            query(
                shared,
                op,
                &request.original_partner_reference_no,
                &request.additional_info.channel,
                now,
            )
        }
    }
}

/// The body as the core's request type; a missing field is 400 case 02, a wrong one case 01,
/// a body that is not JSON case 00.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(body).map_err(|error| {
        let case = match error.classify() {
            serde_json::error::Category::Data if error.to_string().starts_with("missing field") => {
                SnapCase::InvalidMandatoryField
            }
            serde_json::error::Category::Data => SnapCase::InvalidFieldFormat,
            _ => SnapCase::BadRequest,
        };
        Refusal::new(case, error.to_string())
    })
}

fn check_text(field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    if value.trim().is_empty() {
        return Err(Refusal::new(
            SnapCase::InvalidMandatoryField,
            format!("{field} is empty"),
        ));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field} must be at most {max} characters with no control characters"),
        ));
    }
    Ok(())
}

fn check_reference(field: &str, value: &str) -> Result<(), Refusal> {
    check_text(field, value, MAX_REFERENCE_LEN)
}

fn check_money(field: &str, money: &Money) -> Result<(), Refusal> {
    if money.currency != Currency::Idr {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field}.currency must be IDR, not {}", money.currency),
        ));
    }
    if money.value == Amount::ZERO {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field}.value must be more than 0"),
        ));
    }
    Ok(())
}

fn check_channel(channel: &Channel, product: Product) -> Result<(), Refusal> {
    if channel.product() == Some(product) {
        return Ok(());
    }
    Err(Refusal::new(
        SnapCase::InvalidFieldFormat,
        format!("additionalInfo.channel {channel} is not a {product:?} channel"),
    ))
}

/// The expiry: the given time (which must be readable and in the future) or `now + default`.
fn expiry(
    field: &str,
    given: Option<&WireTime>,
    now: Timestamp,
    default_seconds: i64,
) -> Result<Timestamp, Refusal> {
    let invalid = |detail: String| Refusal::new(SnapCase::InvalidFieldFormat, detail);
    match given {
        Some(given) => {
            let at = given.timestamp().ok_or_else(|| {
                invalid(format!(
                    "{field} is neither epoch seconds nor ISO-8601: {given}"
                ))
            })?;
            if at.seconds_since(&now) <= 0 {
                return Err(invalid(format!("{field} {given} is not in the future")));
            }
            Ok(at.with_offset_seconds(now.offset_seconds()).unwrap_or(at))
        }
        None => now
            .add_seconds(default_seconds)
            .map_err(|error| Refusal::new(SnapCase::InternalServerError, error.to_string())),
    }
}

fn url_of(params: &[UrlParam], kind: &UrlParamType) -> Option<String> {
    params
        .iter()
        .find(|param| param.kind == *kind)
        .map(|param| param.url.clone())
}

/// What a create needs to record.
struct NewTransaction<'a> {
    op: Op,
    reference: &'a str,
    channel: String,
    amount: Money,
    expires_at: Timestamp,
    url_params: &'a [UrlParam],
}

/// Records a new transaction, or 409 case 01 if the reference exists. `artefacts` fills in the
/// QR, VA number or checkout URL once the sandbox's reference is known.
fn create(
    shared: &Shared,
    new: NewTransaction<'_>,
    now: Timestamp,
    va: Option<VaDetails>,
    artefacts: impl FnOnce(&mut Transaction) -> Result<(), Refusal>,
) -> Result<Transaction, Refusal> {
    let mut inner = shared.lock();
    if inner.record(new.reference, &now).is_some() {
        return Err(Refusal::new(
            SnapCase::DuplicatePartnerReferenceNo,
            format!("partnerReferenceNo {:?} already exists", new.reference),
        ));
    }
    let mut transaction = Transaction {
        partner_reference_no: new.reference.to_owned(),
        operation: new.op.name().to_owned(),
        channel: new.channel,
        amount: new.amount,
        status: TransactionState::Created,
        reference_no: inner.next_reference(&now)?,
        va_number: None,
        qr_content: None,
        checkout_url: None,
        payment_link_id: None,
        notification_url: url_of(new.url_params, &UrlParamType::Notification),
        pay_return_url: url_of(new.url_params, &UrlParamType::PayReturn),
        created_at: now.to_string(),
        expires_at: Some(new.expires_at.to_string()),
        finished_at: None,
    };
    artefacts(&mut transaction)?;
    inner.insert(Record {
        transaction: transaction.clone(),
        expires_unix: Some(new.expires_at.unix_seconds()),
        va,
    });
    Ok(transaction)
}

fn qris_generate(
    shared: &Shared,
    request: QrisGenerateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    check_reference("partnerReferenceNo", &request.partner_reference_no)?;
    check_money("amount", &request.amount)?;
    check_channel(&request.additional_info.channel, Product::Qris)?;
    if request.amount.value.to_string().len() > qris::MAX_AMOUNT_LEN {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            "amount.value is too large for a QRIS",
        ));
    }
    let expires_at = expiry(
        "validUpTo",
        request.valid_up_to.as_ref(),
        now,
        DEFAULT_QRIS_VALIDITY_SECONDS,
    )?;
    let new = NewTransaction {
        op: Op::QrisGenerate,
        reference: &request.partner_reference_no,
        channel: request.additional_info.channel.to_string(),
        amount: request.amount.clone(),
        expires_at,
        url_params: &request.url_params,
    };
    let transaction = create(shared, new, now, None, |transaction| {
        transaction.qr_content = Some(qris::payload(
            transaction.amount.value,
            &transaction.partner_reference_no,
            &transaction.reference_no,
        ));
        Ok(())
    })?;
    success::<QrisGenerateResponse>(
        Op::QrisGenerate,
        json!({
            "qrContent": transaction.qr_content,
            "partnerReferenceNo": transaction.partner_reference_no,
            "expiredDate": expires_at.unix_seconds().to_string(),
        }),
    )
}

fn ewallet_pay(
    shared: &Shared,
    request: EwalletPaymentRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    check_reference("partnerReferenceNo", &request.partner_reference_no)?;
    check_money("amount", &request.amount)?;
    check_channel(&request.additional_info.channel, Product::Ewallet)?;
    let expires_at = expiry(
        "validUpTo",
        request.valid_up_to.as_ref(),
        now,
        DEFAULT_VALIDITY_SECONDS,
    )?;
    let new = NewTransaction {
        op: Op::EwalletPay,
        reference: &request.partner_reference_no,
        channel: request.additional_info.channel.to_string(),
        amount: request.amount.clone(),
        expires_at,
        url_params: &request.url_params,
    };
    let transaction = create(shared, new, now, None, |transaction| {
        transaction.checkout_url = Some(shared.checkout_url(&transaction.partner_reference_no));
        Ok(())
    })?;
    success::<EwalletPaymentResponse>(
        Op::EwalletPay,
        json!({
            "webRedirectUrl": transaction.checkout_url,
            "referenceNo": transaction.reference_no,
            "partnerReferenceNo": transaction.partner_reference_no,
        }),
    )
}

fn check_digits(field: &str, value: &str, max: usize) -> Result<(), Refusal> {
    if value.is_empty() {
        return Err(Refusal::new(
            SnapCase::InvalidMandatoryField,
            format!("{field} is empty"),
        ));
    }
    if value.len() > max || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            format!("{field} must be 1 to {max} digits"),
        ));
    }
    Ok(())
}

fn va_create(shared: &Shared, request: VaCreateRequest, now: Timestamp) -> Result<Reply, Refusal> {
    check_reference("trxId", &request.trx_id)?;
    check_money("totalAmount", &request.total_amount)?;
    check_channel(&request.additional_info.channel, Product::VirtualAccount)?;
    check_digits(
        "partnerServiceId",
        request.partner_service_id.trim_start(),
        8,
    )?;
    check_digits("customerNo", &request.customer_no, 20)?;
    check_text("virtualAccountName", &request.virtual_account_name, 255)?;
    check_text(
        "virtualAccountTrxType",
        &request.virtual_account_trx_type,
        1,
    )?;
    let va_number = format!("{}{}", request.partner_service_id, request.customer_no);
    if let Some(given) = &request.virtual_account_no {
        let unpadded = format!(
            "{}{}",
            request.partner_service_id.trim_start(),
            request.customer_no
        );
        if !given.is_empty() && *given != va_number && *given != unpadded {
            return Err(Refusal::new(
                SnapCase::InvalidFieldFormat,
                "virtualAccountNo must be partnerServiceId followed by customerNo",
            ));
        }
    }
    let expires_at = expiry(
        "expiredDate",
        request.expired_date.as_ref(),
        now,
        DEFAULT_VALIDITY_SECONDS,
    )?;
    let new = NewTransaction {
        op: Op::VaCreate,
        reference: &request.trx_id,
        channel: request.additional_info.channel.to_string(),
        amount: request.total_amount.clone(),
        expires_at,
        url_params: &[],
    };
    let details = VaDetails {
        partner_service_id: request.partner_service_id.clone(),
        customer_no: request.customer_no.clone(),
        virtual_account_name: request.virtual_account_name.clone(),
        trx_type: request.virtual_account_trx_type.clone(),
    };
    let transaction = create(shared, new, now, Some(details), |transaction| {
        transaction.va_number = Some(va_number.clone());
        Ok(())
    })?;
    success::<VaCreateResponse>(
        Op::VaCreate,
        json!({
            "virtualAccountData": {
                "partnerServiceId": request.partner_service_id,
                "customerNo": request.customer_no,
                "virtualAccountNo": transaction.va_number,
                "virtualAccountName": request.virtual_account_name,
                "trxId": request.trx_id,
                "totalAmount": transaction.amount,
                "virtualAccountTrxType": request.virtual_account_trx_type,
                "expiredDate": expires_at.to_string(),
                "additionalInfo": {"channel": transaction.channel},
            }
        }),
    )
}

fn retail_create(
    shared: &Shared,
    request: RetailCreateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    check_reference("partnerReferenceNo", &request.partner_reference_no)?;
    check_money("amount", &request.amount)?;
    check_channel(&request.additional_info.channel, Product::Retail)?;
    check_text("customerName", &request.customer_name, 255)?;
    check_text("customerEmail", &request.customer_email, 255)?;
    if !request.customer_email.contains('@') {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            "customerEmail is not an e-mail address",
        ));
    }
    let expires_at = expiry(
        "validUpTo",
        Some(&request.valid_up_to),
        now,
        DEFAULT_VALIDITY_SECONDS,
    )?;
    let new = NewTransaction {
        op: Op::RetailCreate,
        reference: &request.partner_reference_no,
        channel: request.additional_info.channel.to_string(),
        amount: request.amount.clone(),
        expires_at,
        url_params: &request.url_params,
    };
    let pay_code = format!("8{}", clock::random_digits(15)?);
    let transaction = create(shared, new, now, None, |transaction| {
        transaction.va_number = Some(pay_code);
        transaction.checkout_url = Some(shared.checkout_url(&transaction.partner_reference_no));
        Ok(())
    })?;
    success::<RetailCreateResponse>(
        Op::RetailCreate,
        json!({
            "partnerReferenceNo": transaction.partner_reference_no,
            "expiryDate": expires_at.to_string(),
            "vaNumber": transaction.va_number,
            "paymentUrl": transaction.checkout_url,
        }),
    )
}

fn payment_link_create(
    shared: &Shared,
    request: PaymentLinkCreateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    check_reference("partnerReferenceNo", &request.partner_reference_no)?;
    if request.list_item.is_empty() {
        return Err(Refusal::new(
            SnapCase::InvalidMandatoryField,
            "listItem is empty",
        ));
    }
    let mut total = Amount::ZERO;
    for (index, item) in request.list_item.iter().enumerate() {
        check_text(&format!("listItem[{index}].name"), &item.name, 255)?;
        let qty = item
            .qty
            .parse::<u64>()
            .ok()
            .filter(|qty| *qty > 0)
            .ok_or_else(|| {
                Refusal::new(
                    SnapCase::InvalidFieldFormat,
                    format!("listItem[{index}].qty must be a whole number above 0"),
                )
            })?;
        total = item
            .price
            .checked_mul(qty)
            .and_then(|line| total.checked_add(line))
            .map_err(|error| {
                Refusal::new(
                    SnapCase::InvalidFieldFormat,
                    format!("listItem[{index}]: {error}"),
                )
            })?;
    }
    let amount = Money::idr(total);
    check_money("listItem total", &amount)?;
    for (index, channel) in request.list_payment_channel.iter().enumerate() {
        if channel.product().is_none() {
            return Err(Refusal::new(
                SnapCase::InvalidFieldFormat,
                format!("listPaymentChannel[{index}] {channel} is not a known channel"),
            ));
        }
    }
    let channel = request
        .list_payment_channel
        .first()
        .map_or_else(|| Channel::BncQris.to_string(), ToString::to_string);
    let expires_at = expiry(
        "expiryTime",
        request.expiry_time.as_ref(),
        now,
        DEFAULT_VALIDITY_SECONDS,
    )?;
    let link_id = link_id()?;
    let new = NewTransaction {
        op: Op::PaymentLinkCreate,
        reference: &request.partner_reference_no,
        channel,
        amount,
        expires_at,
        url_params: &request.url_params,
    };
    let transaction = create(shared, new, now, None, |transaction| {
        transaction.checkout_url = Some(shared.checkout_url(&transaction.partner_reference_no));
        transaction.payment_link_id = Some(link_id);
        Ok(())
    })?;
    success::<PaymentLinkCreateResponse>(
        Op::PaymentLinkCreate,
        json!({
            "paymentLink": transaction.checkout_url,
            "partnerReferenceNo": transaction.payment_link_id,
            "expiryDate": expires_at.to_string(),
        }),
    )
}

/// An 11-character payment-link id, like `4DrzTTeCn9Z`.
fn link_id() -> Result<String, Refusal> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let bytes = clock::random::<11>()?;
    Ok(bytes
        .iter()
        .filter_map(|byte| ALPHABET.get(usize::from(*byte) % ALPHABET.len()))
        .map(|byte| char::from(*byte))
        .collect())
}

/// The create operation whose transactions a query finds, and its product.
fn created_by(query: Op) -> (Op, Product) {
    match query {
        Op::QrisQuery | Op::QrisCancel => (Op::QrisGenerate, Product::Qris),
        Op::EwalletStatus => (Op::EwalletPay, Product::Ewallet),
        Op::VaInquiry => (Op::VaCreate, Product::VirtualAccount),
        _ => (Op::RetailCreate, Product::Retail),
    }
}

/// The transaction a query or cancel refers to, or 404 case 01.
fn find(
    shared: &Shared,
    op: Op,
    reference: &str,
    channel: &Channel,
    now: Timestamp,
) -> Result<Transaction, Refusal> {
    let (create_op, product) = created_by(op);
    check_channel(channel, product)?;
    check_reference("originalPartnerReferenceNo", reference)?;
    shared
        .lock()
        .record(reference, &now)
        .map(|record| record.transaction.clone())
        .filter(|transaction| transaction.operation == create_op.name())
        .ok_or_else(|| {
            Refusal::new(
                SnapCase::TransactionNotFound,
                format!(
                    "no {} transaction with partnerReferenceNo {reference:?}",
                    create_op.name()
                ),
            )
        })
}

fn query(
    shared: &Shared,
    op: Op,
    reference: &str,
    channel: &Channel,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let transaction = find(shared, op, reference, channel, now)?;
    let status = transaction.status;
    let mut fields = json!({
        "originalReferenceNo": transaction.reference_no,
        "originalPartnerReferenceNo": transaction.partner_reference_no,
        "latestTransactionStatus": status.latest_transaction_status().code(),
        "transactionStatusDesc": status.status_desc(),
        "amount": transaction.amount,
        "additionalInfo": {"channel": transaction.channel},
    });
    if let (Some(finished), Some(object)) = (&transaction.finished_at, fields.as_object_mut()) {
        object.insert("finishedTime".into(), finished.as_str().into());
    }
    success::<TransactionStatusResponse>(op, fields)
}

fn qris_cancel(
    shared: &Shared,
    request: QrisCancelRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let reference = &request.original_partner_reference_no;
    find(
        shared,
        Op::QrisCancel,
        reference,
        &request.additional_info.channel,
        now,
    )?;
    let transaction = {
        let mut inner = shared.lock();
        let record = inner.record(reference, &now).ok_or_else(|| {
            Refusal::new(
                SnapCase::TransactionNotFound,
                format!("no transaction {reference:?}"),
            )
        })?;
        match record.transaction.status {
            TransactionState::Created => {
                record.transaction.status = TransactionState::Cancelled;
                record.transaction.finished_at = Some(now.to_string());
            }
            TransactionState::Cancelled => {
                return Err(Refusal::new(
                    SnapCase::TransactionCancelled,
                    "the QRIS is already cancelled",
                ));
            }
            other => {
                return Err(Refusal::new(
                    SnapCase::InvalidTransactionStatus,
                    format!("only an unpaid QRIS can be cancelled; this one is {other}"),
                ));
            }
        }
        record.transaction.clone()
    };
    success::<QrisCancelResponse>(
        Op::QrisCancel,
        json!({
            "originalReferenceNo": transaction.reference_no,
            "originalPartnerReferenceNo": transaction.partner_reference_no,
            "additionalInfo": {"traceId": clock::random_digits(20)?},
        }),
    )
}
