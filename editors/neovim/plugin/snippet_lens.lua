-- The :SnippetLens* commands, also for configurations that start the server with vim.lsp.enable.
if vim.g.loaded_snippet_lens or vim.fn.has("nvim-0.7") == 0 then
  return
end
vim.g.loaded_snippet_lens = true
require("snippet_lens").create_commands()
