//! The `puente` binary as an operator runs it: configuration errors, migrate, SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failed expectation is the test failing

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn puente() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_puente"));
    for (k, _) in std::env::vars() {
        if k.starts_with("PUENTE_") || k == "DATABASE_URL" || k == "LEPTOS_SITE_ADDR" {
            c.env_remove(k);
        }
    }
    c.env("PUENTE_LOG", "warn");
    c
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("puente-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_malformed_setting_stops_startup_with_one_line_naming_it() {
    for (key, value) in [
        ("LEPTOS_SITE_ADDR", "not-an-address"),
        ("DATABASE_URL", "mysql://db"),
        ("PUENTE_PUBLIC_URL", "puente.example.org"),
    ] {
        let out = puente().env(key, value).arg("serve").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{key}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{key}: {stderr}");
        assert!(stderr.starts_with(&format!("configuration error: {key}: ")), "{stderr}");
    }
}

#[test]
fn migrate_creates_and_migrates_a_sqlite_database() {
    let dir = temp_dir("migrate");
    let db = dir.join("sub/puente.db");
    let url = format!("sqlite://{}", db.display());
    for _ in 0..2 {
        let out = puente().env("DATABASE_URL", &url).arg("migrate").output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(db.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = temp_dir("sigterm");
    let port = free_port();
    let mut child = puente()
        .env("DATABASE_URL", format!("sqlite://{}/p.db", dir.display()))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let stopping = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(stopping.elapsed() < Duration::from_secs(10), "server ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(exit.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn admin_create_prints_a_single_use_link_and_never_a_password() {
    let dir = temp_dir("admin");
    let url = format!("sqlite://{}/p.db", dir.display());
    let out = puente()
        .env("DATABASE_URL", &url)
        .env("PUENTE_PUBLIC_URL", "https://puente.example.org")
        .args(["admin", "create", "--email", "Admin@Uni.example", "--name", "Ana Admin", "--locale", "pt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("https://puente.example.org/pt/password/reset/"), "{stdout}");
    assert!(!stdout.to_lowercase().contains("password:"), "no password is printed");
    let bad = puente()
        .env("DATABASE_URL", &url)
        .args(["admin", "create", "--email", "nope", "--name", "X"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--email"));
    let _ = std::fs::remove_dir_all(&dir);
}
