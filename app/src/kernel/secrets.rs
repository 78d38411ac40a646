//! Secrets kept at rest (TOTP secrets): sealed with a server key, XChaCha20-Poly1305.
//!
//! Policy: the database never holds a usable secret. A sealed value reads
//! `v1:<key id>:<nonce>:<ciphertext>` (base64url); the key id (a hash prefix of the key) says
//! which key sealed it, so keys can be rotated: the new key seals, old keys (listed in
//! `PUENTE_SECRET_KEYS_OLD`) still open, and `puente keys rotate` re-seals everything with the
//! new one. The key comes from `PUENTE_SECRET_KEY`, or from a file Puente creates on first start
//! (`data/keys/secret.key`, mode 0600, in a 0700 folder).

use anyhow::Context;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use std::path::Path;

/// One 256-bit key and its id.
#[derive(Clone)]
struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
}

impl Key {
    fn from_bytes(bytes: &[u8]) -> anyhow::Result<Key> {
        anyhow::ensure!(bytes.len() == 32, "a secret key is 32 bytes (base64), not {}", bytes.len());
        let id: String = Sha256::digest(bytes).iter().take(4).map(|b| format!("{b:02x}")).collect();
        let cipher =
            XChaCha20Poly1305::new_from_slice(bytes).map_err(|_| anyhow::anyhow!("bad key length"))?;
        Ok(Key { id, cipher })
    }

    fn parse(b64: &str) -> anyhow::Result<Key> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64.trim())
            .or_else(|_| B64.decode(b64.trim()))
            .context("a secret key must be base64")?;
        Key::from_bytes(&bytes)
    }
}

/// The server's keys: the current one seals, every one opens.
#[derive(Clone)]
pub struct Secrets {
    current: Key,
    old: Vec<Key>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets(current {}, {} old)", self.current.id, self.old.len())
    }
}

/// Sealed values start with this.
pub const PREFIX: &str = "v1:";

impl Secrets {
    /// From a base64 key (the setting), or from `file`, created with a fresh random key when
    /// missing; plus old keys that still open values sealed before a rotation.
    pub fn load(key: Option<&str>, file: &Path, old: &[String]) -> anyhow::Result<Secrets> {
        let current = match key {
            Some(k) => Key::parse(k).context("PUENTE_SECRET_KEY")?,
            None => Key::parse(&read_or_create(file)?)
                .with_context(|| format!("the key in {}", file.display()))?,
        };
        let old = old
            .iter()
            .map(|k| Key::parse(k).context("PUENTE_SECRET_KEYS_OLD"))
            .collect::<anyhow::Result<_>>()?;
        Ok(Secrets { current, old })
    }

    /// Keys for tests: a random one.
    pub fn random() -> Secrets {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        #[allow(clippy::expect_used)] // 32 bytes is a key
        let current = Key::from_bytes(&bytes).expect("32 bytes");
        Secrets { current, old: Vec::new() }
    }

    /// Seals `plain` with the current key.
    pub fn seal(&self, plain: &str) -> anyhow::Result<String> {
        let mut nonce = [0u8; 24];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
        let ct = self
            .current
            .cipher
            .encrypt(XNonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| anyhow::anyhow!("sealing failed"))?;
        Ok(format!("{PREFIX}{}:{}:{}", self.current.id, B64.encode(nonce), B64.encode(ct)))
    }

