//! `cargo xtask`: the project's commands, in Rust so they run wherever cargo does.
//!
//! - `cargo xtask dist [--content DIR] [--out DIR] [--chunk-bytes N]` compiles an article
//!   folder (default `content/`) into the Wasm bundle and writes `forklar.js` and
//!   `forklar_bg.wasm` to the out folder (default `dist/`), then prints their sizes. With
//!   `--chunk-bytes`, article bodies go to content-named chunk files of about N bytes beside
//!   them, fetched when a card first needs one.
//! - `cargo xtask demo [--port N]` builds `dist/` and serves the demo page on 127.0.0.1.
//! - `cargo xtask test` runs every check and test: format, lints, docs, native tests, Wasm tests
//!   in headless Chromium, and end-to-end tests of the built bundle.
//!
//! Every command installs what it needs when it is missing (see [`tools`]) and can be run again.

mod dist;
mod serve;
mod test;
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A failed step, with a message for the terminal.
type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist_command(&args[1..]),
        Some("demo") => demo_command(&args[1..]),
        Some("test") => test::command(&args[1..]),
        Some("e2e") => test::end_to_end(&args[1..]),
        Some("bench") => test::bench(&args[1..]),
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "usage:
  cargo xtask dist [--content DIR] [--out DIR] [--chunk-bytes N]
                                                 build the widget bundle (default: content/ -> dist/);
                                                 --chunk-bytes puts article bodies in chunk files
  cargo xtask demo [--port N]                    build and serve the demo page on 127.0.0.1
  cargo xtask test                               run every test (native, Wasm in Chromium, end-to-end)
  cargo xtask e2e [FILE...]                      only the end-to-end tests (files in tests/e2e)
  cargo xtask bench [--smoke]                    speed and size figures in headless Chromium;
                                                 --smoke: the real set once, checked, as `test` runs it";

/// The workspace root (the folder holding this crate's folder).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Reads `--name value` pairs; unknown flags are an error so typos do not pass silently.
fn flags<'a>(args: &'a [String], known: &[&str]) -> Result<Vec<(&'a str, &'a str)>> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        if !known.contains(&flag.as_str()) {
            return Err(format!("unknown argument '{flag}'\n{USAGE}"));
        }
        let value = it.next().ok_or_else(|| format!("'{flag}' needs a value"))?;
        out.push((flag.as_str(), value.as_str()));
    }
    Ok(out)
}

fn dist_command(args: &[String]) -> Result {
    let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
    let mut content = root().join("content");
    let mut out = root().join("dist");
    let mut chunk_bytes = None;
    for (flag, value) in flags(args, &["--content", "--out", "--chunk-bytes"])? {
        match flag {
            "--content" => content = cwd.join(value),
            "--out" => out = cwd.join(value),
            _ => {
                let n = value.parse::<usize>().ok().filter(|&n| n > 0);
                let n = n.ok_or_else(|| {
                    format!("'--chunk-bytes' needs a positive number of bytes, not '{value}'")
                })?;
                chunk_bytes = Some(n);
            }
        }
    }
    tools::ensure_wasm_build_tools()?;
    dist::build(&content, &out, chunk_bytes)
}

fn demo_command(args: &[String]) -> Result {
    let mut port = 8000u16;
    for (_, value) in flags(args, &["--port"])? {
        port = value
            .parse()
            .map_err(|_| format!("'--port' needs a number, not '{value}'"))?;
    }
    tools::ensure_wasm_build_tools()?;
    let dist = root().join("dist");
    dist::build(&root().join("content"), &dist, None)?;
    let server = serve::Server::start(port, serve::demo_mounts(&root()))?;
    println!(
        "\nForklar demo: http://{}/  (Ctrl-C stops it)",
        server.addr()
    );
    server.wait();
    Ok(())
}
