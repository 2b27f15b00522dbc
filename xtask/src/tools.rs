//! Installs the tools the build and the tests need, when they are missing.
//!
//! Each check is cheap when the tool is already there, so every command calls the ones it
//! needs. Nothing is downloaded from outside the package registries: the Wasm target comes from
//! rustup, `wasm-bindgen-cli` from crates.io, Chromium from Debian, playwright-core from npm
//! (without its browser download).

use std::path::Path;
use std::process::Command;

use crate::{root, Result};

/// Runs a command, failing with its name when it cannot start or exits non-zero.
pub fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Runs a command and returns its standard output, or `None` when it cannot run or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The Wasm target and a `wasm-bindgen` CLI of exactly the crate's version.
pub fn ensure_wasm_build_tools() -> Result {
    ensure_wasm_target()?;
    ensure_wasm_bindgen()
}

fn ensure_wasm_target() -> Result {
    let installed =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("xtask: installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The `wasm-bindgen` version in Cargo.lock. The CLI must match it exactly: the glue it
/// generates talks to the crate's half of the bindings.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(version.to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".to_string())
}

fn ensure_wasm_bindgen() -> Result {
    let version = locked_wasm_bindgen_version()?;
    let have = |bin: &str| {
        output(Command::new(bin).arg("--version"))
            .is_some_and(|v| v.split_whitespace().nth(1) == Some(version.as_str()))
    };
    if have("wasm-bindgen") && have("wasm-bindgen-test-runner") {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {version} (a few minutes, once)");
    // No `--locked`: the CLI's own lock file pins crates the registry here may not have.
    run(Command::new("cargo").args([
        "install",
        "wasm-bindgen-cli",
        "--version",
        &version,
        "--force",
    ]))
}

/// Debian's Chromium and ChromeDriver, at the paths the tests use.
pub fn ensure_chromium() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    println!("xtask: installing chromium and chromium-driver from Debian");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "chromium-driver",
        ]))
}

/// The browser binary.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The WebDriver server for `wasm-bindgen-test-runner`.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A folder's npm packages, from its lock file, unless `packages` are all installed already.
pub fn ensure_npm_packages(dir: &Path, packages: &[&str]) -> Result {
    let installed = packages.iter().all(|p| {
        dir.join("node_modules")
            .join(p)
            .join("package.json")
            .exists()
    });
    if installed {
        return Ok(());
    }
    println!(
        "xtask: installing the npm packages of {} (npm ci)",
        dir.display()
    );
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}
