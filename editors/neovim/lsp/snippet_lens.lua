-- Snippet Lens for Neovim 0.11+: `vim.lsp.enable("snippet_lens")` starts the server with this
-- configuration; change it with `vim.lsp.config("snippet_lens", { settings = { snippetLens = {...} } })`.
-- Without `filetypes` the server attaches to every buffer with a filetype.
return {
  cmd = { "snippet-lens" },
  root_markers = { ".git", ".hg", "pyproject.toml", "package.json", "Cargo.toml", "go.mod" },
  init_options = { snippetLens = vim.empty_dict() },
  settings = { snippetLens = vim.empty_dict() },
}
