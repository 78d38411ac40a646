//! Compression for what notebook servers send: jupyter-server sends JupyterLab's JavaScript
//! uncompressed (a cold load is about 6 MB), which on a slow link is minutes before a learner
//! sees the notebook.
//!
//! Policy:
//! - Immutable answers (JupyterLab's hashed static files, `Cache-Control: … immutable`) are
//!   compressed once at high levels, off the request path, and kept by the hash of their bytes.
//!   Bytes from a notebook server are hostile, and one learner's server must not choose what
//!   another learner receives: a kept form is only ever served for a body with exactly the same
//!   hash, so whoever sent it first, the client gets the compression of the bytes its own server
//!   sent. Their caching headers pass through unchanged.
//! - Other answers over [`THRESHOLD`] bytes in a text format (the JSON API, the settings, the
//!   HTML) are compressed per request at a fast level.
//! - Nothing else is touched: already encoded, ranges, streams of unknown length (event streams,
//!   large downloads), bodies over [`LARGEST`], WebSocket upgrades (never reach here).

use crate::page_cache::{Accepts, Compressed};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;
use bytes::Bytes;
use sha2::Digest;
use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Answers smaller than this are not worth a compressor's header.
pub const THRESHOLD: u64 = 1024;
/// Bodies larger than this are streamed as they come.
pub const LARGEST: u64 = 16 << 20;

/// The compressed forms of immutable answers, by the SHA-256 of their bytes.
pub struct Squeezer {
    kept: Mutex<Kept>,
    max_bytes: usize,
    /// One high-level compression at a time: a first launch asks for a hundred files at once.
    busy: Arc<tokio::sync::Semaphore>,
}

#[derive(Default)]
struct Kept {
    by_hash: HashMap<[u8; 32], Arc<Compressed>>,
    order: VecDeque<[u8; 32]>,
    bytes: usize,
}

impl Default for Squeezer {
    fn default() -> Squeezer {
        Squeezer::new(64 << 20)
    }
}

fn compressible(content_type: &str) -> bool {
    let t = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    t.starts_with("text/") && t != "text/event-stream"
        || matches!(
            t.as_str(),
            "application/javascript"
                | "application/json"
                | "application/manifest+json"
                | "application/xml"
                | "application/x-ipynb+json"
                | "image/svg+xml"
                | "application/wasm"
        )
}

impl Squeezer {
    pub fn new(max_bytes: usize) -> Squeezer {
        Squeezer { kept: Mutex::default(), max_bytes, busy: Arc::new(tokio::sync::Semaphore::new(1)) }
    }

    /// The kept form for these bytes, or a new entry being compressed in the background.
    fn kept(&self, hash: [u8; 32], body: &Bytes) -> Arc<Compressed> {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = kept.by_hash.get(&hash) {
            return c.clone();
        }
        let entry = Arc::new(Compressed::new(body.clone()));
        // Counted at its identity size plus a third for the compressed forms to come.
        let size = body.len() + body.len() / 3;
        kept.by_hash.insert(hash, entry.clone());
        kept.order.push_back(hash);
        kept.bytes += size;
        while kept.bytes > self.max_bytes {
            let Some(old) = kept.order.pop_front() else { break };
            if let Some(e) = kept.by_hash.remove(&old) {
                kept.bytes = kept.bytes.saturating_sub(e.identity.len() + e.identity.len() / 3);
            }
        }
        drop(kept);
        let (job, busy) = (entry.clone(), self.busy.clone());
        tokio::spawn(async move {
            let Ok(_permit) = busy.acquire_owned().await else { return };
            let _ = tokio::task::spawn_blocking(move || job.compress()).await;
        });
        entry
    }

    /// The notebook server's answer, compressed when the client accepts it and it is worth it.
    pub async fn respond(
        &self,
        method: &Method,
        client: &HeaderMap,
        mut parts: axum::http::response::Parts,
        body: Body,
    ) -> Response {
        let accepts = Accepts::of(client);
        let length = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let eligible = *method == Method::GET
            && parts.status == StatusCode::OK
            && (accepts.br || accepts.gzip)
            && !parts.headers.contains_key(header::CONTENT_ENCODING)
            && !parts.headers.contains_key(header::CONTENT_RANGE)
            && length.is_some_and(|n| (THRESHOLD..=LARGEST).contains(&n))
            && parts
                .headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(compressible);
        if !eligible {
            return Response::from_parts(parts, body);
        }
        let bytes = match axum::body::to_bytes(body, LARGEST as usize).await {
            Ok(b) => b,
            Err(e) => {
                tracing::warn!(error = %e, "a notebook server's answer broke off");
                return Response::from_parts(parts, Body::empty());
            }
        };
        let immutable = parts
            .headers
            .get(header::CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.to_ascii_lowercase().contains("immutable"));
        let ready = if immutable {
            // Hashing megabytes is blocking work: not on the async runtime.
            let to_hash = bytes.clone();
            let Ok(hash) =
                tokio::task::spawn_blocking(move || <[u8; 32]>::from(sha2::Sha256::digest(&to_hash))).await
            else {
                return Response::from_parts(parts, Body::from(bytes));
            };
            let kept = self.kept(hash, &bytes);
            match kept.choose(accepts) {
                (Some(encoding), body, _) => Some((encoding, body)),
                _ => None,
            }
        } else {
            None
        };
        let (encoding, out) = match ready {
            Some(done) => done,
            None => {
                let fast = tokio::task::spawn_blocking(move || fast(&bytes, accepts)).await;
                match fast {
                    Ok(done) => done,
                    Err(_) => return Response::from_parts(parts, Body::empty()),
                }
            }
        };
        parts.headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(out.len()));
        parts.headers.remove(header::ETAG);
        parts.headers.remove(header::ACCEPT_RANGES);
        parts.headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        Response::from_parts(parts, Body::from(out))
    }
}

