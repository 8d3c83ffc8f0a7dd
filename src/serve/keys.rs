//! Keys: the server's own (Ed25519, made once, kept 0600 in the config folder) and the clients'
//! (OpenSSH `authorized_keys` files, re-read on every attempt so adding a reviewer needs no restart).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey, PublicKey};

use crate::app::Access;
use crate::config::ServeConfig;

/// The host key's file name in the config folder.
pub const HOST_KEY_FILE: &str = "serve_host_ed25519";

/// Which list let a client in, and so what it may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// A key in `reviewers`: drafts and scheduled posts too.
    Reviewers,
    /// A key in `readers`: published posts.
    Readers,
    /// Nobody's key: `anonymous = true` lets anyone read the published posts.
    Anonymous,
}

impl List {
    /// What a session let in by this list may see; nobody served writes.
    pub fn access(self) -> Access {
        match self {
            List::Reviewers => Access::REVIEWER,
            List::Readers | List::Anonymous => Access::READER,
        }
    }

    /// Its name in the log.
    pub fn name(self) -> &'static str {
        match self {
            List::Reviewers => "reviewers",
            List::Readers => "readers",
            List::Anonymous => "anonymous",
        }
    }
}

/// The server's key from `dir`, made on first run; says whether it was just made.
pub fn host_key(dir: &Path) -> anyhow::Result<(PrivateKey, bool)> {
    let path = dir.join(HOST_KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let key =
                PrivateKey::from_openssh(text.as_bytes()).with_context(|| format!("{} is not an OpenSSH private key", path.display()))?;
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((create_host_key(dir, &path)?, true)),
        Err(e) => Err(e).with_context(|| format!("cannot read the host key {}", path.display())),
    }
}

fn create_host_key(dir: &Path, path: &Path) -> anyhow::Result<PrivateKey> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("no randomness for a host key: {e}"))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    let text = key.to_openssh(LineEnding::LF).context("cannot encode the host key")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Written whole under a temporary name with mode 0600 from the start, then put in place: a
    // crash never leaves half a key, and no other user can read it even for a moment.
    let mut file = tempfile::Builder::new()
        .prefix(".serve_host_key")
        .permissions(private_permissions())
        .tempfile_in(dir)
        .with_context(|| format!("cannot write a host key in {}", dir.display()))?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist_noclobber(path).map_err(|e| e.error).with_context(|| format!("cannot save the host key {}", path.display()))?;
    Ok(key)
}

#[cfg(unix)]
fn private_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o600)
}

#[cfg(not(unix))]
fn private_permissions() -> std::fs::Permissions {
    std::fs::metadata(".").map(|m| m.permissions()).expect("the current folder has permissions")
}

/// `SHA256:…`, as `ssh-keygen -l` and `ssh` print it.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// Which list holds `key`, reading both files now. Reviewers win over readers. A missing or
/// unreadable file holds no keys; its bad lines are skipped (one typo must not lock everyone out).
pub fn lookup(key: &PublicKey, serve: &ServeConfig) -> Option<List> {
    let lists = [(List::Reviewers, &serve.reviewers), (List::Readers, &serve.readers)];
    lists.into_iter().find_map(|(list, path)| path.as_deref().filter(|p| holds(p, key)).map(|_| list))
}

/// Whether the `authorized_keys` file at `path` lists `key`.
fn holds(path: &Path, key: &PublicKey) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    text.lines().filter_map(authorized_key).any(|listed| listed.key_data() == key.key_data())
}

/// The key on one `authorized_keys` line: after the options, if any (they may hold quoted spaces,
/// so each word start is tried); `None` for comments, blank and unparseable lines.
fn authorized_key(line: &str) -> Option<PublicKey> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let starts = std::iter::once(0).chain(line.match_indices(' ').map(|(i, _)| i + 1));
    starts.into_iter().find_map(|at| PublicKey::from_openssh(&line[at..]).ok())
}

/// The key files named in the config that cannot be read now, for a warning at start.
pub fn unreadable(serve: &ServeConfig) -> Vec<(PathBuf, std::io::Error)> {
    [&serve.readers, &serve.reviewers]
        .into_iter()
        .flatten()
        .filter_map(|path| std::fs::read_to_string(path).err().map(|e| (path.clone(), e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_key_is_made_once_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let (first, created) = host_key(dir.path()).unwrap();
        assert!(created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(HOST_KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, created) = host_key(dir.path()).unwrap();
        assert!(!created);
        assert_eq!(fingerprint(first.public_key()), fingerprint(again.public_key()));
        assert!(fingerprint(first.public_key()).starts_with("SHA256:"));
    }

    #[test]
    fn keys_are_looked_up_in_the_files_as_they_are_now() {
        let dir = tempfile::tempdir().unwrap();
        let (alice, _) = host_key(&dir.path().join("a")).unwrap();
        let (bob, _) = host_key(&dir.path().join("b")).unwrap();
        let line = |k: &PrivateKey| k.public_key().to_openssh().unwrap();
        let readers = dir.path().join("readers");
        let reviewers = dir.path().join("reviewers");
        std::fs::write(&readers, format!("# readers\nnot a key\n{} alice@laptop\n", line(&alice))).unwrap();
        let serve = ServeConfig { readers: Some(readers), reviewers: Some(reviewers.clone()), ..ServeConfig::default() };
        assert_eq!(lookup(alice.public_key(), &serve), Some(List::Readers));
        assert_eq!(lookup(bob.public_key(), &serve), None, "missing reviewers file: nobody there");
        std::fs::write(&reviewers, format!("no-pty {}\ncommand=\"echo a b\",no-pty {} alice\n", line(&bob), line(&alice))).unwrap();
        assert_eq!(lookup(bob.public_key(), &serve), Some(List::Reviewers), "added without a restart");
        assert_eq!(lookup(alice.public_key(), &serve), Some(List::Reviewers), "reviewers win");
    }
}
