//! `ayolinx` processes sharing a real `redis-server` through `--store` (feature
//! `redis-server-tests`; `.ci/install-redis.sh` installs the server): the API commands' one
//! access token. The Ayolinx side is `ayolinx-sandbox` in this process, whose request counts
//! are the proof.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "../../ayolinx-redis/tests/common/mod.rs"]
mod redis_server;
mod support;

use std::process::{Child, Output, Stdio};

use ayolinx_sandbox::{Sandbox, SandboxHandle};
use redis_server::RedisServer;
use support::{assert_exit, stderr, success_json, unique_ref};

/// A sandbox with the test's own client secret, and the global options that point `ayolinx` at
/// it.
struct Gateway {
    sandbox: SandboxHandle,
    globals: Vec<String>,
}

impl Gateway {
    fn start(name: &str) -> Self {
        let sandbox = Sandbox::builder()
            .client_key(support::CLIENT_KEY)
            .client_secret(support::CLIENT_SECRET)
            .start()
            .unwrap();
        let private_key = support::temp_file(
            &format!("{name}-merchant.pem"),
            sandbox.merchant_private_key_pem().unwrap().as_bytes(),
        );
        let globals = vec![
            "--base-url".into(),
            sandbox.base_url().to_owned(),
            "--client-key".into(),
            support::CLIENT_KEY.into(),
            "--client-secret".into(),
            support::CLIENT_SECRET.into(),
            "--private-key".into(),
            private_key.display().to_string(),
        ];
        Self { sandbox, globals }
    }

    /// `ayolinx` with `args` then the gateway's global options, started.
    fn spawn(&self, args: &[&str]) -> Child {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(self.globals.iter().map(String::as_str));
        support::command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    fn run(&self, args: &[&str]) -> Output {
        let output = self.spawn(args).wait_with_output().unwrap();
        support::assert_no_secret(&output);
        output
    }
}

fn qris_create<'a>(store: &'a str, reference: &'a str) -> [&'a str; 9] {
    [
        "--store", store, "qris", "create", "--ref", reference, "--amount", "1000.00", "--json",
    ]
}

#[test]
fn four_concurrent_and_then_consecutive_api_commands_share_one_token() {
    let redis = RedisServer::start();
    let gateway = Gateway::start("one-token");
    let store = redis.url();
    let references: Vec<String> = (0..4).map(|_| unique_ref("CLI-FLEET")).collect();
    let runs: Vec<Child> = references
        .iter()
        .map(|reference| gateway.spawn(&qris_create(&store, reference)))
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        support::assert_no_secret(&output);
        assert_eq!(success_json(&output)["responseCode"], "2004700");
    }
    assert_eq!(gateway.sandbox.request_count("qris.generate"), 4);
    assert_eq!(gateway.sandbox.request_count("token"), 1);

    // A later run, its store from the environment, uses the same token.
    let reference = unique_ref("CLI-FLEET");
    let mut later = support::command(&["qris", "query", "--ref", &references[0], "--json"]);
    later.args(&gateway.globals).env("AYOLINX_STORE", &store);
    let output = later.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(gateway.sandbox.request_count("token"), 1);

    // The memory store (the default) is the process's own: a token of its own.
    let output = gateway.run(&qris_create("memory", &reference));
    assert_eq!(success_json(&output)["responseCode"], "2004700");
    assert_eq!(gateway.sandbox.request_count("token"), 2);
}

#[test]
fn a_store_that_is_not_a_url_is_a_usage_error_that_never_shows_the_password() {
    let gateway = Gateway::start("bad-store");
    for bad in [
        "redis://:hunter2@127.0.0.1:notaport/0",
        "redis://:hunter2@/0",
        "rediss-not://:hunter2@host",
        "redis://:hunter2@127.0.0.1:6379/zero",
    ] {
        let output = gateway.run(&qris_create(bad, "CLI-BAD-STORE"));
        assert_exit(&output, 2, "--store");
        let printed = format!("{}{}", support::stdout(&output), stderr(&output));
        assert!(!printed.contains("hunter2"), "{printed}");
    }
    let mut from_env = support::command(&["qris", "create", "--ref", "X", "--amount", "1.00"]);
    from_env
        .args(&gateway.globals)
        .env("AYOLINX_STORE", "memcached://:hunter2@host");
    let output = from_env.output().unwrap();
    assert_exit(&output, 2, "AYOLINX_STORE");
    assert!(!stderr(&output).contains("hunter2"));
    assert_eq!(gateway.sandbox.request_count("token"), 0);
}

#[test]
fn an_unreachable_redis_leaves_the_command_working_on_a_token_of_its_own() {
    let gateway = Gateway::start("no-redis");
    // A free port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let store = format!("redis://:hunter2@127.0.0.1:{port}/0");
    let output = gateway.run(&qris_create(&store, &unique_ref("CLI-NO-REDIS")));
    assert_eq!(success_json(&output)["responseCode"], "2004700");
    assert!(!stderr(&output).contains("hunter2"));
    assert_eq!(gateway.sandbox.request_count("token"), 1);
}
