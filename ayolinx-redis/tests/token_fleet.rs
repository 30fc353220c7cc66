//! Four processes × 16 threads on a cold Redis token cache make exactly one token request to
//! the sandbox (feature `redis-server-tests`).
//!
//! The processes are this test's own binary (`harness = false`), run again with `member` as
//! its first argument: each builds an `ayolinx-ureq` client on a [`BlockingTokenCache`], waits
//! for the go on stdin (so that the four start together), asks for the access token from 16
//! threads at once, and checks that every thread got the token the cache holds, version 1.
// It prints: the test harness's lines, and `ready` from a member to the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::io::{BufRead as _, Write as _};
use std::process::{Command, ExitCode, Stdio};
use std::sync::{Arc, Barrier};

use ayolinx_proto::PrivateKey;
use ayolinx_redis::BlockingRedisStore;
use ayolinx_sandbox::Sandbox;
use common::RedisServer;

const PROCESSES: usize = 4;
const THREADS: usize = 16;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [mode, redis_url, base_url, client_key] if mode == "member" => {
            member(redis_url, base_url, client_key);
        }
        // The harness's own arguments (`--nocapture`, a filter, `--list`) change nothing here.
        _ => {
            if args.iter().any(|arg| arg == "--list") {
                println!("four_processes_by_sixteen_threads_make_one_token_request: test");
                return ExitCode::SUCCESS;
            }
            four_processes_by_sixteen_threads_make_one_token_request();
            println!("test four_processes_by_sixteen_threads_make_one_token_request ... ok");
        }
    }
    ExitCode::SUCCESS
}

fn four_processes_by_sixteen_threads_make_one_token_request() {
    let redis = RedisServer::start();
    let sandbox = Sandbox::start().unwrap();
    let mut members: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .arg("member")
                .arg(redis.url())
                .arg(sandbox.base_url())
                .arg(sandbox.client_key())
                .env("CLIENT_SECRET", sandbox.client_secret().expose_secret())
                .env(
                    "MERCHANT_PRIVATE_KEY",
                    sandbox.merchant_private_key_pem().unwrap(),
                )
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Each member says `ready` once its client is built; then all get the go at once.
    for member in &mut members {
        let mut line = String::new();
        std::io::BufReader::new(member.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "ready\n");
    }
    for member in &mut members {
        member.stdin.as_mut().unwrap().write_all(b"go\n").unwrap();
    }
    for member in members {
        let status = member.wait_with_output().unwrap().status;
        assert!(status.success(), "a member failed: {status}");
    }
    assert_eq!(sandbox.request_count("token"), 1);
}

fn member(redis_url: &str, base_url: &str, client_key: &str) {
    let store = Arc::new(BlockingRedisStore::open(redis_url).unwrap());
    let cache = store.token_cache(client_key);
    let private_key =
        PrivateKey::from_pem(&std::env::var("MERCHANT_PRIVATE_KEY").unwrap()).unwrap();
    let client = ayolinx_ureq::Client::builder(
        base_url,
        client_key,
        ayolinx_proto::Secret::new(std::env::var("CLIENT_SECRET").unwrap()),
        private_key,
    )
    .token_store(Arc::new(cache.clone()))
    .build()
    .unwrap();
    println!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    assert_eq!(go, "go\n");

    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let (client, start) = (client.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                client.access_token().unwrap()
            })
        })
        .collect();
    let tokens: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    let cached = cache.get().unwrap().expect("the token is cached");
    assert_eq!(cached.version, 1);
    for token in tokens {
        assert_eq!(
            token.secret().expose_secret(),
            cached.token.secret().expose_secret()
        );
    }
}
