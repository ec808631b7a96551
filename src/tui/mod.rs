//! PLACEHOLDER until the terminal UI lands (owned by the TUI engineer, who replaces this file).
use std::sync::Arc;

use crate::content::ContentDb;
use crate::engine::Game;

pub struct Options {
    pub scenario: Option<String>,
    pub seed: Option<u64>,
    pub load: Option<std::path::PathBuf>,
}

pub fn run(_db: Arc<ContentDb>, _opts: Options) -> anyhow::Result<()> {
    anyhow::bail!("the terminal UI is not built yet")
}

pub fn run_replay(_db: Arc<ContentDb>, _game: Game) -> anyhow::Result<()> {
    anyhow::bail!("the terminal UI is not built yet")
}
