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

/// The jupyter-server of the environment scripts/setup.sh makes (the local notebook back-end
/// checks it at start-up).
fn jupyter() -> String {
    if let Ok(j) = std::env::var("PUENTE_JUPYTER") {
        return j;
    }
    use sha2::Digest;
    let reqs =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/jupyter-requirements.txt")).unwrap();
    let hash: String = sha2::Sha256::digest(&reqs).iter().map(|b| format!("{b:02x}")).collect();
    let cache = std::env::var("PUENTE_CACHE").unwrap_or_else(|_| "/var/cache/puente".to_owned());
    format!("{cache}/jupyter-{}/bin/jupyter-server", &hash[..12])
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
        .env("DATABASE_URL", format!("sqlite://{}/db/p.db", dir.display()))
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("PUENTE_JUPYTER", jupyter())
        .env("PUENTE_NOTEBOOK_DIR", dir.join("notebooks"))
        .env("PUENTE_SECRET_KEY_FILE", dir.join("keys/secret.key"))
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

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn content_check(dir: &std::path::Path) -> (bool, String) {
    let out = puente().args(["content", "check", "--dir"]).arg(dir).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_shipped_content_passes_the_check() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let (ok, out) = content_check(&root);
    assert!(ok, "{out}");
    assert!(out.contains("content ok: 2 courses"), "{out}");
}

#[test]
fn content_check_reports_each_kind_of_problem_with_file_and_line() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let dir = temp_dir("content");
    copy_dir(&root, &dir);
    let ep = dir.join("desktop-to-cluster/01-what-is-a-cluster");
    let es = ep.join("es.md");
    let mut text = std::fs::read_to_string(&es).unwrap();
    // 1. A missing front matter field.
    text = text.replacen("summary:", "resumen:", 1);
    std::fs::write(&es, &text).unwrap();
    // 2. A broken internal link and 3. an image without alt text, in the Portuguese file.
    let pt = ep.join("pt.md");
    let mut pt_text = std::fs::read_to_string(&pt).unwrap();
    pt_text.push_str("\n\nVeja [o episódio perdido](../99-nao-existe/).\n\n![](images/cluster-pt.svg)\n");
    std::fs::write(&pt, &pt_text).unwrap();
    let pt_lines = pt_text.lines().count();
    // 4. An invalid notebook.
    let nb = ep.join("notebooks/estimate-resources.ipynb");
    std::fs::write(&nb, "{\"cells\": [ this is not json").unwrap();

    let (ok, out) = content_check(&dir);
    assert!(!ok, "the check must fail");
    let es_s = es.display().to_string();
    let pt_s = pt.display().to_string();
    assert!(out.lines().any(|l| l.starts_with(&format!("{es_s}:")) && l.contains("summary")), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{pt_s}:{}:", pt_lines - 2)) && l.contains("99-nao-existe")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with(&format!("{pt_s}:{pt_lines}:")) && l.contains("no alt text")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with(&nb.display().to_string()) && l.contains("not JSON")), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}
