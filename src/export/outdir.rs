//! The one place result files reach the disk. A run writes into a hidden temporary directory
//! beside the target and renames it into place only when complete, so an interrupted run
//! never leaves a directory that looks finished and never touches earlier results.
//!
//! Housekeeping around that: the directories being written are registered, so that an
//! interrupt (Ctrl-C, SIGTERM) removes them before the process ends ([`interrupted`]); a new
//! run removes the hidden directories that processes which no longer exist left behind, and
//! puts back an earlier result that such a process had moved aside; `--force` swaps the new
//! result in with one atomic exchange where the OS has it (Linux `renameat2`), keeps the
//! files the user added to the old one and says what it removed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Directories being written by this process, with their targets.
static PENDING: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<(PathBuf, PathBuf)>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove every directory this process is writing (called on an interrupt, just before the
/// process ends) and say in one line what that means for the user.
pub fn interrupted() -> String {
    let mut list = pending();
    let mut targets = Vec::new();
    for (tmp, target) in list.drain(..) {
        let _ = fs::remove_dir_all(&tmp);
        targets.push(target);
    }
    match targets.first() {
        None => "interrupted: no results written".to_string(),
        Some(t) if t.exists() => {
            format!("interrupted: no results written; {} untouched", t.display())
        }
        Some(t) => format!(
            "interrupted: no results written; {} not created",
            t.display()
        ),
    }
}

/// Whether process `pid` exists (on Unix, by signal 0; elsewhere assumed, so nothing of a
/// live process is ever removed).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 sends nothing; it only checks that the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// A hidden name `.NAME.KIND-PID` split into NAME and PID.
fn hidden_parts<'a>(file: &'a str, kind: &str) -> Option<(&'a str, u32)> {
    let rest = file.strip_prefix('.')?;
    let (name, pid) = rest.rsplit_once(&format!(".{kind}-"))?;
    Some((name, pid.parse().ok()?))
}

/// What the clean-up of a directory did, one sentence each.
pub fn clean_stale(parent: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    let Ok(entries) = fs::read_dir(parent) else {
        return notes;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if let Some((_, pid)) = hidden_parts(&file, "partial")
            && pid != me
            && !process_alive(pid)
            && fs::remove_dir_all(&path).is_ok()
        {
            notes.push(format!(
                "removed {} left by an interrupted run",
                path.display()
            ));
        } else if let Some((name, pid)) = hidden_parts(&file, "old")
            && pid != me
            && !process_alive(pid)
        {
            let target = parent.join(name);
            if !target.exists() && fs::rename(&path, &target).is_ok() {
                notes.push(format!(
                    "put back {}, an earlier result an interrupted run had moved aside",
                    target.display()
                ));
            } else if target.exists() && fs::remove_dir_all(&path).is_ok() {
                notes.push(format!(
                    "removed {}, an earlier result already replaced",
                    path.display()
                ));
            }
        }
    }
    notes.sort();
    notes
}

/// A result moved into place, and what happened to the one it replaced.
#[derive(Debug)]
pub struct Committed {
    /// Where the result is.
    pub path: PathBuf,
    /// Files the user had added to the replaced result, kept in the new one.
    pub kept: Vec<String>,
    /// Files of the replaced result that were not results and were removed (a report made
    /// from the old results).
    pub removed: Vec<String>,
}

/// Files spmsim makes from a finished result after the run (`spmsim report`): they describe
/// the old results, so `--force` removes them rather than keep them beside new ones.
const DERIVED: [&str; 1] = ["report.html"];

/// The files of a result directory that its manifest does not list (top level only: the
/// manifest lists subdirectory files as `sub/name`).
fn unlisted(dir: &Path) -> Vec<String> {
    let listed: Vec<String> = fs::read(dir.join("manifest.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| {
            v["files"].as_array().map(|a| {
                a.iter()
                    .filter_map(|f| f.as_str().map(str::to_string))
                    .collect()
            })
        })
        .unwrap_or_default();
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "manifest.json" && !listed.iter().any(|l| l == name))
        .collect();
    out.sort();
    out
}

/// Swap two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`); `Ok(false)` where
/// the OS or file system cannot.
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both paths are valid NUL-terminated strings that outlive the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
            _ => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

fn remove_any(p: &Path) -> io::Result<()> {
    if p.is_dir() {
        fs::remove_dir_all(p)
    } else {
        fs::remove_file(p)
    }
}

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
        pending().push((tmp.clone(), target.to_path_buf()));
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

    /// Move the finished directory into place, replacing an earlier result at the target:
    /// files the user added to the earlier result move into the new one (reports made from
    /// the earlier results are removed instead), then the two are swapped in one atomic
    /// exchange where the OS has it, else by two renames.
    ///
    /// # Errors
    /// On any I/O failure; the earlier result is restored where possible.
    pub fn commit(self) -> io::Result<Committed> {
        let mut list = pending();
        let result = self.commit_locked();
        list.retain(|(tmp, _)| *tmp != self.tmp);
        result
    }

    fn commit_locked(&self) -> io::Result<Committed> {
        let mut kept = Vec::new();
        let mut removed = Vec::new();
        if self.target.is_dir() {
            for name in unlisted(&self.target) {
                if self.files.contains(&name) {
                    continue;
                }
                if DERIVED.contains(&name.as_str()) {
                    removed.push(name);
                } else {
                    fs::copy(self.target.join(&name), self.tmp.join(&name))?;
                    kept.push(name);
                }
            }
            if exchange(&self.tmp, &self.target)? {
                // The old result is now at the temporary path.
                remove_any(&self.tmp)?;
                return Ok(Committed {
                    path: self.target.clone(),
                    kept,
                    removed,
                });
            }
        }
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
            remove_any(&old)?;
        }
        Ok(Committed {
            path: self.target.clone(),
            kept,
            removed,
        })
    }

    /// Remove the temporary directory (after a failure).
    pub fn abandon(self) {
        let mut list = pending();
        let _ = fs::remove_dir_all(&self.tmp);
        list.retain(|(tmp, _)| *tmp != self.tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_or_says_it_cannot() {
        let tmp = tempfile::tempdir().unwrap();
        let a = tmp.path().join("a");
        let b = tmp.path().join("b");
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("x"), "from a").unwrap();
        fs::write(b.join("y"), "from b").unwrap();
        if exchange(&a, &b).unwrap() {
            assert!(a.join("y").exists() && b.join("x").exists());
        } else {
            assert!(a.join("x").exists() && b.join("y").exists(), "unchanged");
        }
    }

    #[test]
    fn hidden_names_split_into_name_and_pid() {
        assert_eq!(
            hidden_parts(".out.partial-42", "partial"),
            Some(("out", 42))
        );
        assert_eq!(hidden_parts(".my.run.old-7", "old"), Some(("my.run", 7)));
        assert_eq!(hidden_parts("out.partial-42", "partial"), None);
        assert_eq!(hidden_parts(".out.partial-x", "partial"), None);
        assert!(process_alive(std::process::id()));
    }
}
