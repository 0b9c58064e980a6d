-- Snippet Lens for Neovim: starts the `snippet-lens` language server and adds two commands.
--
--   require("snippet_lens").setup({ settings = { unknownThreshold = 0.6 } })
--
-- Works on Neovim 0.7 (vim.lsp.start_client + a FileType autocommand) and on 0.8+ (vim.lsp.start).
-- On 0.11+, `vim.lsp.enable("snippet_lens")` with lsp/snippet_lens.lua is the alternative to setup().

local M = {}

M.name = "snippet_lens"
M.describe_command = "snippetLens.describe"
M.timeout_ms = 10000

local defaults = {
  -- How to start the server; a list, as for vim.lsp.start.
  cmd = { "snippet-lens" },
  -- Filetypes to attach to; nil attaches to every normal buffer with a filetype.
  filetypes = nil,
  -- Filetypes never attached to when `filetypes` is nil.
  exclude_filetypes = { "help", "qf", "netrw", "man", "lspinfo", "checkhealth", "gitcommit", "TelescopePrompt" },
  -- Files or folders marking the project root; the file's folder when none is found.
  root_markers = { ".git", ".hg", "pyproject.toml", "package.json", "Cargo.toml", "go.mod" },
  -- The `snippetLens` settings (camelCase, as in the README's table).
  settings = {},
  -- Map `K` in Visual mode to a hover on the selection.
  visual_hover_key = "K",
}

local config = vim.deepcopy(defaults)
local clients_by_root = {} -- Neovim 0.7: one client per root folder

local function has(version)
  return vim.fn.has("nvim-" .. version) == 1
end

local function notify(message, level)
  vim.notify("Snippet Lens: " .. message, level or vim.log.levels.INFO)
end

--- A table that encodes as a JSON object even when empty.
local function json_object(tbl)
  if next(tbl) == nil then
    return vim.empty_dict()
  end
  return tbl
end

--- What the server reads as settings: `initializationOptions` and the `snippetLens` section.
function M.lsp_settings(settings)
  local section = json_object(vim.deepcopy(settings or {}))
  return { snippetLens = section }, { snippetLens = section }
end

local function root_dir(bufnr, markers)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local start = path ~= "" and vim.fn.fnamemodify(path, ":p:h") or vim.fn.getcwd()
  for _, marker in ipairs(markers) do
    local dir = vim.fn.finddir(marker, start .. ";")
    if dir ~= "" then
      return vim.fn.fnamemodify(dir, ":p:h:h") -- ":p" of a folder ends in "/"
    end
    local file = vim.fn.findfile(marker, start .. ";")
    if file ~= "" then
      return vim.fn.fnamemodify(file, ":p:h")
    end
  end
  return start
end

local function wanted(bufnr)
  if vim.bo[bufnr].buftype ~= "" then
    return false
  end
  local filetype = vim.bo[bufnr].filetype
  if config.filetypes then
    return vim.tbl_contains(config.filetypes, filetype)
  end
  return filetype ~= "" and not vim.tbl_contains(config.exclude_filetypes, filetype)
end

local function client_config(bufnr)
  local init_options, settings = M.lsp_settings(config.settings)
  return {
    name = M.name,
    cmd = config.cmd,
    root_dir = root_dir(bufnr, config.root_markers),
    init_options = init_options,
    settings = settings,
  }
end

local function attach(bufnr)
  if not wanted(bufnr) then
    return
  end
  local client_settings = client_config(bufnr)
  if vim.lsp.start then
    vim.lsp.start(client_settings, { bufnr = bufnr })
    return
  end
  local root = client_settings.root_dir
  local id = clients_by_root[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(client_settings)
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- The Snippet Lens client attached to `bufnr`: the one whose server offers snippetLens.describe.
function M.client(bufnr)
  local clients
  if vim.lsp.get_clients then
    clients = vim.lsp.get_clients({ bufnr = bufnr })
  else
    clients = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(clients) do
    local provider = (client.server_capabilities or {}).executeCommandProvider
    if provider and vim.tbl_contains(provider.commands or {}, M.describe_command) then
      return client
    end
  end
  for _, client in ipairs(clients) do
    if client.name == M.name then
      return client
    end
  end
  return nil
end

local function request(client, method, params, handler, bufnr)
  if has("0.11") then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- An LSP position for a byte column of a line; the column is clamped to the line.
local function lsp_position(bufnr, row, col, encoding)
  local line = vim.api.nvim_buf_get_lines(bufnr, row, row + 1, false)[1] or ""
  col = math.max(0, math.min(col, #line))
  if col == 0 then
    return { line = row, character = 0 }
  end
  return { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, encoding) }
end

--- The LSP range of a command's range: the last Visual selection when it covers those lines
--- (characterwise if it was), else the whole lines; nil without a range (the whole buffer).
function M.command_range(bufnr, opts, encoding)
  if not opts or (opts.range or 0) == 0 then
    return nil
  end
  local first, last = vim.api.nvim_buf_get_mark(bufnr, "<"), vim.api.nvim_buf_get_mark(bufnr, ">")
  if vim.fn.visualmode() == "v" and first[1] == opts.line1 and last[1] == opts.line2 then
    local last_line = vim.api.nvim_buf_get_lines(bufnr, last[1] - 1, last[1], false)[1] or ""
    local width = 1
    if last[2] < #last_line then -- the selection includes the whole last character
      width = #vim.fn.strcharpart(last_line:sub(last[2] + 1), 0, 1)
    end
    return {
      start = lsp_position(bufnr, first[1] - 1, first[2], encoding),
      ["end"] = lsp_position(bufnr, last[1] - 1, last[2] + width, encoding),
    }
  end
  local end_line = vim.api.nvim_buf_get_lines(bufnr, opts.line2 - 1, opts.line2, false)[1] or ""
  return {
    start = { line = opts.line1 - 1, character = 0 },
    ["end"] = lsp_position(bufnr, opts.line2 - 1, #end_line, encoding),
  }
end

--- Ask the server to describe a range of `bufnr`; `callback(result)` gets the JSON of
--- `snippet-lens analyze` (nil when nothing came back; the reason has been shown).
function M.describe(bufnr, range, callback)
  local client = M.client(bufnr)
  if not client then
    notify("no Snippet Lens server is attached to this buffer", vim.log.levels.WARN)
    return callback(nil)
  end
  local arguments = { uri = vim.uri_from_bufnr(bufnr) }
  arguments.range = range
  local params = { command = M.describe_command, arguments = { arguments } }
  request(client, "workspace/executeCommand", params, function(err, result)
    if err then
      notify("describe failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return callback(nil)
    end
    if result == nil or result == vim.NIL then
      notify("the server has not opened this buffer yet", vim.log.levels.WARN)
      return callback(nil)
    end
    callback(result)
  end, bufnr)
end

--- Report `range` to the server as the selection (as VS Code does with a code-action request on
--- every selection change), then `callback()`.
local function report_selection(client, bufnr, range, callback)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = {} },
  }
  request(client, "textDocument/codeAction", params, function()
    callback()
  end, bufnr)
end

--- The range of the whole buffer.
local function buffer_range(bufnr, encoding)
  local count = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, count - 1, count, false)[1] or ""
  return { start = { line = 0, character = 0 }, ["end"] = lsp_position(bufnr, count - 1, #last, encoding) }
end

--- :SnippetLensDescribe: the server's hover for the selection (or buffer) in a floating window.
function M.describe_selection(opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return notify("no Snippet Lens server is attached to this buffer", vim.log.levels.WARN)
  end
  local range = M.command_range(bufnr, opts, client.offset_encoding) or buffer_range(bufnr, client.offset_encoding)
  report_selection(client, bufnr, range, function()
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = range.start }
    request(client, "textDocument/hover", params, function(err, result)
      if err or not result or result == vim.NIL then
        return notify("the server has no answer for this snippet", vim.log.levels.WARN)
      end
      local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
      vim.lsp.util.open_floating_preview(lines, "markdown", { border = "rounded" })
    end, bufnr)
  end)
end

M.description_action = "Insert description as comment"

--- :SnippetLensInsertDescription: the server's "Insert description as comment" action for the
--- selection, applied (the comment syntax, place and indentation are the server's).
function M.insert_description(opts)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return notify("no Snippet Lens server is attached to this buffer", vim.log.levels.WARN)
  end
  local range = M.command_range(bufnr, opts, client.offset_encoding)
  if not range then
    return notify("select the code to describe first", vim.log.levels.WARN)
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = {}, only = { "refactor.rewrite" }, triggerKind = 1 },
  }
  request(client, "textDocument/codeAction", params, function(err, actions)
    if err then
      return notify("code actions failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    for _, action in ipairs(actions ~= vim.NIL and actions or {}) do
      if action.title == M.description_action and action.edit then
        return vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      end
    end
    notify(
      "the server gives no description for this snippet: it may not be code, "
        .. "or snippetLens.enableDescriptions is off",
      vim.log.levels.WARN
    )
  end, bufnr)
end

--- Hover on the Visual selection: report it to the server (as VS Code does with a code-action
--- request on every selection change), then ask for hover at the cursor, inside the selection.
function M.hover_selection()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return vim.lsp.buf.hover()
  end
  local range = M.command_range(bufnr, {
    range = 2,
    line1 = vim.api.nvim_buf_get_mark(bufnr, "<")[1],
    line2 = vim.api.nvim_buf_get_mark(bufnr, ">")[1],
  }, client.offset_encoding)
  report_selection(client, bufnr, range, function()
    vim.lsp.buf.hover()
  end)
end

function M.create_commands()
  vim.api.nvim_create_user_command("SnippetLensDescribe", M.describe_selection, {
    range = true,
    desc = "Snippet Lens: describe the selection (or the buffer) in a floating window",
  })
  vim.api.nvim_create_user_command("SnippetLensInsertDescription", M.insert_description, {
    range = true,
    desc = "Snippet Lens: insert the description of the selection as a comment above it",
  })
  vim.api.nvim_create_user_command("SnippetLensHover", M.hover_selection, {
    range = true,
    desc = "Snippet Lens: hover on the last Visual selection",
  })
end

function M.setup(opts)
  opts = opts or {}
  config = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts)
  for _, key in ipairs({ "cmd", "filetypes", "exclude_filetypes", "root_markers", "settings" }) do
    if opts[key] ~= nil then
      config[key] = vim.deepcopy(opts[key]) -- lists are replaced, not merged index by index
    end
  end
  M.create_commands()
  if config.visual_hover_key and config.visual_hover_key ~= "" then
    vim.api.nvim_set_keymap("x", config.visual_hover_key, "<Esc><Cmd>SnippetLensHover<CR>", {
      noremap = true,
      silent = true,
      desc = "Snippet Lens: hover on the selection",
    })
  end
  local group = vim.api.nvim_create_augroup("snippet_lens", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "*",
    callback = function(args)
      attach(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do -- buffers opened before setup()
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype ~= "" then
      attach(bufnr)
    end
  end
end

return M
