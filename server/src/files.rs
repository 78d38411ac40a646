//! Folders Puente creates for itself, with the modes it means whatever the umask (Puente runs with
//! umask 077).

use anyhow::Context;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Creates `path` and any missing folder above it. Folders created above it get `0711` (other
/// accounts may pass through, not look inside: learners' notebooks must reach their workspace
/// under Puente's data folder); `path` itself gets `mode`. Existing folders above are untouched.
pub fn create_dirs(path: &Path, mode: u32) -> anyhow::Result<()> {
    let missing: Vec<&Path> =
        path.ancestors().take_while(|p| !p.as_os_str().is_empty() && !p.exists()).collect();
    for dir in missing.iter().rev() {
        match std::fs::create_dir(dir) {
            Ok(()) => set_mode(dir, if *dir == path { mode } else { 0o711 })?,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e).with_context(|| format!("Failed to create {}", dir.display())),
        }
    }
    set_mode(path, mode)
}

pub fn set_mode(path: &Path, mode: u32) -> anyhow::Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("Failed to set permissions on {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_parents_can_be_passed_through() {
        let base = std::env::temp_dir().join(format!("puente-files-{}", std::process::id()));
        let leaf = base.join("data/db");
        create_dirs(&leaf, 0o700).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&leaf), 0o700);
        assert_eq!(mode(&base.join("data")), 0o711);
        std::fs::remove_dir_all(&base).unwrap();
    }
}
