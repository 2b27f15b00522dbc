//! A small static file server for the demo and the end-to-end tests, on 127.0.0.1 only.
//!
//! It answers `GET` and `HEAD` from a list of mounts (URL prefix → folder), with the content
//! types browsers need (`application/wasm` for streaming compilation), no caching (the benchmark's server excepted), and 404 for
//! anything else. Paths with `..` or a backslash are refused so nothing outside the mounts is
//! served.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::Result;

/// URL prefix (starting and ending with `/`) and the folder it serves.
pub type Mount = (&'static str, PathBuf);

/// The demo: the page from `www/`, the bundle from `dist/`.
pub fn demo_mounts(root: &Path) -> Vec<Mount> {
    vec![("/dist/", root.join("dist")), ("/", root.join("www"))]
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `mounts` on 127.0.0.1:`port` (0 picks a free port) in a background thread.
    pub fn start(port: u16, mounts: Vec<Mount>) -> Result<Server> {
        Server::start_with(port, mounts, "Cache-Control: no-store\r\n")
    }

    /// For the benchmark: every page cross-origin isolated (COOP and COEP headers), because
    /// only an isolated page gets a `performance.now()` finer than 0.1 ms in Chromium, and
    /// search keystrokes take about that long; and files may be cached, as a site's would be.
    /// The benchmark measures cold loads in a new browser context each (an empty cache), and
    /// its warm loads are meant to find the files and the compiled module in the cache, which
    /// `no-store` kept them from doing. Its files do not change while it runs.
    pub fn start_isolated(port: u16, mounts: Vec<Mount>) -> Result<Server> {
        Server::start_with(
            port,
            mounts,
            "Cache-Control: max-age=3600\r\nCross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\n",
        )
    }

    fn start_with(port: u16, mounts: Vec<Mount>, headers: &'static str) -> Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mounts = mounts.clone();
                std::thread::spawn(move || {
                    // A client that hangs up mid-request is its own problem, not the server's.
                    let _ = handle(stream, &mounts, headers);
                });
            }
        });
        Ok(Server { addr, thread })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks for as long as the server runs.
    pub fn wait(self) {
        let _ = self.thread.join();
    }
}

fn handle(stream: TcpStream, mounts: &[Mount], headers: &str) -> std::io::Result<()> {
    // A response goes out in one write, and without Nagle's delay. Written in pieces (the
    // header's formatted parts, then the body) on a connection kept alive, the pieces after the
    // first waited for the client's delayed acknowledgement: curl's third request on one
    // connection took 41 ms instead of under 1 ms, a stall no real server has.
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        // Skip the headers; keep-alive is honoured as long as the client sends requests.
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
                break;
            }
        }
        let mut parts = request_line.split_whitespace();
        let method = parts.next().unwrap_or("");
        let target = parts.next().unwrap_or("/");
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let (status, content_type, body) = match (method, resolve(mounts, path)) {
            ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
                Ok(body) => ("200 OK", content_type(&file), body),
                Err(_) => not_found(),
            },
            ("GET" | "HEAD", None) => not_found(),
            _ => (
                "405 Method Not Allowed",
                "text/plain",
                b"method not allowed".to_vec(),
            ),
        };
        let mut response = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nX-Content-Type-Options: nosniff\r\n{headers}\r\n",
            body.len()
        )
        .into_bytes();
        if method != "HEAD" {
            response.extend_from_slice(&body);
        }
        writer.write_all(&response)?;
    }
}

fn not_found() -> (&'static str, &'static str, Vec<u8>) {
    ("404 Not Found", "text/plain", b"not found".to_vec())
}

/// The file a URL path names, if it is inside a mount and exists.
fn resolve(mounts: &[Mount], path: &str) -> Option<PathBuf> {
    let path = percent_decode(path)?;
    if path.contains("..") || path.contains('\\') || path.contains('\0') {
        return None;
    }
    let (prefix, dir) = mounts.iter().find(|(prefix, _)| path.starts_with(prefix))?;
    let rest = &path[prefix.len()..];
    let mut file = dir.join(rest);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    // Regression: the header went out in pieces, and on a connection kept alive the pieces
    // after the first waited about 40 ms for the client's delayed acknowledgement (Nagle's
    // algorithm), which every measurement over that connection then included. A response now
    // arrives in one piece, so the first read of each of several requests on one connection
    // holds all of it.
    #[test]
    fn responses_on_a_kept_alive_connection_arrive_in_one_piece() {
        let dir = std::env::temp_dir().join(format!("forklar-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let body = "x".repeat(1000);
        std::fs::write(dir.join("a.js"), &body).unwrap();
        let server = Server::start(0, vec![("/", dir.clone())]).unwrap();
        let mut client = TcpStream::connect(server.addr()).unwrap();
        for round in 0..4 {
            client
                .write_all(b"GET /a.js HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n")
                .unwrap();
            let mut buf = vec![0; 65536];
            let n = client.read(&mut buf).unwrap();
            let got = String::from_utf8_lossy(&buf[..n]);
            assert!(
                got.starts_with("HTTP/1.1 200 OK\r\n") && got.ends_with(&body),
                "round {round}: the first read held {n} bytes: {got:?}"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
