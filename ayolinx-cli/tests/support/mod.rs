//! Shared helpers of the `ayolinx` process tests: running the binary, temporary files, the
//! test vectors.
// Test support reads files, writes temporary ones and fails loudly.
#![allow(
    dead_code,
    unused_imports,
    unreachable_pub,
    clippy::disallowed_methods,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, ChildStderr, Command, Output, Stdio};

use serde_json::Value;

#[path = "../../../ayolinx-proto/tests/common/mod.rs"]
mod common;

pub use common::{read_vector_json, vectors_dir};

/// The secrets every test passes somewhere; none may appear in any output.
pub const CLIENT_SECRET: &str = "SKSandbox-c2382b29-2395-4002-9ac5-fee6a6bdc52e";
pub const ACCESS_TOKEN: &str = "tok-very-secret-4711";

/// `ayolinx` with `args`, its environment cleared of `AYOLINX_*` settings.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ayolinx"));
    for variable in [
        "AYOLINX_BASE_URL",
        "AYOLINX_CLIENT_KEY",
        "AYOLINX_CLIENT_SECRET",
        "AYOLINX_PRIVATE_KEY",
        "AYOLINX_PUBLIC_KEY",
        "AYOLINX_STORE",
    ] {
        command.env_remove(variable);
    }
    command.args(args);
    command
}

/// Runs `ayolinx` with `args` to completion.
pub fn ayolinx(args: &[&str]) -> Output {
    command(args).output().expect("the ayolinx binary runs")
}

/// Writes `bytes` to a fresh temporary file named after the test.
pub fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ayolinx-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Fails when any known secret appears on stdout or stderr.
pub fn assert_no_secret(output: &Output) {
    for secret in [CLIENT_SECRET, ACCESS_TOKEN] {
        assert!(
            !stdout(output).contains(secret) && !stderr(output).contains(secret),
            "a secret leaked: {}{}",
            stdout(output),
            stderr(output)
        );
    }
}

/// A path in the test vectors' key folder, as a string.
pub fn vector_key(name: &str) -> String {
    vectors_dir().join("keys").join(name).display().to_string()
}

/// A running `ayolinx sandbox` child process, killed when dropped (also when a test fails).
pub struct SandboxProcess {
    child: std::process::Child,
    /// Its start-up line.
    pub startup: serde_json::Value,
    /// The merchant private key it uses, written to a file for `--private-key`.
    pub private_key: PathBuf,
    /// Its Ayolinx public key, written to a file for `--ayolinx-public-key`.
    pub ayolinx_public_key: PathBuf,
}

/// The client key the test sandboxes are started with.
pub const CLIENT_KEY: &str = "CK-cli-test";

impl SandboxProcess {
    /// Starts `ayolinx sandbox` on a free port with a client secret of the test's own (so that
    /// it is never printed) and `extra` arguments.
    pub fn start(name: &str, extra: &[&str]) -> Self {
        use std::io::BufRead as _;
        let mut args = vec![
            "sandbox",
            "--client-key",
            CLIENT_KEY,
            "--client-secret",
            CLIENT_SECRET,
            "--time-factor",
            "0.001",
        ];
        args.extend_from_slice(extra);
        let mut child = command(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let startup: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the start-up line is not JSON ({e}): {line:?}"));
        assert!(
            !line.contains(CLIENT_SECRET),
            "the sandbox printed the client secret"
        );
        let private_key = temp_file(
            &format!("{name}-merchant.pem"),
            startup["merchant_private_key_pem"]
                .as_str()
                .unwrap()
                .as_bytes(),
        );
        let ayolinx_public_key = temp_file(
            &format!("{name}-ayolinx-public.pem"),
            startup["ayolinx_public_key_pem"]
                .as_str()
                .unwrap()
                .as_bytes(),
        );
        Self {
            child,
            startup,
            private_key,
            ayolinx_public_key,
        }
    }

    pub fn base_url(&self) -> String {
        self.startup["base_url"].as_str().unwrap().to_owned()
    }

    /// The global options that point `ayolinx` at this sandbox.
    pub fn globals(&self) -> Vec<String> {
        vec![
            "--base-url".into(),
            self.base_url(),
            "--client-key".into(),
            CLIENT_KEY.into(),
            "--client-secret".into(),
            CLIENT_SECRET.into(),
            "--private-key".into(),
            self.private_key.display().to_string(),
            "--ayolinx-public-key".into(),
            self.ayolinx_public_key.display().to_string(),
        ]
    }

    /// Runs `ayolinx` with `args` then this sandbox's global options.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        all.extend(self.globals());
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let output = ayolinx(&all);
        assert_no_secret(&output);
        output
    }

    /// Posts `body` to a control endpoint of the sandbox; returns the status.
    pub fn control(&self, path: &str, body: &str) -> u16 {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let url = format!("{}/sandbox/v1/{path}", self.base_url());
        agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap()
            .status()
            .as_u16()
    }

