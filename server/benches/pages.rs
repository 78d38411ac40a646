//! Lessons at static-site speed, side by side with nginx in one run (bench/pages.sh installs
//! nginx and wrk). nginx serves the very bytes Puente serves: once precompressed
//! (`gzip_static`, the static-site case) and once compressing per request (`gzip on`). wrk
//! measures both with the same connections, duration and `Accept-Encoding: gzip`; the table
//! prints each ratio. Then: page weights, SQL statements per shared page, and the memory the
//! shared pages of every shipped lesson in three languages take.
//!
//! `PUENTE_BENCH_DURATION` (seconds per run, default 10) and `PUENTE_BENCH_CONNECTIONS`
//! (default 32) change the load.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark: a failure is the run failing

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

/// A line of the table: label, path, Puente's request headers, nginx's.
type Row<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, Vec<(&'a str, &'a str)>);

struct Measured {
    rps: f64,
    p99_ms: f64,
}

fn wrk(url: &str, headers: &[(&str, &str)]) -> Measured {
    let duration = std::env::var("PUENTE_BENCH_DURATION").unwrap_or_else(|_| "10".into());
    let connections = std::env::var("PUENTE_BENCH_CONNECTIONS").unwrap_or_else(|_| "32".into());
    let mut cmd = Command::new("wrk");
    cmd.args(["-t2", &format!("-c{connections}"), &format!("-d{duration}s"), "--latency"]);
    for (k, v) in headers {
        cmd.args(["-H", &format!("{k}: {v}")]);
    }
    // Puente runs on this process's runtime: waiting for wrk on one of its two worker threads
    // would leave the server one thread (and strand the tasks queued on it).
    let out =
        tokio::task::block_in_place(|| cmd.arg(url).output()).expect("wrk (bench/pages.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Non-2xx or 3xx responses"), "{url} answered with errors:\n{text}");
    let rps = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no requests/s from wrk for {url}:\n{text}"));
    let p99 = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("no p99 from wrk for {url}:\n{text}"));
    Measured { rps, p99_ms: to_ms(&p99) }
}

/// wrk's "1.23ms", "845.00us", "1.02s".
fn to_ms(v: &str) -> f64 {
    let (num, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 1e-3)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1e3)
    } else {
        (v, 1.0)
    };
    num.parse::<f64>().unwrap_or(f64::NAN) * factor
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn gzip9(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Starts nginx on two ports serving `root`: precompressed, and compressing per request.
fn nginx(dir: &std::path::Path, root: &std::path::Path) -> (std::process::Child, u16, u16) {
    let (fixed, per_request) = (free_port(), free_port());
    let conf = format!(
        "user root;\nworker_processes 2;\npid {dir}/nginx.pid;\nerror_log {dir}/nginx-error.log;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n  access_log off;\n  default_type text/html;\n  sendfile on;\n  tcp_nopush on;\n  keepalive_requests 1000000;\n\
         types {{ text/css css; }}\n\
         client_body_temp_path {dir}/tmp; proxy_temp_path {dir}/tmp; fastcgi_temp_path {dir}/tmp; uwsgi_temp_path {dir}/tmp; scgi_temp_path {dir}/tmp;\n\
         server {{ listen 127.0.0.1:{fixed}; root {root}; gzip_static on; location / {{ try_files $uri $uri/index.html =404; }} }}\n\
         server {{ listen 127.0.0.1:{per_request}; root {root}; gzip on; gzip_types text/html text/css; location / {{ try_files $uri $uri/index.html =404; }} }}\n}}\n",
        dir = dir.display(),
        root = root.display(),
    );
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    let child = Command::new("nginx")
        .args(["-c", &path.display().to_string(), "-g", "daemon off;"])
        .stdout(Stdio::null())
        .spawn()
        .expect("nginx (bench/pages.sh installs it)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", per_request)).is_ok()
            && std::net::TcpStream::connect(("127.0.0.1", fixed)).is_ok()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    (child, fixed, per_request)
}

async fn bytes(
    client: &reqwest::Client,
    url: &str,
    headers: &[(&str, &str)],
) -> (reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = client.get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status().as_u16(), 200, "{url}");
    let h = res.headers().clone();
    (h, res.bytes().await.unwrap().to_vec())
}

