//! `cargo xtask test`: every check and test, in the order that fails fastest.
//!
//! 1. `cargo fmt --check`, and the layering rule: only `src/api.rs` and `src/dom/` may use
//!    `wasm_bindgen`, `web_sys` or `js_sys`.
//! 2. `cargo clippy -D warnings`, native and `wasm32`; `cargo doc` with warnings denied.
//! 3. Native tests (`cargo test`): the pure core, table tests, doctests.
//! 4. Wasm tests in headless Chromium (`wasm-bindgen-test`, `tests/web.rs`).
//! 5. The content compiler through the real command line: a broken article folder must fail
//!    `cargo xtask dist` with the `path:line: message` lines listed in its `EXPECTED` file.
//! 6. End-to-end: the real bundles (`dist/` and a hostile fixture folder) served on 127.0.0.1
//!    and driven in headless Chromium by `node --test tests/e2e`.
//! 7. The benchmark's smoke run (`bench/bench.mjs` with `FORKLAR_BENCH_SMOKE=1`): the real set,
//!    one repetition, the small page, every peer; it fails when a measure is missing or out of
//!    range, so the benchmark cannot rot between full runs.

use std::path::Path;
use std::process::Command;

use crate::serve::{self, Server};
use crate::tools::{self, run};
use crate::{dist, root, Result};

/// Runs every step; stops at the first failure.
pub fn run_all() -> Result {
    let root = root();
    tools::ensure_wasm_build_tools()?;
    tools::ensure_chromium()?;

    step("format");
    run(cargo().args(["fmt", "--all", "--", "--check"]))?;
    check_layering(&root.join("src"))?;

    step("lints and docs");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().args([
        "clippy",
        "--package",
        "forklar",
        "--all-targets",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().env("RUSTDOCFLAGS", "-D warnings").args([
        "doc",
        "--no-deps",
        "--package",
        "forklar",
        "--document-private-items",
    ]))?;

    step("native tests");
    run(cargo().args(["test", "--workspace"]))?;

    step("wasm tests in headless chromium");
    run(cargo()
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .args([
            "test",
            "--package",
            "forklar",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "web",
        ]))?;

    step("content errors through `cargo xtask dist`");
    check_broken_content(&root.join("tests/fixtures/broken"))?;

    step("end-to-end tests in headless chromium");
    end_to_end(&[])?;

    step("benchmark smoke run: every measure, every peer, the real set once");
    run_bench(true)?;

    println!("\nxtask test: every step passed");
    Ok(())
}

/// `cargo xtask bench [--smoke]`: builds `dist/`, serves it and runs `bench/bench.mjs` in
/// headless Chromium, which prints its figures and writes `target/bench/results.json` and
/// `docs/`; `--smoke` is the quick run `cargo xtask test` makes (see [`run_bench`]).
pub fn bench(args: &[String]) -> Result {
    match args {
        [] => run_bench(false),
        [flag] if flag == "--smoke" => run_bench(true),
        [arg, ..] => Err(format!("'bench' takes only --smoke, got '{arg}'")),
    }
}

/// Runs `bench/bench.mjs`: in full, or (`smoke`) as its smoke run, which measures the real set
/// once on the small page and fails when a measure is missing or out of range.
fn run_bench(smoke: bool) -> Result {
    let root = root();
    tools::ensure_wasm_build_tools()?;
    tools::ensure_chromium()?;
    dist::build(&root.join("content"), &root.join("dist"), None)?;
    let bench_dir = root.join("bench");
    tools::ensure_npm_packages(
        &bench_dir,
        &[
            "playwright-core",
            "mark.js",
            "minisearch",
            "@orama/orama",
            "pagefind",
        ],
    )?;
    std::fs::create_dir_all(root.join("target/bench")).map_err(|e| e.to_string())?;
    let extra = [
        ("/bench/", root.join("target/bench")),
        ("/peers/", bench_dir.join("node_modules")),
    ];
    let env = [("FORKLAR_BENCH_SMOKE", if smoke { "1" } else { "0" })];
    run_node_with_server(&extra, &bench_dir, &["bench.mjs".to_string()], &env, true)
}

/// Builds the real bundles (`dist/` from `content/`, and the hostile fixture folder), serves
/// them with the test pages on 127.0.0.1, and runs `node --test` in `tests/e2e` with `files`
/// (all test files when empty). Also `cargo xtask e2e [FILE…]`, to run a few while working.
pub fn end_to_end(files: &[String]) -> Result {
    let root = root();
    tools::ensure_wasm_build_tools()?;
    tools::ensure_chromium()?;
    let e2e = root.join("target/e2e");
    dist::build(&root.join("content"), &root.join("dist"), None)?;
    dist::build(
        &root.join("tests/fixtures/hostile"),
        &e2e.join("hostile"),
        None,
    )?;
    // The real articles with their bodies in chunk files of about 40 KB (six files). A chunk
    // file of an earlier build must survive the build: a reader's cached module still asks for
    // it (regression: `dist` deleted them, and every card of such a reader failed to load).
    let chunked = e2e.join("chunked");
    std::fs::create_dir_all(&chunked).map_err(|e| format!("{}: {e}", chunked.display()))?;
    let earlier = chunked.join("forklar-00000000000000e1.html");
    std::fs::write(&earlier, "an earlier build's chunk")
        .map_err(|e| format!("{}: {e}", earlier.display()))?;
    dist::build(&root.join("content"), &chunked, Some(40_000))?;
    if !earlier.is_file() {
        return Err(format!(
            "dist deleted {}, a chunk file of an earlier build",
            earlier.display()
        ));
    }
    std::fs::remove_file(&earlier).map_err(|e| format!("{}: {e}", earlier.display()))?;
    let e2e_dir = root.join("tests/e2e");
    tools::ensure_npm_packages(
        &e2e_dir,
        &["playwright-core", "axe-core", "react", "react-dom"],
    )?;
    let extra = [
        ("/e2e/", e2e_dir.join("pages")),
        ("/hostile/", e2e.join("hostile")),
        ("/chunked/", e2e.join("chunked")),
    ];
    let mut args = vec!["--test".to_string(), "--test-concurrency=1".to_string()];
    args.extend_from_slice(files);
    run_node_with_server(&extra, &e2e_dir, &args, &[], false)
}

/// Serves the demo mounts plus `extra` on a free port of 127.0.0.1 and runs `node args` in
/// `dir` with `env`, telling the script the server's URL, the repository root and the browser
/// path. `isolated` serves the pages cross-origin isolated (see [`Server::start_isolated`]).
fn run_node_with_server(
    extra: &[serve::Mount],
    dir: &Path,
    args: &[String],
    env: &[(&str, &str)],
    isolated: bool,
) -> Result {
    let root = root();
    let mut mounts = extra.to_vec();
    mounts.extend(serve::demo_mounts(&root));
    let server = if isolated {
        Server::start_isolated(0, mounts)?
    } else {
        Server::start(0, mounts)?
    };
    run(Command::new("node")
        .current_dir(dir)
        .env("FORKLAR_URL", format!("http://{}", server.addr()))
        .env("FORKLAR_ROOT", &root)
        .env("CHROMIUM", tools::CHROMIUM)
        .envs(env.iter().copied())
        .args(args))
}

/// `cargo xtask test` takes no arguments.
pub fn command(args: &[String]) -> Result {
    if let Some(arg) = args.first() {
        return Err(format!("'test' takes no arguments, got '{arg}'"));
    }
    run_all()
}

fn step(name: &str) {
    println!("\n=== xtask test: {name}");
}

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()));
    cmd.current_dir(root());
    cmd
}

