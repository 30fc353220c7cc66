//! Timestamp, Amount, ExternalId, ResponseCode and TransactionStatus: construction, parsing,
//! formatting and their errors.

use ayolinx_proto::code::{ResponseCodeError, SnapCase};
use ayolinx_proto::external_id::ExternalIdError;
use ayolinx_proto::money::AmountError;
use ayolinx_proto::time::TimestampError;
use ayolinx_proto::{
    Amount, Currency, ExternalId, Money, ResponseCode, Timestamp, TransactionStatus,
};

#[test]
fn timestamps_are_written_with_a_numeric_offset_and_whole_seconds() {
    let ts = Timestamp::from_unix(1_726_637_796).unwrap();
    assert_eq!(ts.to_string(), "2024-09-18T12:36:36+07:00");
    assert_eq!(
        Timestamp::from_unix_with_offset(1_726_637_796, 0)
            .unwrap()
            .to_string(),
        "2024-09-18T05:36:36+00:00"
    );
    assert_eq!(
        Timestamp::from_unix_with_offset(0, -(3 * 3600 + 30 * 60))
            .unwrap()
            .to_string(),
        "1969-12-31T20:30:00-03:30"
    );
    // Leap day, century rules, year bounds.
    assert_eq!(
        Timestamp::from_unix_with_offset(951_782_400, 0)
            .unwrap()
            .to_string(),
        "2000-02-29T00:00:00+00:00"
    );
    assert_eq!(
        Timestamp::from_unix_with_offset(4_107_542_400, 0)
            .unwrap()
            .to_string(),
        "2100-03-01T00:00:00+00:00"
    );
    assert_eq!(
        Timestamp::from_unix_with_offset(253_402_300_799, 0)
            .unwrap()
            .to_string(),
        "9999-12-31T23:59:59+00:00"
    );
    assert_eq!(
        Timestamp::from_unix_with_offset(-62_167_219_200, 0)
            .unwrap()
            .to_string(),
        "0000-01-01T00:00:00+00:00"
    );
}

#[test]
fn timestamp_construction_errors() {
    assert!(matches!(
        Timestamp::from_unix(253_402_300_799),
        Err(TimestampError::OutOfRange { .. })
    ));
    assert!(matches!(
        Timestamp::from_unix(i64::MAX),
        Err(TimestampError::OutOfRange { .. })
    ));
    assert!(matches!(
        Timestamp::from_unix(i64::MIN),
        Err(TimestampError::OutOfRange { .. })
    ));
    assert_eq!(
        Timestamp::from_unix_with_offset(0, 30),
        Err(TimestampError::InvalidOffset { offset_seconds: 30 })
    );
    assert_eq!(
        Timestamp::from_unix_with_offset(0, 24 * 3600),
        Err(TimestampError::InvalidOffset {
            offset_seconds: 86_400
        })
    );
    assert!(
        Timestamp::from_unix(0)
            .unwrap()
            .add_seconds(i64::MAX)
            .is_err()
    );
}

#[test]
fn timestamp_parsing_is_lenient_about_form_and_strict_about_values() {
    let expected = 1_726_120_500;
    for text in [
        "2024-09-12T12:55:00+07:00",
        "2024-09-12T12:55:00+0700",
        "2024-09-12T12:55:00+07",
        "2024-09-12T05:55:00Z",
        "2024-09-12T05:55:00z",
        "2024-09-12t05:55:00Z",
        "2024-09-12 05:55:00Z",
        "2024-09-12T05:55:00.999Z",
        "2024-09-12T05:55:00.000000001+00:00",
        "2024-09-11T22:55:00-07:00",
    ] {
        let ts = Timestamp::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(ts.unix_seconds(), expected, "{text}");
    }
    assert_eq!(
        Timestamp::parse("2024-09-12T12:55:00+07:00")
            .unwrap()
            .offset_seconds(),
        25_200
    );
    for bad in [
        "",
        "2024-09-12",
        "2024-09-12T12:55",
        "2024-09-12T12:55:00",
        "2024-09-12T12:55:00+7:00",
        "2024-09-12T12:55:00+07:60",
        "2024-09-12T12:55:00.Z",
        "2024-09-12T12:55:00+07:00 ",
        " 2024-09-12T12:55:00+07:00",
        "24-09-12T12:55:00+07:00",
        "2024-9-12T12:55:00+07:00",
        "2024-09-12T12:55:00+24:00",
        "１２３４-09-12T12:55:00Z",
    ] {
        assert!(Timestamp::parse(bad).is_err(), "{bad:?} must be rejected");
    }
    for impossible in [
        "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01T23:59:60Z",
        "2024-00-10T00:00:00Z",
    ] {
        assert_eq!(
            Timestamp::parse(impossible),
            Err(TimestampError::InvalidDate),
            "{impossible}"
        );
    }
    assert_eq!(
        Timestamp::parse("2024-02-29T00:00:00Z")
            .unwrap()
            .to_string(),
        "2024-02-29T00:00:00+00:00"
    );
    let e = Timestamp::parse("2024/09/12").unwrap_err();
    assert!(e.to_string().contains("byte 4"), "{e}");
}