#[tokio::main]
async fn main() {
    let queries = common::count_queries();
    let puente = common::start("pages", None).await;
    let client = common::client();
    let base = puente.base.clone();
    let mut tx = app::kernel::db::begin(&puente.pool).await.unwrap();
    let (_, cookie) = common::person(&mut tx, "lectora@uni.example", "Lectora", None).await;
    tx.commit().await.unwrap();

    let home = "/es/";
    let episode = "/pt/courses/desktop-to-cluster/06-slurm";
    let glossary = "/es/glossary";

    // The same bytes for nginx: each page as Puente shares it, and its gzip -9 twin.
    let dir = puente.dir.join("nginx");
    let root = dir.join("root");
    let (_, css_page) = bytes(&client, &format!("{base}{home}"), &[]).await;
    let css_path = String::from_utf8_lossy(&css_page)
        .split("href=\"")
        .find_map(|s| s.starts_with("/style/").then(|| s.split('"').next().unwrap().to_owned()))
        .unwrap();
    for path in [home, episode, glossary] {
        let (_, body) = bytes(&client, &format!("{base}{path}"), &[]).await;
        let file = if path.ends_with('/') {
            root.join(&path[1..]).join("index.html")
        } else {
            root.join(&path[1..])
        };
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &body).unwrap();
        std::fs::write(format!("{}.gz", file.display()), gzip9(&body)).unwrap();
    }
    let (mut nginx, fixed, per_request) = nginx(&dir, &root);
    let nginx_fixed = format!("http://127.0.0.1:{fixed}");
    let nginx_gzip = format!("http://127.0.0.1:{per_request}");
    // Shared copies are compressed off the request path: let them be ready.
    for path in [home, episode, glossary] {
        for _ in 0..100 {
            let (h, _) = bytes(&client, &format!("{base}{path}"), &[("accept-encoding", "gzip")]).await;
            if h.get("content-encoding").is_some()
                && h.get("etag").is_some_and(|e| !e.as_bytes().starts_with(b"W/"))
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    let gz = [("Accept-Encoding", "gzip")];
    // A browser sends its anti-forgery cookie with its session (the first page set it).
    let session = format!("puente_session={cookie}; puente_csrf={}", "b".repeat(43));
    let logged_in = [("Accept-Encoding", "gzip"), ("Cookie", session.as_str())];
    // What wrk will be sent signed in is her own page, made from her shape's template.
    for round in ["miss", "hit"] {
        let (h, body) = bytes(&client, &format!("{base}{episode}"), &[("Cookie", session.as_str())]).await;
        let page = String::from_utf8_lossy(&body);
        assert!(page.contains(">Lectora</a>") && page.contains("/pt/logout"), "her own page");
        assert_eq!(h.get("x-puente-template").and_then(|v| v.to_str().ok()), Some(round));
    }
    let (puente_etag, _) = bytes(&client, &format!("{base}{episode}"), &gz).await;
    let (nginx_etag, _) = bytes(&client, &format!("{nginx_fixed}{episode}"), &gz).await;
    let puente_etag = puente_etag["etag"].to_str().unwrap().to_owned();
    let nginx_etag = nginx_etag["etag"].to_str().unwrap().to_owned();

    println!(
        "== side by side: wrk, 2 threads, {} connections, Accept-Encoding: gzip, same bytes ==",
        std::env::var("PUENTE_BENCH_CONNECTIONS").unwrap_or_else(|_| "32".into())
    );
    println!(
        "| page | Puente req/s | Puente p99 | nginx gzip_static req/s | p99 | Puente / gzip_static | nginx gzip per request req/s | p99 | Puente / per request |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let rows: [Row; 5] = [
        ("home `/es/`, anonymous", home, gz.to_vec(), gz.to_vec()),
        ("episode `06-slurm` (pt), anonymous", episode, gz.to_vec(), gz.to_vec()),
        ("glossary `/es/glossary`, anonymous", glossary, gz.to_vec(), gz.to_vec()),
        ("episode, signed in", episode, logged_in.to_vec(), gz.to_vec()),
        (
            "episode, 304 revalidation",
            episode,
            vec![("Accept-Encoding", "gzip"), ("If-None-Match", puente_etag.as_str())],
            vec![("Accept-Encoding", "gzip"), ("If-None-Match", nginx_etag.as_str())],
        ),
    ];
    for (label, path, ours, theirs) in rows {
        let p = wrk(&format!("{base}{path}"), &ours);
        let s = wrk(&format!("{nginx_fixed}{path}"), &theirs);
        let g = wrk(&format!("{nginx_gzip}{path}"), &theirs);
        println!(
            "| {label} | {:.0} | {:.2} ms | {:.0} | {:.2} ms | **{:.2}×** | {:.0} | {:.2} ms | **{:.2}×** |",
            p.rps,
            p.p99_ms,
            s.rps,
            s.p99_ms,
            p.rps / s.rps,
            g.rps,
            g.p99_ms,
            p.rps / g.rps
        );
    }
    let _ = nginx.kill();
    let _ = nginx.wait();

    println!("== weight (gzip) and SQL statements ==");
    let (_, css) = bytes(&client, &format!("{base}{css_path}"), &gz).await;
    for path in [home, episode, glossary] {
        let (_, page) = bytes(&client, &format!("{base}{path}"), &gz).await;
        let (anon_statements, _) = common::statements(&client, &queries, &base, path, None).await;
        let (signed_statements, _) = common::statements(&client, &queries, &base, path, Some(&cookie)).await;
        println!(
            "{path}: HTML {} B + CSS {} B = {} B gzip; SQL statements: anonymous {anon_statements}, signed in {signed_statements}",
            page.len(),
            css.len(),
            page.len() + css.len()
        );
    }

    // Every shipped lesson page (catalog, courses, episodes, glossary, home) in three languages.
    let catalog =
        app::lessons::Library::load(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../content")))
            .0
            .get();
    let mut paths = Vec::new();
    for lang in ["es", "pt", "en"] {
        paths.extend([format!("/{lang}/"), format!("/{lang}/courses"), format!("/{lang}/glossary")]);
        for course in &catalog.courses {
            paths.push(format!("/{lang}/courses/{}", course.slug));
            for e in &course.episodes {
                paths.push(format!("/{lang}/courses/{}/{}", course.slug, e.slug));
            }
        }
    }
    for p in &paths {
        let _ = client
            .get(format!("{base}{p}"))
            .header("Accept-Encoding", "br")
            .send()
            .await
            .unwrap()
            .bytes()
            .await;
    }
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let metrics = client.get(format!("{base}/metrics")).send().await.unwrap().text().await.unwrap();
    let figure = |name: &str| {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    println!(
        "== shared-page memory: {} pages ({} addresses asked), {:.2} MiB with identity, gzip and brotli forms ({:.2} MiB uncompressed) ==",
        figure("puente_page_cache_pages"),
        paths.len(),
        figure("puente_page_cache_bytes") / 1048576.0,
        figure("puente_page_cache_identity_bytes") / 1048576.0
    );
    puente.stop().await;
    println!("machine: {} cores", std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0));
}
