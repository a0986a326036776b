//! The one place result files reach the disk. A run writes into a hidden temporary directory
//! beside the target and renames it into place only when complete, so an interrupted run
//! never leaves a directory that looks finished and never touches earlier results.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A result directory being written.
#[derive(Debug)]
pub struct PendingDir {
    tmp: PathBuf,
    target: PathBuf,
    files: Vec<String>,
}

/// Where to write, given the requested target: the target itself, or (when it exists and
/// `force` is off) the first free `<target>-N`. Returns the chosen path and whether it differs.
pub fn choose_target(target: &Path, force: bool) -> (PathBuf, bool) {
    if force || !target.exists() {
        return (target.to_path_buf(), false);
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "run".into());
    for n in 2.. {
        let candidate = target.with_file_name(format!("{name}-{n}"));
        if !candidate.exists() {
            return (candidate, true);
        }
    }
    unreachable!("an unbounded search always finds a free name")
}

impl PendingDir {
    /// Create the temporary directory beside `target` (creating parents as needed).
    ///
    /// # Errors
    /// When the parent cannot be created or written.
    pub fn create(target: &Path) -> io::Result<Self> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "run".into());
        let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp)?;
        }
        fs::create_dir(&tmp)?;
        Ok(PendingDir {
            tmp,
            target: target.to_path_buf(),
            files: Vec::new(),
        })
    }

    /// Path of a file inside the pending directory (recorded in the file list).
    pub fn path(&mut self, name: &str) -> PathBuf {
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_string());
        }
        self.tmp.join(name)
    }

    /// Write a whole file.
    ///
    /// # Errors
    /// On any I/O failure.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        let p = self.path(name);
        fs::write(p, bytes)
    }

    /// The temporary directory being filled.
    pub fn root(&self) -> &Path {
        &self.tmp
    }

    /// Record a file written by someone else (relative to the root).
    pub fn record(&mut self, name: &str) {
        if !self.files.iter().any(|f| f == name) {
            self.files.push(name.to_string());
        }
    }

    /// Files written so far.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Move the finished directory into place, replacing an earlier result at the target.
    ///
    /// # Errors
    /// On any I/O failure; the earlier result is restored where possible.
    pub fn commit(self) -> io::Result<PathBuf> {
        let old = if self.target.exists() {
            let name = self
                .target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old = self
                .target
                .with_file_name(format!(".{name}.old-{}", std::process::id()));
            if let Err(e) = fs::rename(&self.target, &old) {
                let _ = fs::remove_dir_all(&self.tmp);
                return Err(e);
            }
            Some(old)
        } else {
            None
        };
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            if let Some(old) = &old {
                let _ = fs::rename(old, &self.target);
            }
            let _ = fs::remove_dir_all(&self.tmp);
            return Err(e);
        }
        if let Some(old) = old {
            if old.is_dir() {
                fs::remove_dir_all(old)?;
            } else {
                fs::remove_file(old)?;
            }
        }
        Ok(self.target.clone())
    }

    /// Remove the temporary directory (after a failure).
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.tmp);
    }
}
