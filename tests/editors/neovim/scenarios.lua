-- Drives a headless Neovim through one scenario against the real server and writes what the
-- editor showed as JSON; tests/editors/test_neovim.py asserts on it.
--
-- Run with `nvim --headless --clean -u NONE -S scenarios.lua`. Environment: SNIPPET_LENS_SCENARIO
-- (a key of `scenarios`), SNIPPET_LENS_FILE (the file to edit), SNIPPET_LENS_LINES ("first,last":
-- the lines to select), SNIPPET_LENS_SERVER (the server command, a JSON list),
-- SNIPPET_LENS_PLUGIN (editors/neovim), SNIPPET_LENS_RESULT (where the JSON goes),
-- SNIPPET_LENS_WAIT_MS (the bound on each wait; the whole run gets three times that).

local env = vim.env
local wait_ms = tonumber(env.SNIPPET_LENS_WAIT_MS) or 20000
local result = { scenario = env.SNIPPET_LENS_SCENARIO, nvim = string.format("%d.%d.%d", vim.version().major, vim.version().minor, vim.version().patch), messages = {} }
local step = "starting"
local first_line, last_line = (env.SNIPPET_LENS_LINES or "1,1"):match("(%d+),(%d+)")
first_line, last_line = tonumber(first_line), tonumber(last_line)
vim.opt.runtimepath:prepend(env.SNIPPET_LENS_PLUGIN)

local function write_result()
  local file = assert(io.open(env.SNIPPET_LENS_RESULT, "w"))
  file:write(vim.fn.json_encode(result))
  file:close()
end

local function finish(code)
  write_result()
  vim.cmd((code == 0 and "qall!") or ("cquit " .. code))
end

local function fail(message)
  result.error = message
  finish(2)
end

-- A hung server or editor still ends the run, with the step it hung in.
vim.defer_fn(function()
  fail(string.format("whole run exceeded %d ms (step: %s)", 3 * wait_ms, step))
end, 3 * wait_ms)

local function wait_for(what, condition)
  step = what
  if not vim.wait(wait_ms, condition, 20) then
    error(string.format("timed out after %d ms waiting for %s", wait_ms, what), 0)
  end
end

vim.notify = function(message, level)
  table.insert(result.messages, { message = tostring(message), level = level })
end

local function lines(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr or 0, 0, -1, false)
end

local function floating_window_lines()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      return lines(vim.api.nvim_win_get_buf(win))
    end
  end
  return nil
end

local function float_text(what)
  local shown
  wait_for(what, function()
    shown = floating_window_lines()
    return shown ~= nil
  end)
  return table.concat(shown, "\n")
end

local lens = require("snippet_lens")

local function open_and_attach()
  vim.cmd("filetype plugin on")
  lens.setup({ cmd = vim.fn.json_decode(env.SNIPPET_LENS_SERVER), settings = { maxSnippetLines = 200, minDescriptionConfidence = 0 } })
  vim.cmd("edit " .. vim.fn.fnameescape(env.SNIPPET_LENS_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  wait_for("the server to initialize", function()
    return lens.client(bufnr) ~= nil
  end)
  return bufnr, lens.client(bufnr)
end

--- Select lines `first`..`last` (1-based, linewise) and leave Visual mode, as a user would.
local function select_lines(first, last)
  vim.api.nvim_win_set_cursor(0, { first, 0 })
  vim.cmd(string.format("normal! V%dG", last))
  vim.cmd("normal! \27")
end

local scenarios = {}

function scenarios.hover_selection()
  open_and_attach()
  select_lines(first_line, last_line)
  vim.api.nvim_win_set_cursor(0, { first_line, 2 })
  lens.hover_selection()
  result.hover = float_text("the hover window")
end

function scenarios.hover_file()
  open_and_attach()
  vim.api.nvim_win_set_cursor(0, { 2, 2 })
  vim.lsp.buf.hover()
  result.hover = float_text("the hover window")
end

function scenarios.code_action()
  local bufnr = open_and_attach()
  local before = table.concat(lines(bufnr), "\n")
  vim.ui.select = function(items, opts, on_choice)
    result.offered = vim.tbl_map(opts.format_item, items)
    for _, item in ipairs(items) do
      if opts.format_item(item):find("^Label code fence as ") then
        return on_choice(item)
      end
    end
    on_choice(nil)
  end
  vim.api.nvim_win_set_cursor(0, { first_line, 1 })
  vim.lsp.buf.code_action()
  wait_for("the code action's edit", function()
    return table.concat(lines(bufnr), "\n") ~= before
  end)
  result.text = table.concat(lines(bufnr), "\n")
end

local function complete(bufnr, client, line, prefix)
  vim.api.nvim_buf_set_lines(bufnr, line - 1, line, false, { "```" .. prefix })
  -- The cursor as in Insert mode, after the typed text (Normal mode cannot be past the end).
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    position = { line = line - 1, character = 3 + #prefix },
  }
  step = "completion after ```" .. prefix
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", params, wait_ms)
  if not responses then
    error("timed out waiting for completion after ```" .. prefix, 0)
  end
  local answer = (responses[client.id] or {}).result
  if answer == nil then
    return {}
  end
  -- What the omnifunc shows: the items that match the word before the cursor.
  local to_items = vim.lsp.util.text_document_completion_list_to_complete_items
    or vim.lsp.completion._lsp_to_complete_items
  return vim.tbl_map(function(item)
    return item.word
  end, to_items(answer, prefix))
end

function scenarios.completion()
  local bufnr, client = open_and_attach()
  result.completion = complete(bufnr, client, first_line, "")
  result.completion_typed = complete(bufnr, client, first_line, "py")
end

function scenarios.describe()
  open_and_attach()
  select_lines(first_line, last_line)
  vim.cmd("'<,'>SnippetLensDescribe")
  result.describe = float_text("the describe window")
end

function scenarios.insert_description()
  local bufnr = open_and_attach()
  select_lines(first_line, last_line)
  local lines_range = { range = 2, line1 = first_line, line2 = last_line }
  local range = lens.command_range(bufnr, lines_range, lens.client(bufnr).offset_encoding)
  local described
  lens.describe(bufnr, range, function(answer)
    described = answer or vim.NIL
  end)
  wait_for("the describe answer", function()
    return described ~= nil
  end)
  result.described = described
  local before = table.concat(lines(bufnr), "\n")
  local seen = #result.messages
  vim.cmd("'<,'>SnippetLensInsertDescription")
  -- Other notices (the models loading, under a busy machine) may come first: wait for the one that answers.
  wait_for("a message about the description or an inserted line", function()
    for index = seen + 1, #result.messages do
      if result.messages[index].message:find("description", 1, true) then
        return true
      end
    end
    return table.concat(lines(bufnr), "\n") ~= before
  end)
  result.text = table.concat(lines(bufnr), "\n")
end

local ok, err = pcall(scenarios[env.SNIPPET_LENS_SCENARIO] or function()
  error("unknown scenario " .. tostring(env.SNIPPET_LENS_SCENARIO), 0)
end)
if not ok then
  fail(tostring(err))
else
  finish(0)
end
