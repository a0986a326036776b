//! Writing a saved variant next to the scenario: `STEM-explore-N.toml` with the first free
//! `N`, written whole to a temporary file and then linked into place, so an existing file is
//! never overwritten and a half-written file never carries the final name.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Most numbered names tried before giving up.
const MAX_TRIES: u32 = 10_000;

/// Write `text` as `dir/STEM-explore-N.toml` (first free `N` from 1); returns the path.
///
/// # Errors
/// When the directory cannot be written or every name is taken.
pub fn write_beside(dir: &Path, stem: &str, text: &str) -> std::io::Result<PathBuf> {
    let tmp = dir.join(format!(".{stem}-explore-{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
    }
    let mut result = Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        format!("every name {stem}-explore-N.toml is taken"),
    ));
    for n in 1..=MAX_TRIES {
        let path = dir.join(format!("{stem}-explore-{n}.toml"));
        // A hard link fails when the name exists: never an overwrite, even in a race.
        match std::fs::hard_link(&tmp, &path) {
            Ok(()) => {
                result = Ok(path);
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites() {
        let dir = std::env::temp_dir().join(format!("spmsim-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("s-explore-1.toml"), "old").unwrap();
        let p = write_beside(&dir, "s", "new").unwrap();
        assert_eq!(p, dir.join("s-explore-2.toml"));
        assert_eq!(
            std::fs::read_to_string(dir.join("s-explore-1.toml")).unwrap(),
            "old"
        );
        let q = write_beside(&dir, "s", "newer").unwrap();
        assert_eq!(q, dir.join("s-explore-3.toml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