    /// Pays a transaction through the control endpoint.
    pub fn pay(&self, reference: &str) -> u16 {
        self.control(&format!("transactions/{reference}/pay"), "{}")
    }

    /// Adds a fault (the sandbox's JSON form).
    pub fn fault(&self, fault: &Value) {
        let status = self.control("faults", &fault.to_string());
        assert!(
            (200..300).contains(&status),
            "fault {fault} refused: {status}"
        );
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        // Started by this test, stopped by it.
        self.child.kill().ok();
        self.child.wait().ok();
        std::fs::remove_file(&self.private_key).ok();
        std::fs::remove_file(&self.ayolinx_public_key).ok();
    }
}

/// A reference unique to this run.
pub fn unique_ref(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}", nanos % 1_000_000_000_000)
}

/// A running `ayolinx listen`, its port read from the status line on stderr.
pub struct Listener {
    child: Child,
    stderr: BufReader<ChildStderr>,
    pub port: u16,
    /// Its first line on stderr: where it listens, and its store.
    pub banner: String,
}

impl Listener {
    pub fn start(public_key: &str, args: &[&str]) -> Self {
        let mut all = vec![
            "listen",
            "--port",
            "0",
            "--exit-after",
            "60",
            "--ayolinx-public-key",
            public_key,
        ];
        all.extend_from_slice(args);
        let mut child = command(&all)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        stderr.read_line(&mut line).unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Self {
            child,
            stderr,
            port,
            banner: line,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Waits for the process to stop by itself: exit code, stdout lines, rest of stderr.
    pub fn finish_text(mut self) -> (Option<i32>, Vec<String>, String) {
        let status = self.child.wait().unwrap();
        let mut out = String::new();
        let mut stdout = self.child.stdout.take().unwrap();
        stdout.read_to_string(&mut out).unwrap();
        let mut err = String::new();
        self.stderr.read_to_string(&mut err).unwrap();
        (status.code(), out.lines().map(str::to_owned).collect(), err)
    }

    /// [`finish_text`](Self::finish_text), each stdout line parsed as JSON.
    pub fn finish(self) -> (Option<i32>, Vec<Value>, String) {
        let (code, lines, err) = self.finish_text();
        let lines = lines
            .iter()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect();
        (code, lines, err)
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        // Started by this test; normally it has already stopped by itself.
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// Asserts exit 0 (showing both streams otherwise) and parses stdout as JSON.
pub fn success_json(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(output)))
}

/// Asserts the exit code and that stderr says `needle`.
pub fn assert_exit(output: &Output, code: i32, needle: &str) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}{}",
        stdout(output),
        stderr(output)
    );
    assert!(
        stderr(output).contains(needle),
        "{needle:?} is not in {}",
        stderr(output)
    );
}

/// A loopback server that answers its requests, one connection each, with `answers` in turn
/// (status 200, JSON), then stops; returns its base URL and the request bodies it received.
pub fn scripted_server(
    answers: Vec<String>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    use std::io::Write as _;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let received = std::sync::Arc::clone(&bodies);
    std::thread::spawn(move || {
        for answer in answers {
            let (stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            received.lock().unwrap().push(body);
            let mut stream = reader.into_inner();
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            )
            .unwrap();
        }
    });
    (url, bodies)
}

/// The current time, for signing.
pub fn now() -> ayolinx_proto::Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    ayolinx_proto::Timestamp::from_unix(i64::try_from(seconds).unwrap()).unwrap()
}

/// The shared vectors' test merchant key, standing in for Ayolinx's key (as in the C1 vector;
/// its public half is `vector_key("test_merchant_public.pem")`).
pub fn ayolinx_test_key() -> ayolinx_proto::PrivateKey {
    ayolinx_proto::PrivateKey::from_pem(
        &std::fs::read_to_string(vector_key("test_merchant_private_pkcs8.pem")).unwrap(),
    )
    .unwrap()
}

/// A token answer for [`scripted_run`].
pub const TOKEN_ANSWER: &str = r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}"#;

/// Runs `ayolinx` with `args` against a [`scripted_server`] that answers the token request,
/// then `answer`; returns the output and the request bodies the server received.
pub fn scripted_run(args: &[&str], answer: &str) -> (Output, Vec<Vec<u8>>) {
    let (url, bodies) = scripted_server(vec![TOKEN_ANSWER.to_owned(), answer.to_owned()]);
    let private_key = vector_key("test_merchant_private_pkcs8.pem");
    let mut all = args.to_vec();
    all.extend([
        "--base-url",
        &url,
        "--client-key",
        "CK-1",
        "--client-secret",
        CLIENT_SECRET,
        "--private-key",
        &private_key,
    ]);
    let output = ayolinx(&all);
    let received = bodies.lock().unwrap().clone();
    (output, received)
}
