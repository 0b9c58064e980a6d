//! Starts `snippet-lens` for Zed and hands it the `lsp.snippet-lens.settings` of settings.json.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "snippet-lens";

struct SnippetLens;

impl zed::Extension for SnippetLens {
    fn new() -> Self {
        SnippetLens
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree).ok().and_then(|settings| settings.binary);
        let command = binary
            .as_ref()
            .and_then(|binary| binary.path.clone())
            .or_else(|| worktree.which(SERVER))
            .ok_or_else(|| {
                "snippet-lens is not on PATH: install it (pip install snippet-lens) \
                 or set lsp.snippet-lens.binary.path"
                    .to_string()
            })?;
        let args = binary.and_then(|binary| binary.arguments).unwrap_or_default();
        Ok(zed::Command { command, args, env: Default::default() })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Some(serde_json::json!({ "snippetLens": section(worktree) })))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Some(serde_json::json!({ "snippetLens": section(worktree) })))
    }
}

/// The user's `lsp.snippet-lens.settings`, or an empty object.
fn section(worktree: &zed::Worktree) -> serde_json::Value {
    LspSettings::for_worktree(SERVER, worktree)
        .ok()
        .and_then(|settings| settings.settings)
        .unwrap_or_else(|| serde_json::json!({}))
}

zed::register_extension!(SnippetLens);
