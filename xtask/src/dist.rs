//! Builds the widget bundle: `forklar.js` and `forklar_bg.wasm` in one folder.
//!
//! Steps: compile the crate for `wasm32-unknown-unknown` in release mode with the article folder
//! in `FORKLAR_CONTENT` (the build script embeds it), run `wasm-bindgen` for plain-script
//! (`no-modules`) glue, and wrap glue and the scripts in `www/embed/` in one function so the bundle
//! defines nothing global but `window.forklar`. Whole-line comments and indentation are left
//! out of the bundle (a third of the scripts' bytes; the sources keep them), and terser
//! minifies what is left (see [`minify`]).
//!
//! With `--chunk-bytes N` the build script also writes the article bodies to chunk files
//! (`forklar-<content hash>.html`) in its `OUT_DIR/chunks`; they are copied beside the bundle.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::tools::run;
use crate::{root, Result};

/// Builds the bundle for the articles in `content` into `out`, and prints its sizes.
pub fn build(content: &Path, out: &Path, chunk_bytes: Option<usize>) -> Result {
    if !content.is_dir() {
        return Err(format!("{}: not a folder of articles", content.display()));
    }
    println!("xtask: building the bundle for {}", content.display());
    // The build script gets the folder as an absolute path (cargo runs it elsewhere); its
    // problem lines are shown with the folder as the editor typed it.
    let absolute = content
        .canonicalize()
        .map_err(|e| format!("{}: {e}", content.display()))?;
    // The JSON messages name the build script's OUT_DIR, where the chunk files are, and the
    // Wasm file; the human-readable diagnostics go to stderr, read by `forward_diagnostics`.
    let mut child = Command::new("cargo")
        .current_dir(root())
        .env("FORKLAR_CONTENT", &absolute)
        .env(
            "FORKLAR_CHUNK_BYTES",
            chunk_bytes.map(|n| n.to_string()).unwrap_or_default(),
        )
        .args([
            "build",
            "--release",
            "--package",
            "forklar",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--message-format",
            "json-render-diagnostics",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stderr = child.stderr.take();
    let shown = (
        absolute.display().to_string(),
        content.display().to_string(),
    );
    let diagnostics = std::thread::spawn(move || forward_diagnostics(stderr, &shown));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let problems = diagnostics.join().unwrap_or_default();
    if !output.status.success() {
        return Err(if problems > 0 {
            format!("{problems} problems in the articles (above); nothing was built")
        } else {
            "the crate did not build; see above".into()
        });
    }
    let messages = String::from_utf8_lossy(&output.stdout);
    let chunk_dir = out_dir(&messages).map(|dir| Path::new(&dir).join("chunks"));
    // The Wasm file as cargo names it: under CARGO_TARGET_DIR when that is set, so a stale
    // file in ./target is never packaged instead.
    let wasm = wasm_artifact(&messages).ok_or("cargo did not report the Wasm file it built")?;
    let glue_dir = root().join("target/forklar-bindgen");
    run(Command::new("wasm-bindgen")
        .arg(&wasm)
        .arg("--out-dir")
        .arg(&glue_dir)
        .args([
            "--out-name",
            "forklar",
            "--target",
            "no-modules",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
        ]))?;

    let glue = read(&glue_dir.join("forklar.js"))?;
    let mut embed = String::new();
    for part in EMBED_PARTS {
        embed.push_str(&read(&root().join("www/embed").join(part))?);
        embed.push('\n');
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let first = read(&root().join("www/embed").join(FIRST_PART))?;
    let script = strip_comments(&bundle_script(&first, &glue, &embed));
    write(&out.join("forklar.js"), script.as_bytes())?;
    minify(&out.join("forklar.js"))?;
    std::fs::copy(
        glue_dir.join("forklar_bg.wasm"),
        out.join("forklar_bg.wasm"),
    )
    .map_err(|e| format!("cannot copy the wasm file: {e}"))?;

    // Chunk files of earlier builds stay: a reader whose browser still has the earlier
    // `forklar_bg.wasm` in its cache asks for the chunks that module names, and would get
    // "the article could not be loaded" for every card if they were gone. Their names are
    // content hashes, so they never clash with this build's.
    let mut earlier = Vec::new();
    for entry in std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if is_chunk(&path) {
            earlier.push(path);
        }
    }
    let mut chunks = Vec::new();
    if chunk_bytes.is_some() {
        let dir = chunk_dir.ok_or("cargo did not report the build script's OUT_DIR")?;
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if let Some(name) = path.file_name().filter(|_| is_chunk(&path)) {
                std::fs::copy(&path, out.join(name))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                chunks.push(out.join(name));
            }
        }
    }

    println!("xtask: wrote {}", out.display());
    print_sizes(&[out.join("forklar_bg.wasm"), out.join("forklar.js")])?;
    if !chunks.is_empty() {
        println!("article bodies in {} chunk files:", chunks.len());
        print_sizes(&chunks)?;
    }
    let kept = earlier.iter().filter(|p| !chunks.contains(p)).count();
    if kept > 0 {
        println!(
            "kept {kept} chunk files of earlier builds in {}: readers with an earlier \
             forklar_bg.wasm cached still ask for them; delete them once that cache has expired",
            out.display()
        );
    }
    Ok(())
}

fn is_chunk(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with("forklar-") && name.ends_with(".html")
}

/// Cargo's stderr during `dist`, passed on to ours as it comes, except the report of a failed
/// build script: when that is the content compiler's list of problems, only the problem lines
/// are printed, each `path:line: message` with the folder as the editor gave it, not cargo's
/// wrapping of them (its notes, `rerun-if-changed` lines and indentation).
/// `shown` is (absolute folder, folder as given). Returns the number of content problems
/// printed.
fn forward_diagnostics(
    stderr: Option<std::process::ChildStderr>,
    shown: &(String, String),
) -> usize {
    use std::io::BufRead;
    let Some(stderr) = stderr else { return 0 };
    let mut block: Option<Vec<String>> = None;
    for line in std::io::BufReader::new(stderr)
        .lines()
        .map_while(|l| l.ok())
    {
        if line.starts_with("error: failed to run custom build command for `forklar") {
            block = Some(Vec::new());
        }
        match block.as_mut() {
            Some(lines) => lines.push(line),
            // The compiler's warnings, which cargo prefixes with the package: as problems are.
            None => match line.strip_prefix("warning: forklar@") {
                Some(rest) if rest.contains(shown.0.as_str()) => {
                    let message = rest.split_once(": ").map_or(rest, |(_, m)| m);
                    eprintln!("{}", relative(message, shown));
                }
                _ => eprintln!("{line}"),
            },
        }
    }
    let Some(lines) = block else { return 0 };
    let Some(start) = lines
        .iter()
        .position(|l| l.trim() == "error: the article folder has problems:")
    else {
        // Some other failure of the build script: shown as cargo reported it.
        for line in &lines {
            eprintln!("{line}");
        }
        return 0;
    };
    // The build script's stderr, which cargo indents, follows the header to the block's end.
    let problems: Vec<String> = lines[start + 1..]
        .iter()
        .take_while(|l| l.starts_with("  "))
        .map(|l| relative(l.trim(), shown))
        .collect();
    eprintln!("error: the article folder has problems:");
    for problem in &problems {
        eprintln!("{problem}");
    }
    problems.len()
}

/// `line` with the absolute article folder written as the editor gave it, wherever it names a
/// file (a problem's own, or the other file of a duplicate).
fn relative(line: &str, shown: &(String, String)) -> String {
    line.replace(shown.0.as_str(), &shown.1)
}

/// The Wasm file of the forklar crate, from cargo's JSON messages.
fn wasm_artifact(messages: &str) -> Option<String> {
    let line = messages
        .lines()
        .rev()
        .find(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains("forklar.wasm\""))?;
    let end = line.find("forklar.wasm\"")? + "forklar.wasm".len();
    let start = line[..end].rfind('"')? + 1;
    Some(line[start..end].replace("\\\\", "\\"))
}

/// The `out_dir` of the forklar build script, from cargo's JSON messages.
fn out_dir(messages: &str) -> Option<String> {
    let line = messages
        .lines()
        .rev()
        .find(|l| l.contains("\"reason\":\"build-script-executed\"") && l.contains("forklar"))?;
    let key = "\"out_dir\":\"";
    let start = line.find(key)? + key.len();
    let end = start + line[start..].find('"')?;
    Some(line[start..end].replace("\\\\", "\\"))
}

/// Minifies the bundle in place with terser (pinned in `xtask/js/package.json`, installed on
/// first use): local names shortened, dead code and white space gone, the `/*!` banner kept.
/// It takes a fifth off the script after brotli (18.5 to 14.9 KB when it was added), which a
/// widget that every reader downloads is worth an npm step in the build; the end-to-end tests
/// run on the minified bundle, so what they check is what ships.
fn minify(script: &Path) -> Result {
    let tools = root().join("xtask/js");
    crate::tools::ensure_npm_packages(&tools, &["terser"])?;
    let path = script.to_string_lossy();
    run(Command::new("node")
        .arg(tools.join("node_modules/terser/bin/terser"))
        .args([
            &*path,
            "--compress",
            "passes=2",
            "--mangle",
            "--comments",
            "/^!/",
            "--output",
            &*path,
        ]))
}

/// Leaves out whole-line comments, blank lines and indentation, and a trailing `// comment`
/// where it is certainly one ([`trailing_comment_cut`]; not inside a template literal that
/// spans lines, such as the card's CSS). `/*!` (the licence line) stays.
fn strip_comments(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    // Inside a template literal that spans lines, whose text is not code.
    let mut in_template = false;
    for line in js.lines() {
        let mut t = line.trim();
        if in_block {
            match t.find("*/") {
                Some(end) => {
                    in_block = false;
                    t = t[end + 2..].trim();
                }
                None => continue,
            }
        } else if t.starts_with("/*") && !t.starts_with("/*!") {
            match t.find("*/") {
                // A comment in front of code on the same line: keep the line whole.
                Some(end) if end + 2 < t.len() => {}
                Some(_) => continue,
                None => {
                    in_block = true;
                    continue;
                }
            }
        }
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        let ticks = t.matches('`').count();
        out.push_str(if in_template || ticks > 0 {
            t
        } else {
            trailing_comment_cut(t)
        });
        in_template ^= ticks % 2 == 1;
        out.push('\n');
    }
    out
}

/// `line` without a `// comment` after its code, where that is certain: the code before it
/// has no quote, backquote or slash, so the `//` is in no string, template or regular
/// expression. Otherwise the line is kept whole.
fn trailing_comment_cut(line: &str) -> &str {
    match line.find(" //") {
        Some(at) if !line[..at].contains(['\'', '"', '`', '/']) => line[..at].trim_end(),
        _ => line,
    }
}

/// The part of `www/embed/` that goes before the glue: it starts the Wasm download.
const FIRST_PART: &str = "fetch.js";

/// The widget's own scripts in `www/embed/`, in the order they are concatenated after the
/// glue: the loader comes last because it uses the others.
const EMBED_PARTS: [&str; 4] = ["annotate.js", "card.js", "search.js", "loader.js"];

/// One classic script: the glue's `wasm_bindgen` and the widget's helpers stay local to the
/// wrapping function, and a second copy of the tag on a page does nothing. "Already loaded"
/// means a `window.forklar` whose `ready` is a thenable: an element with `id="forklar"` also
/// shows up as `window.forklar`, and must not stop the widget. (Not `instanceof Promise`: a
/// page that replaces `window.Promise`, as zone.js does in Angular apps, would fail that test
/// and load a second copy.)
fn bundle_script(first: &str, glue: &str, embed: &str) -> String {
    format!(
        "/*! Forklar {version}: a Danish glossary widget. Generated by `cargo xtask dist`. */\n\
         (function () {{\n\
         if (typeof window === 'undefined' || (window.forklar && window.forklar.ready && typeof window.forklar.ready.then === 'function')) return;\n\
         {first}\n\
         {glue}\n\
         {embed}\n\
         }})();\n",
        version = env!("CARGO_PKG_VERSION"),
    )
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Raw, gzip and brotli sizes of each file, and the total, as a CDN would serve them. Files
/// over [`BROTLI_11_LIMIT`] are compressed at brotli level 9: level 11 takes minutes on them.
pub fn print_sizes(files: &[std::path::PathBuf]) -> Result {
    println!(
        "{:<20} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli -11"
    );
    let mut total = [0usize; 3];
    let mut level_9 = false;
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        level_9 |= bytes.len() > BROTLI_11_LIMIT;
        let sizes = [bytes.len(), gzip_len(&bytes)?, brotli_len(&bytes)?];
        for (t, s) in total.iter_mut().zip(sizes) {
            *t += s;
        }
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        println!(
            "{name:<20} {:>10} {:>10} {:>10}",
            sizes[0], sizes[1], sizes[2]
        );
    }
    println!(
        "{:<20} {:>10} {:>10} {:>10}",
        "total", total[0], total[1], total[2]
    );
    if level_9 {
        println!("* brotli -9 for files over {BROTLI_11_LIMIT} bytes");
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len())
}

/// Above this many bytes, sizes are reported at brotli level 9 instead of 11 (marked `*`).
const BROTLI_11_LIMIT: usize = 4_000_000;

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: if bytes.len() > BROTLI_11_LIMIT { 9 } else { 11 },
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_comments_keeps_code_and_drops_comment_lines() {
        let js = "/*! licence */\n// a line comment\n  const a = 1; // kept, code first\n\n\
                  /**\n * docs\n */\n  /* short */\n/* lead */ const b = 2;\n\
                  /* open\n close */ const c = 3;\nconst url = 'http://x';\n";
        assert_eq!(
            strip_comments(js),
            "/*! licence */\nconst a = 1;\n/* lead */ const b = 2;\n\
             const c = 3;\nconst url = 'http://x';\n"
        );
    }

    #[test]
    fn no_trailing_comment_is_cut_inside_a_template_literal() {
        let js = "const css = `\n  a { b: c; } // not a comment\n`;\nlet n = 0; // a comment\n";
        assert_eq!(
            strip_comments(js),
            "const css = `\na { b: c; } // not a comment\n`;\nlet n = 0;\n"
        );
    }

    #[test]
    fn a_trailing_comment_goes_only_where_it_is_certainly_one() {
        for (line, kept) in [
            ("let n = 0; // the count", "let n = 0;"),
            ("f(a, b); // why", "f(a, b);"),
            (
                "const url = 'http://x'; // a string before",
                "const url = 'http://x'; // a string before",
            ),
            ("const re = /a\\/ // b/;", "const re = /a\\/ // b/;"),
            ("x = a / b; // a division", "x = a / b; // a division"),
            ("s = `${a} // b`;", "s = `${a} // b`;"),
            ("let n = 0;", "let n = 0;"),
        ] {
            assert_eq!(trailing_comment_cut(line), kept, "{line}");
        }
    }

    #[test]
    fn out_dir_comes_from_the_build_script_message() {
        let messages = "{\"reason\":\"compiler-artifact\"}\n\
            {\"reason\":\"build-script-executed\",\"package_id\":\"path+file:///w#forklar@0.1.0\",\
            \"out_dir\":\"/w/target/build/forklar-1/out\"}\n";
        assert_eq!(
            out_dir(messages).as_deref(),
            Some("/w/target/build/forklar-1/out")
        );
        assert_eq!(out_dir("{\"reason\":\"build-finished\"}"), None);
    }

    // Regression: `dist` packaged ./target's Wasm file whatever CARGO_TARGET_DIR said, so with
    // a stale one there it shipped another glossary and succeeded.
    #[test]
    fn regression_the_wasm_file_is_the_one_cargo_reports() {
        let messages = "{\"reason\":\"compiler-artifact\",\"target\":{\"name\":\"forklar\"},\
            \"filenames\":[\"/ci/cache/wasm32-unknown-unknown/release/forklar.wasm\",\
            \"/ci/cache/wasm32-unknown-unknown/release/libforklar.rlib\"]}\n\
            {\"reason\":\"build-finished\",\"success\":true}\n";
        assert_eq!(
            wasm_artifact(messages).as_deref(),
            Some("/ci/cache/wasm32-unknown-unknown/release/forklar.wasm")
        );
        assert_eq!(wasm_artifact("{\"reason\":\"build-finished\"}"), None);
    }
}
