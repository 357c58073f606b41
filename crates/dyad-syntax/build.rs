//! Embeds the shipped syntax model when it exists (`data/models/syntax-en-ewt.dyad`), so the
//! `dyad` binary is self-contained; without it the crate still builds and asks for `--model`.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_builtin_model)");
    let model = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/models/syntax-en-ewt.dyad");
    println!("cargo::rerun-if-changed={}", model.display());
    if model.is_file() {
        println!("cargo::rustc-cfg=dyad_builtin_model");
        println!(
            "cargo::rustc-env=DYAD_BUILTIN_SYNTAX_MODEL={}",
            model.display()
        );
    }
}