    /// Opens a sealed value (with whichever key sealed it).
    pub fn open(&self, sealed: &str) -> anyhow::Result<String> {
        let rest = sealed.strip_prefix(PREFIX).context("not a sealed value")?;
        let mut parts = rest.splitn(3, ':');
        let (id, nonce, ct) = match (parts.next(), parts.next(), parts.next()) {
            (Some(i), Some(n), Some(c)) => (i, n, c),
            _ => anyhow::bail!("a sealed value has three parts"),
        };
        let key =
            std::iter::once(&self.current).chain(&self.old).find(|k| k.id == id).with_context(|| {
                format!("no key with id {id} (was it rotated away? see PUENTE_SECRET_KEYS_OLD)")
            })?;
        let nonce = B64.decode(nonce).context("bad nonce")?;
        anyhow::ensure!(nonce.len() == 24, "bad nonce length");
        let plain = key
            .cipher
            .decrypt(XNonce::from_slice(&nonce), B64.decode(ct).context("bad ciphertext")?.as_ref())
            .map_err(|_| anyhow::anyhow!("the sealed value does not open (changed, or another key)"))?;
        String::from_utf8(plain).context("a sealed value is not text")
    }

    /// Whether `sealed` is sealed with the current key (else `keys rotate` re-seals it).
    pub fn is_current(&self, sealed: &str) -> bool {
        sealed.strip_prefix(PREFIX).and_then(|r| r.split(':').next()) == Some(self.current.id.as_str())
    }
}

/// The key file's content, making the file (0600, its folder 0700) with a new key if missing.
fn read_or_create(file: &Path) -> anyhow::Result<String> {
    use std::io::Write;
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    if let Some(dir) = file.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("Failed to create {}", dir.display()))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("Failed to protect {}", dir.display()))?;
    }
    match std::fs::read_to_string(file) {
        Ok(k) => {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("Failed to protect {}", file.display()))?;
            Ok(k)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut bytes = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
            let k = base64::engine::general_purpose::STANDARD.encode(bytes);
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(file)
                .with_context(|| format!("Failed to create {}", file.display()))?;
            f.write_all(k.as_bytes()).with_context(|| format!("Failed to write {}", file.display()))?;
            tracing::info!(file = %file.display(), "created the server's secret key (keep a backup: TOTP secrets need it)");
            Ok(k)
        }
        Err(e) => Err(e).with_context(|| format!("Failed to read {}", file.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key_and_hide_the_secret() {
        let s = Secrets::random();
        let sealed = s.seal("JBSWY3DPEHPK3PXP").unwrap();
        assert!(sealed.starts_with(PREFIX) && !sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(s.open(&sealed).unwrap(), "JBSWY3DPEHPK3PXP");
        assert_ne!(sealed, s.seal("JBSWY3DPEHPK3PXP").unwrap(), "a fresh nonce each time");
        assert!(Secrets::random().open(&sealed).is_err(), "another key cannot open it");
        let mut tampered = sealed.clone();
        tampered.pop();
        tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(s.open(&tampered).is_err(), "a changed value does not open");
        assert!(s.open("JBSWY3DPEHPK3PXP").is_err(), "plain text is not a sealed value");
    }

    #[test]
    fn rotation_keeps_old_values_readable() {
        let old_bytes = [7u8; 32];
        let new_bytes = [9u8; 32];
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let dir = std::env::temp_dir().join(format!("puente-keys-{}", std::process::id()));
        let before = Secrets::load(Some(&b64(&old_bytes)), &dir.join("unused"), &[]).unwrap();
        let sealed = before.seal("secret").unwrap();
        let after = Secrets::load(Some(&b64(&new_bytes)), &dir.join("unused"), &[b64(&old_bytes)]).unwrap();
        assert_eq!(after.open(&sealed).unwrap(), "secret");
        assert!(!after.is_current(&sealed));
        assert!(after.is_current(&after.seal("secret").unwrap()));
    }

    #[test]
    fn the_key_file_is_made_once_and_kept_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("puente-keyfile-{}", std::process::id()));
        let file = dir.join("keys/secret.key");
        let a = Secrets::load(None, &file, &[]).unwrap();
        let b = Secrets::load(None, &file, &[]).unwrap();
        assert_eq!(b.open(&a.seal("x").unwrap()).unwrap(), "x", "the same key the second time");
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(std::fs::metadata(dir.join("keys")).unwrap().permissions().mode() & 0o777, 0o700);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
