//! The server's host key and the keys it lets in. Reading and writing OpenSSH key formats,
//! fingerprints and key comparison are the ssh-key crate's (through russh); only where the
//! files live and what to say when they are wrong is ours.

use russh::keys::ssh_key::authorized_keys::Entry;
use russh::keys::ssh_key::private::{Ed25519Keypair, KeypairData};
use russh::keys::ssh_key::{HashAlg, LineEnding};
use russh::keys::{PrivateKey, PublicKey};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the host key is kept when `--host-key` is not given: the XDG data directory
/// (`$XDG_DATA_HOME`, or `~/.local/share` when that is unset or not absolute, as the XDG
/// base directory specification says; the `dirs` crate would pick `~/Library` on macOS).
pub fn default_host_key_path() -> Option<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| {
            std::env::var_os("HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .map(|h| h.join(".local/share"))
        })?;
    Some(data.join("nhs-leaders").join("ssh_host_ed25519_key"))
}

/// The host key, and whether it was created just now.
pub fn host_key(given: Option<&Path>) -> Result<(PrivateKey, PathBuf, bool), String> {
    let (path, may_create) = match given {
        Some(p) => (p.to_path_buf(), false),
        None => (
            default_host_key_path().ok_or(
                "cannot tell where to keep the host key: neither XDG_DATA_HOME nor HOME is \
                 set; give one with --host-key FILE",
            )?,
            true,
        ),
    };
    if path.exists() || !may_create {
        let key = PrivateKey::read_openssh_file(&path).map_err(|e| {
            format!(
                "cannot read the host key {}: {e}; give an unencrypted OpenSSH private key \
                 (ssh-keygen -t ed25519 -N '' -f FILE)",
                path.display()
            )
        })?;
        if key.is_encrypted() {
            return Err(format!(
                "the host key {} is encrypted with a passphrase, which a server cannot type; \
                 remove it with ssh-keygen -p -N '' -f {}",
                path.display(),
                path.display()
            ));
        }
        return Ok((key, path, false));
    }
    let key = create_host_key(&path)?;
    Ok((key, path, true))
}

/// A new ed25519 key, written once with mode 0600 (and its folder 0700).
fn create_host_key(path: &Path) -> Result<PrivateKey, String> {
    let fail = |e: &dyn std::fmt::Display| {
        format!(
            "cannot create the host key {}: {e}; give one with --host-key FILE",
            path.display()
        )
    };
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| fail(&e))?;
    let pair = Ed25519Keypair::from_seed(&seed);
    let key =
        PrivateKey::new(KeypairData::from(pair), "nhs-leaders host key").map_err(|e| fail(&e))?;
    let pem = key.to_openssh(LineEnding::LF).map_err(|e| fail(&e))?;
    if let Some(dir) = path.parent() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|e| fail(&e))?;
    }
    let mut options = fs::OpenOptions::new();
    // create_new: two servers starting at once never overwrite each other's key.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| fail(&e))?;
    file.write_all(pem.as_bytes()).map_err(|e| fail(&e))?;
    Ok(key)
}

/// `SHA256:…`, as `ssh-keygen -l` prints it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The keys of an authorized_keys file, and the lines that could not be read (1-based line
/// number and why).
pub struct Authorized {
    pub keys: Vec<PublicKey>,
    pub problems: Vec<(usize, String)>,
}

/// Reads an OpenSSH authorized_keys file. Options before a key (`restrict`, `from=`...) are
/// accepted and not needed: every session here is already restricted to the dashboard.
pub fn read_authorized(path: &Path) -> Result<Authorized, String> {
    let text = fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the authorized keys file {}: {e}",
            path.display()
        )
    })?;
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.parse::<Entry>() {
            Ok(entry) => keys.push(entry.public_key().clone()),
            Err(e) => problems.push((n + 1, e.to_string())),
        }
    }
    Ok(Authorized { keys, problems })
}

/// Whether `key` is one of `keys` (the key itself; comments and options do not matter).
pub fn is_authorized(keys: &[PublicKey], key: &PublicKey) -> bool {
    keys.iter().any(|k| k.key_data() == key.key_data())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_host_key_is_private_and_read_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/key");
        let made = create_host_key(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let (read, _, created) = host_key(Some(&path)).unwrap();
        assert!(!created);
        assert_eq!(read.public_key(), made.public_key());
        assert!(create_host_key(&path).is_err(), "never overwritten");
    }

    #[test]
    fn authorized_keys_with_options_comments_and_a_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let key = create_host_key(&dir.path().join("k")).unwrap();
        let public = key.public_key().to_openssh().unwrap();
        let path = dir.path().join("authorized_keys");
        fs::write(
            &path,
            format!(
                "# the team\nrestrict,pty {public} alice@laptop\n\nssh-ed25519 AAAAnot-base64\n"
            ),
        )
        .unwrap();
        let a = read_authorized(&path).unwrap();
        assert_eq!(a.keys.len(), 1);
        assert!(is_authorized(&a.keys, key.public_key()));
        assert_eq!(a.problems.len(), 1);
        assert_eq!(a.problems[0].0, 4);
        let other = create_host_key(&dir.path().join("k2")).unwrap();
        assert!(!is_authorized(&a.keys, other.public_key()));
    }
}