/// A per-request compression: brotli at quality 4 (faster than gzip's default, and smaller), or
/// gzip at level 4.
fn fast(bytes: &[u8], accepts: Accepts) -> (&'static str, Bytes) {
    if accepts.br {
        let mut out = Vec::with_capacity(bytes.len() / 4);
        let params = brotli::enc::BrotliEncoderParams { quality: 4, lgwin: 22, ..Default::default() };
        if brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).is_ok() {
            return ("br", Bytes::from(out));
        }
    }
    let mut gz =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::new(4));
    let out = gz.write_all(bytes).and_then(|()| gz.finish()).unwrap_or_default();
    ("gzip", Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(pairs: &[(header::HeaderName, &str)]) -> axum::http::response::Parts {
        let mut res = Response::new(());
        for (k, v) in pairs {
            res.headers_mut().insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        res.into_parts().0
    }

    async fn body_of(res: Response) -> Vec<u8> {
        axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec()
    }

    fn unbrotli(b: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &b[..], &mut out).unwrap();
        out
    }

    #[tokio::test]
    async fn immutable_files_are_kept_compressed_by_their_bytes() {
        let squeezer = Squeezer::default();
        let js = "const a = 'JupyterLab';\n".repeat(400);
        let client = HeaderMap::from_iter([(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip, br"))]);
        let headers = [
            (header::CONTENT_TYPE, "application/javascript"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            (header::CONTENT_LENGTH, "10000"),
        ];
        let first = squeezer.respond(&Method::GET, &client, parts(&headers), Body::from(js.clone())).await;
        assert_eq!(first.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(first.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
        assert_eq!(unbrotli(&body_of(first).await), js.as_bytes());
        // Once the high-level form exists, it is what goes out, for the same bytes only.
        for _ in 0..200 {
            if squeezer.kept.lock().unwrap().by_hash.values().all(|c| c.br().is_some()) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let kept = squeezer.kept.lock().unwrap().by_hash.values().next().unwrap().br().unwrap().clone();
        let second = squeezer.respond(&Method::GET, &client, parts(&headers), Body::from(js.clone())).await;
        let second = body_of(second).await;
        assert_eq!(second, kept.to_vec(), "the kept form");
        // Another server's different bytes under the same address get their own compression.
        let other = js.replace("JupyterLab", "Poisoned!!");
        let third = squeezer.respond(&Method::GET, &client, parts(&headers), Body::from(other.clone())).await;
        assert_eq!(unbrotli(&body_of(third).await), other.as_bytes());
    }

    #[tokio::test]
    async fn small_binary_ranged_or_refused_answers_pass_as_they_are() {
        let squeezer = Squeezer::default();
        let br = HeaderMap::from_iter([(header::ACCEPT_ENCODING, HeaderValue::from_static("br"))]);
        let none = HeaderMap::new();
        let json = "{\"a\": 1}".repeat(300);
        let big = [(header::CONTENT_TYPE, "application/json"), (header::CONTENT_LENGTH, "2400")];
        for (client, headers, body, method) in [
            (&none, &big[..], json.clone(), Method::GET),
            (
                &br,
                &[(header::CONTENT_TYPE, "application/json"), (header::CONTENT_LENGTH, "8")][..],
                "{\"a\": 1}".into(),
                Method::GET,
            ),
            (
                &br,
                &[(header::CONTENT_TYPE, "font/woff2"), (header::CONTENT_LENGTH, "2400")][..],
                json.clone(),
                Method::GET,
            ),
            (&br, &[(header::CONTENT_TYPE, "text/event-stream")][..], json.clone(), Method::GET),
            (&br, &big[..], json.clone(), Method::POST),
        ] {
            let res = squeezer.respond(&method, client, parts(headers), Body::from(body.clone())).await;
            assert!(res.headers().get(header::CONTENT_ENCODING).is_none(), "{headers:?}");
            assert_eq!(body_of(res).await, body.as_bytes());
        }
        let res = squeezer.respond(&Method::GET, &br, parts(&big), Body::from(json.clone())).await;
        assert_eq!(res.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(res.headers()[header::VARY], "accept-encoding");
        assert_eq!(unbrotli(&body_of(res).await), json.as_bytes());
    }
}
