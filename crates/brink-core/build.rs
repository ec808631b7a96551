//! Embeds every file under `decks/` and `assets/` into the binary, so an installed `brink` runs
//! anywhere. The list is generated, so a new deck file needs no code.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| x == "ron" || x == "txt" || x == "md")
        {
            out.push(p);
        }
    }
}

fn main() {
    // The content lives at the workspace's top (`decks/`, `assets/`), two levels above this crate.
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let root = manifest.join("..").join("..");
    println!("cargo:rerun-if-changed={}", root.join("decks").display());
    println!("cargo:rerun-if-changed={}", root.join("assets").display());
    let mut files = Vec::new();
    for top in ["decks", "assets"] {
        collect(&root.join(top), &mut files);
    }
    files.sort();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets this"));
    let mut f = fs::File::create(out_dir.join("embedded_files.rs")).expect("write embedded list");
    writeln!(f, "pub static FILES: &[(&str, &str)] = &[").expect("write");
    for p in &files {
        let rel = p.strip_prefix(&root).expect("under root");
        let rel = rel.to_string_lossy().replace('\\', "/");
        // Directories are watched recursively only for their own entries; name each file too.
        println!("cargo:rerun-if-changed={}", p.display());
        writeln!(
            f,
            "    ({rel:?}, include_str!({:?})),",
            p.display().to_string()
        )
        .expect("write");
    }
    writeln!(f, "];").expect("write");
}
