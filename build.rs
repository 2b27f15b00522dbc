//! Compiles the article folder into the index embedded in the crate.
//!
//! The folder is `content/` beside this file, or the one named by the `FORKLAR_CONTENT`
//! environment variable (`cargo xtask dist --content DIR` sets it). The compiler is the crate's
//! own `content` module, included here by path together with the modules it uses, so the build
//! and the runtime share one schema.
//!
//! A content error stops the build with one `path:line: message` line per problem.

#[allow(dead_code)]
#[path = "src/content.rs"]
mod content;
#[allow(dead_code)]
#[path = "src/error.rs"]
mod error;
#[allow(dead_code)]
#[path = "src/front_matter.rs"]
mod front_matter;
#[allow(dead_code)]
#[path = "src/inflect.rs"]
mod inflect;
#[allow(dead_code)]
#[path = "src/render.rs"]
mod render;
#[allow(dead_code)]
#[path = "src/schema.rs"]
mod schema;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;
#[allow(dead_code)]
#[path = "src/tokenize.rs"]
mod tokenize;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=FORKLAR_CONTENT");
    println!("cargo:rerun-if-env-changed=FORKLAR_CHUNK_BYTES");
    for file in [
        "src/content.rs",
        "src/error.rs",
        "src/front_matter.rs",
        "src/inflect.rs",
        "src/inflect/common_da.txt",
        "src/inflect/function_da.txt",
        "src/render.rs",
        "src/schema.rs",
        "src/text.rs",
        "src/tokenize.rs",
    ] {
        println!("cargo:rerun-if-changed={file}");
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = match std::env::var_os("FORKLAR_CONTENT") {
        Some(dir) if !dir.is_empty() => manifest.join(dir),
        _ => manifest.join("content"),
    };
    // A folder here makes Cargo rerun the build script when any file inside it changes.
    println!("cargo:rerun-if-changed={}", dir.display());

    // `cargo xtask dist --chunk-bytes N` sets this: bodies go to chunk files of about N bytes.
    let chunk_bytes = match std::env::var("FORKLAR_CHUNK_BYTES") {
        Ok(n) if !n.is_empty() => match n.parse::<usize>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                eprintln!(
                    "error: FORKLAR_CHUNK_BYTES must be a positive number of bytes, got '{n}'"
                );
                std::process::exit(1);
            }
        },
        _ => None,
    };
    let compiled = match content::compile_dir(&dir, content::Options { chunk_bytes }) {
        Ok(compiled) => compiled,
        Err(err) => {
            // Cargo shows a failed build script's stderr; one line per problem, each starting
            // with the file and line, is what an editor's terminal turns into links.
            eprintln!("error: the article folder has problems:");
            for problem in err.iter() {
                eprintln!("{problem}");
            }
            std::process::exit(1);
        }
    };
    for warning in &compiled.warnings {
        println!("cargo:warning={warning}");
    }
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    // The chunk files go to `OUT_DIR/chunks`, emptied first so that no stale chunk survives;
    // `cargo xtask dist` copies them next to the bundle.
    let chunk_dir = out_dir.join("chunks");
    let _ = std::fs::remove_dir_all(&chunk_dir);
    let mut writes = vec![(out_dir.join("glossary.bin"), &compiled.bytes)];
    if !compiled.chunks.is_empty() {
        if let Err(err) = std::fs::create_dir_all(&chunk_dir) {
            eprintln!("error: cannot create {}: {err}", chunk_dir.display());
            std::process::exit(1);
        }
        writes.extend(
            compiled
                .chunks
                .iter()
                .map(|(name, bytes)| (chunk_dir.join(name), bytes)),
        );
    }
    for (path, bytes) in writes {
        if let Err(err) = std::fs::write(&path, bytes) {
            eprintln!("error: cannot write {}: {err}", path.display());
            std::process::exit(1);
        }
    }
}
