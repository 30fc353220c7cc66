//! The slow-client check every server of the project passes (shared with the `ayolinx listen`
//! test): 200 connections that send half a request head do not keep a genuine request from
//! being served, and they, like an idle keep-alive connection, are closed within 10 s.
// Test support fails loudly.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// The most a server may wait for a request head (the bound).
pub const HEAD_TIMEOUT_BOUND: Duration = Duration::from_secs(10);

/// Reads until the server closes the connection; fails if it stays open past the bound.
fn assert_closed_by_server(mut stream: TcpStream, opened: Instant) {
    stream
        .set_read_timeout(Some(HEAD_TIMEOUT_BOUND + Duration::from_secs(2)))
        .unwrap();
    let mut buffer = [0_u8; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(error) => panic!("the server kept a slow connection open: {error}"),
        }
    }
    let open = opened.elapsed();
    assert!(
        open <= HEAD_TIMEOUT_BOUND + Duration::from_secs(1),
        "a slow connection stayed open {open:?}"
    );
}

/// Opens 200 half-sent request heads at `addr`, runs `genuine` (which must succeed while they
/// are open, and quickly), then checks that the server closed every slow connection, and an
/// idle keep-alive one, within the bound.
pub fn check(addr: SocketAddr, path: &str, genuine: impl FnOnce()) {
    let opened = Instant::now();
    let slow: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            write!(stream, "POST {path} HTTP/1.1\r\nHost: x\r\nContent-").unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    genuine();
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the genuine request took {:?} beside the slow ones",
        started.elapsed()
    );
    // An idle keep-alive connection: one whole request, then silence.
    let mut idle = TcpStream::connect(addr).unwrap();
    let idle_opened = Instant::now();
    write!(
        idle,
        "GET /nothing-here HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
    )
    .unwrap();
    for stream in slow {
        assert_closed_by_server(stream, opened);
    }
    assert_closed_by_server(idle, idle_opened);
}