#[test]
fn timestamps_round_trip_through_text_and_serde() {
    for unix in [
        -62_167_219_200i64,
        -1,
        0,
        1,
        951_782_399,
        1_726_120_500,
        253_402_300_799 - 7 * 3600,
    ] {
        for offset in [0, 25_200, -18_000, 19_800] {
            let Ok(ts) = Timestamp::from_unix_with_offset(unix, offset) else {
                continue;
            };
            assert_eq!(Timestamp::parse(&ts.to_string()).unwrap(), ts, "{ts}");
            let json = serde_json::to_string(&ts).unwrap();
            assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), ts);
        }
    }
}

#[test]
fn amounts_are_exact_two_decimal_strings() {
    assert_eq!(Amount::from_minor_units(0).unwrap().to_string(), "0.00");
    assert_eq!(Amount::from_minor_units(5).unwrap().to_string(), "0.05");
    assert_eq!(
        Amount::from_minor_units(Amount::MAX_MINOR_UNITS)
            .unwrap()
            .to_string(),
        "9999999999999999.99"
    );
    assert_eq!(
        Amount::from_minor_units(Amount::MAX_MINOR_UNITS + 1),
        Err(AmountError::TooLarge)
    );
    assert_eq!(Amount::from_rupiah(u64::MAX), Err(AmountError::TooLarge));
    for (text, minor) in [
        ("0", 0),
        ("0.00", 0),
        ("0.5", 50),
        ("15000", 1_500_000),
        ("15000.00", 1_500_000),
        ("10001.00", 1_000_100),
        ("9999999999999999.99", Amount::MAX_MINOR_UNITS),
    ] {
        assert_eq!(Amount::parse(text).unwrap().minor_units(), minor, "{text}");
    }
    for bad in [
        "", ".", ".5", "5.", "-1.00", "+1.00", "1e3", "1,000.00", "1 000", " 1", "1.000", "01",
        "00.10", "1.0.0", "NaN", "１",
    ] {
        assert!(
            matches!(Amount::parse(bad), Err(AmountError::Malformed { .. })),
            "{bad:?}"
        );
    }
    assert_eq!(
        Amount::parse("10000000000000000.00"),
        Err(AmountError::TooLarge)
    );
    assert_eq!(
        Amount::parse("99999999999999999999999999"),
        Err(AmountError::TooLarge)
    );
}