/// Only the edge touches the browser: the pure core must build and test natively.
fn check_layering(src: &Path) -> Result {
    let mut offenders = Vec::new();
    visit(src, &mut |path, text| {
        let rel = path.strip_prefix(src).unwrap_or(path);
        let edge = rel == Path::new("api.rs") || rel.starts_with("dom");
        if !edge {
            for (i, line) in text.lines().enumerate() {
                if ["wasm_bindgen", "web_sys", "js_sys"]
                    .iter()
                    .any(|c| line.contains(c))
                {
                    offenders.push(format!("src/{}:{}: {}", rel.display(), i + 1, line.trim()));
                }
            }
        }
    })?;
    if offenders.is_empty() {
        println!("layering: only src/api.rs and src/dom/ use the browser bindings");
        Ok(())
    } else {
        Err(format!(
            "browser bindings outside src/api.rs and src/dom/:\n{}",
            offenders.join("\n")
        ))
    }
}

fn visit(dir: &Path, f: &mut dyn FnMut(&Path, &str)) -> Result {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            visit(&path, f)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            f(&path, &text);
        }
    }
    Ok(())
}

/// Runs `cargo xtask dist --content <broken>` and checks that it fails with exactly the
/// problems listed in the folder's `EXPECTED` file (paths relative to the folder).
fn check_broken_content(dir: &Path) -> Result {
    let expected = std::fs::read_to_string(dir.join("EXPECTED")).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .current_dir(root())
        .args(["dist", "--content"])
        .arg(dir)
        .args(["--out", "target/e2e/broken"])
        .output()
        .map_err(|e| e.to_string())?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.success() {
        return Err(format!("the broken article folder built:\n{stderr}"));
    }
    let prefix = format!("{}/", dir.display());
    let got: Vec<String> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with(&prefix))
        .map(|l| l.replace(&prefix, ""))
        .collect();
    let want: Vec<String> = expected
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    if got != want {
        return Err(format!(
            "content errors differ\nexpected:\n{}\ngot:\n{}\nfull output:\n{stderr}",
            want.join("\n"),
            got.join("\n")
        ));
    }
    println!(
        "the broken folder fails the build with {} located errors",
        got.len()
    );
    Ok(())
}
