//! The creating operations: QRIS generate, e-wallet payment, VA, retail, payment link.

use ayolinx_proto::api::common::{UrlParam, UrlParamType};
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletPaymentResponse};
use ayolinx_proto::api::payment_link::{PaymentLinkCreateRequest, PaymentLinkCreateResponse};
use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisGenerateResponse};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailCreateResponse};
use ayolinx_proto::api::va::{VaCreateRequest, VaCreateResponse};
use ayolinx_proto::channel::Product;
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::{Amount, Channel, Money, Timestamp, WireTime};
use serde_json::json;

use super::checks::{
    check_channel, check_digits, check_money, check_reference, check_text, expiry, url_of,
};
use crate::model::{Transaction, TransactionState};
use crate::server::operation::Op;
use crate::server::reply::{Refusal, Reply, success};
use crate::state::{Record, Shared, VaDetails};
use crate::{clock, qris};

/// How long a QRIS stays payable when the request gives no `validUpTo`.
const DEFAULT_QRIS_VALIDITY_SECONDS: i64 = 30 * 60;
/// How long an e-wallet payment, VA or payment link stays payable without an expiry.
const DEFAULT_VALIDITY_SECONDS: i64 = 24 * 3600;

/// What a create needs to record.
struct NewTransaction<'a> {
    op: Op,
    reference: &'a str,
    channel: String,
    amount: Money,
    expires_at: Timestamp,
    url_params: &'a [UrlParam],
}

/// What every single-channel create carries (all but the payment link): its reference, amount,
/// channel and expiry, each with the wire name its refusal cites.
struct Basics<'a> {
    op: Op,
    reference_field: &'static str,
    reference: &'a str,
    amount_field: &'static str,
    amount: &'a Money,
    channel: &'a Channel,
    product: Product,
    expiry_field: &'static str,
    expiry: Option<&'a WireTime>,
    default_validity_seconds: i64,
    url_params: &'a [UrlParam],
}

impl<'a> Basics<'a> {
    /// Refuses a bad reference, amount or channel, in that order (before the operation's own
    /// checks).
    fn check(&self) -> Result<(), Refusal> {
        check_reference(self.reference_field, self.reference)?;
        check_money(self.amount_field, self.amount)?;
        check_channel(self.channel, self.product)
    }

    /// The transaction to record; refuses a bad expiry (after the operation's own checks).
    fn new_transaction(&self, now: Timestamp) -> Result<NewTransaction<'a>, Refusal> {
        let expires_at = expiry(
            self.expiry_field,
            self.expiry,
            now,
            self.default_validity_seconds,
        )?;
        Ok(NewTransaction {
            op: self.op,
            reference: self.reference,
            channel: self.channel.to_string(),
            amount: self.amount.clone(),
            expires_at,
            url_params: self.url_params,
        })
    }
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
        paid_amount: None,
    };
    artefacts(&mut transaction)?;
    inner.insert(Record {
        transaction: transaction.clone(),
        expires_unix: Some(new.expires_at.unix_seconds()),
        va,
    });
    Ok(transaction)
}

pub(super) fn qris_generate(
    shared: &Shared,
    request: QrisGenerateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let basics = Basics {
        op: Op::QrisGenerate,
        reference_field: "partnerReferenceNo",
        reference: &request.partner_reference_no,
        amount_field: "amount",
        amount: &request.amount,
        channel: &request.additional_info.channel,
        product: Product::Qris,
        expiry_field: "validUpTo",
        expiry: request.valid_up_to.as_ref(),
        default_validity_seconds: DEFAULT_QRIS_VALIDITY_SECONDS,
        url_params: &request.url_params,
    };
    basics.check()?;
    if request.amount.value.to_string().len() > qris::MAX_AMOUNT_LEN {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            "amount.value is too large for a QRIS",
        ));
    }
    let new = basics.new_transaction(now)?;
    let expires_at = new.expires_at;
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

pub(super) fn ewallet_pay(
    shared: &Shared,
    request: EwalletPaymentRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let basics = Basics {
        op: Op::EwalletPay,
        reference_field: "partnerReferenceNo",
        reference: &request.partner_reference_no,
        amount_field: "amount",
        amount: &request.amount,
        channel: &request.additional_info.channel,
        product: Product::Ewallet,
        expiry_field: "validUpTo",
        expiry: request.valid_up_to.as_ref(),
        default_validity_seconds: DEFAULT_VALIDITY_SECONDS,
        url_params: &request.url_params,
    };
    basics.check()?;
    let new = basics.new_transaction(now)?;
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

pub(super) fn va_create(
    shared: &Shared,
    request: VaCreateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let basics = Basics {
        op: Op::VaCreate,
        reference_field: "trxId",
        reference: &request.trx_id,
        amount_field: "totalAmount",
        amount: &request.total_amount,
        channel: &request.additional_info.channel,
        product: Product::VirtualAccount,
        expiry_field: "expiredDate",
        expiry: request.expired_date.as_ref(),
        default_validity_seconds: DEFAULT_VALIDITY_SECONDS,
        url_params: &[],
    };
    basics.check()?;
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
    let new = basics.new_transaction(now)?;
    let expires_at = new.expires_at;
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

pub(super) fn retail_create(
    shared: &Shared,
    request: RetailCreateRequest,
    now: Timestamp,
) -> Result<Reply, Refusal> {
    let basics = Basics {
        op: Op::RetailCreate,
        reference_field: "partnerReferenceNo",
        reference: &request.partner_reference_no,
        amount_field: "amount",
        amount: &request.amount,
        channel: &request.additional_info.channel,
        product: Product::Retail,
        expiry_field: "validUpTo",
        expiry: Some(&request.valid_up_to),
        default_validity_seconds: DEFAULT_VALIDITY_SECONDS,
        url_params: &request.url_params,
    };
    basics.check()?;
    check_text("customerName", &request.customer_name, 255)?;
    check_text("customerEmail", &request.customer_email, 255)?;
    if !request.customer_email.contains('@') {
        return Err(Refusal::new(
            SnapCase::InvalidFieldFormat,
            "customerEmail is not an e-mail address",
        ));
    }
    let new = basics.new_transaction(now)?;
    let expires_at = new.expires_at;
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

pub(super) fn payment_link_create(
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