#[test]
fn amounts_deserialise_from_strings_and_integers_but_never_floats() {
    assert_eq!(
        serde_json::from_str::<Amount>(r#""30.00""#)
            .unwrap()
            .to_string(),
        "30.00"
    );
    assert_eq!(
        serde_json::from_str::<Amount>("11500").unwrap().to_string(),
        "11500.00"
    );
    let float = serde_json::from_str::<Amount>("30.5").unwrap_err();
    assert!(float.to_string().contains("float"), "{float}");
    assert!(serde_json::from_str::<Amount>("-5").is_err());
    let money: Money = serde_json::from_str(r#"{"currency":"IDR","value":"10001.00"}"#).unwrap();
    assert_eq!(
        money,
        Money::idr(Amount::from_minor_units(1_000_100).unwrap())
    );
    let usd: Money = serde_json::from_str(r#"{"value":"1.00","currency":"USD"}"#).unwrap();
    assert_eq!(usd.currency, Currency::Other("USD".into()));
    assert_eq!(
        serde_json::to_string(&usd).unwrap(),
        r#"{"currency":"USD","value":"1.00"}"#
    );
}

#[test]
fn amount_arithmetic_is_checked() {
    let max = Amount::from_minor_units(Amount::MAX_MINOR_UNITS).unwrap();
    assert_eq!(
        max.checked_add(Amount::from_minor_units(1).unwrap()),
        Err(AmountError::TooLarge)
    );
    assert_eq!(max.checked_mul(2), Err(AmountError::TooLarge));
    assert_eq!(
        Amount::from_rupiah(20_000).unwrap().checked_mul(0).unwrap(),
        Amount::ZERO
    );
}

#[test]
fn external_ids_are_numeric_and_at_most_36_digits() {
    let ts = Timestamp::from_unix(1_726_120_500).unwrap();
    let zero = ExternalId::generate(&ts, [0; 16]);
    assert_eq!(zero.as_str(), "240912125500000000000000000000000000");
    let max = ExternalId::generate(&ts, [0xff; 16]);
    assert_eq!(max.as_str().len(), 36);
    assert!(max.as_str().bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(ExternalId::new(max.as_str()).unwrap(), max);
    assert_eq!(ExternalId::new(""), Err(ExternalIdError::Empty));
    assert_eq!(
        ExternalId::new("1".repeat(37)),
        Err(ExternalIdError::TooLong { len: 37 })
    );
    assert_eq!(
        ExternalId::new("12a4"),
        Err(ExternalIdError::NotNumeric { position: 2 })
    );
    assert_eq!(
        ExternalId::new("١٢٣"),
        Err(ExternalIdError::NotNumeric { position: 0 })
    );
    // Distinct random bytes give distinct ids.
    let ids: std::collections::HashSet<_> = (0u8..=255)
        .map(|i| ExternalId::generate(&ts, [i; 16]))
        .collect();
    assert_eq!(ids.len(), 256);
}

#[test]
fn response_codes_split_into_parts_and_keep_what_they_were_given() {
    let code = ResponseCode::parse("4017300").unwrap();
    assert_eq!(
        (code.http_status(), code.service_code(), code.case_code()),
        (Some(401), Some(73), Some(0))
    );
    assert_eq!(code.snap_case(), Some(SnapCase::Unauthorized));
    assert!(!code.is_success());
    assert_eq!(format!("{code:?}"), "ResponseCode(4017300 Unauthorized)");
    for success in [
        "2007300", "2004700", "2005100", "2007700", "2005400", "2002700", "2000100", "00",
    ] {
        assert!(
            ResponseCode::parse(success).unwrap().is_success(),
            "{success}"
        );
    }
    for failure in [
        "2024700",
        "4094701",
        "5004700",
        "581000001",
        "01",
        "0",
        "4012501",
    ] {
        assert!(
            !ResponseCode::parse(failure).unwrap().is_success(),
            "{failure}"
        );
    }
    let odd = ResponseCode::parse("581000001").unwrap();
    assert_eq!(
        (odd.http_status(), odd.snap_case(), odd.as_str()),
        (None, None, "581000001")
    );
    let not_http = ResponseCode::parse("0004700").unwrap();
    assert!(!not_http.is_snap());
    assert_eq!(ResponseCode::parse(""), Err(ResponseCodeError::Empty));
    assert_eq!(
        ResponseCode::parse(&"1".repeat(33)),
        Err(ResponseCodeError::TooLong { len: 33 })
    );
    assert_eq!(
        ResponseCode::parse("20047 00"),
        Err(ResponseCodeError::InvalidCharacter)
    );
    assert_eq!(
        ResponseCode::parse("٢٠٠٤٧٠٠"),
        Err(ResponseCodeError::InvalidCharacter)
    );
    assert_eq!(
        serde_json::from_str::<ResponseCode>(r#""2005600""#)
            .unwrap()
            .as_str(),
        "2005600"
    );
    assert!(serde_json::from_str::<ResponseCode>(r#""""#).is_err());
}

#[test]
fn every_snap_case_round_trips_through_its_code() {
    let mut seen = 0;
    for http in 100u16..=599 {
        for case in 0u8..=99 {
            if let Some(named) = SnapCase::from_parts(http, case) {
                seen += 1;
                let code = named.code(47);
                assert_eq!(code.snap_case(), Some(named));
                assert_eq!(
                    (code.http_status(), code.case_code()),
                    (Some(http), Some(case))
                );
                assert_eq!(ResponseCode::snap(http, 47, case).unwrap(), code);
                assert!(!named.message().is_empty());
            }
        }
    }
    assert_eq!(
        seen, 63,
        "the SNAP table of snap-standard.md section 1.9 has 63 rows"
    );
    assert_eq!(
        ResponseCode::snap(600, 1, 1),
        Err(ResponseCodeError::NotSnap)
    );
}

#[test]
fn transaction_statuses_cover_the_table_and_keep_unknown_codes() {
    let table = [
        ("00", TransactionStatus::Success),
        ("01", TransactionStatus::Initiated),
        ("02", TransactionStatus::Paying),
        ("03", TransactionStatus::Pending),
        ("04", TransactionStatus::Refunded),
        ("05", TransactionStatus::Canceled),
        ("06", TransactionStatus::Failed),
        ("07", TransactionStatus::NotFound),
    ];
    for (code, status) in table {
        assert_eq!(TransactionStatus::from_code(code), status);
        assert_eq!(status.code(), code);
        assert_eq!(
            serde_json::to_string(&status).unwrap(),
            format!("\"{code}\"")
        );
    }
    for unknown in ["08", "09", "", "SUCCESS"] {
        let status = TransactionStatus::from_code(unknown);
        assert_eq!(status, TransactionStatus::Unknown(unknown.into()));
        assert_eq!(status.code(), unknown);
        assert!(!status.is_final() && !status.is_paid());
    }
}
