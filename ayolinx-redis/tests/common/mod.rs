//! What the suites against a real `redis-server` share: the server itself, started on a free
//! loopback port and stopped when dropped. Also included by `ayolinx-cli`'s fleet tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` on a free loopback port, with no persistence; killed when dropped.
pub struct RedisServer {
    child: Child,
    port: u16,
    password: Option<String>,
}

/// A free loopback port: Redis has no `--port 0`, so the OS picks one and it is handed over.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl RedisServer {
    pub fn start() -> Self {
        Self::on(free_port())
    }

    pub fn on(port: u16) -> Self {
        Self::spawn(port, None)
    }

    /// A server that refuses every command until `AUTH password`.
    pub fn with_password(password: &str) -> Self {
        Self::spawn(free_port(), Some(password.to_owned()))
    }

    fn spawn(port: u16, password: Option<String>) -> Self {
        let mut command = Command::new("redis-server");
        command
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"]);
        if let Some(password) = &password {
            command.args(["--requirepass", password]);
        }
        let child = command
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (bash .ci/install-redis.sh)");
        let server = Self {
            child,
            port,
            password,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    /// `redis://[:password@]127.0.0.1:port/0`.
    pub fn url(&self) -> String {
        let auth = self
            .password
            .as_ref()
            .map_or_else(String::new, |password| format!(":{password}@"));
        format!("redis://{auth}127.0.0.1:{}/0", self.port)
    }

    pub fn stop(mut self) -> u16 {
        self.kill();
        self.port
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
