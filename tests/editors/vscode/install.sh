#!/usr/bin/env bash
# Installs what the real VS Code tests drive: code-server (VS Code in a browser, from npm), Debian's
# Chromium, and Playwright for Python in the interpreter that runs the tests. Idempotent: a second
# run finds everything in place and returns in a second. Without apt-get, npm or node 20 it says
# what is missing and exits 0; the tests then skip with that reason.
#
#   tests/editors/vscode/install.sh [python]      # default: python3 on PATH
#
# code-server goes to $SNIPPET_LENS_CODE_SERVER_HOME (default ~/.cache/snippet-lens/code-server-VERSION),
# which the tests read too; a machine that keeps its home directory keeps the install.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # VS Code 1.100.3; the last code-server that runs on node 20
PLAYWRIGHT_VERSION=1.65.2
PYTHON=${1:-python3}
HOME_DIR=${SNIPPET_LENS_CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/snippet-lens/code-server-$CODE_SERVER_VERSION}
# Chromium, and what code-server's native modules (kerberos, native-keymap, keytar) build with.
DEBIAN_PACKAGES=(chromium ripgrep build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)

say() { echo "vscode/install.sh: $*" >&2; }

missing_packages() {
  local package
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
  done
}

debian_packages_installable() {
  [ -z "$(missing_packages)" ] && return 0
  command -v apt-get >/dev/null && return 0
  say "no apt-get to install $(missing_packages | tr '\n' ' '); the VS Code tests will say so"
  return 1
}

install_debian_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]})) || return 0
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# @vscode/ripgrep's postinstall downloads ripgrep from GitHub unless its cache folder already holds
# the release tarball; Debian's rg in that tarball stands in for it.
seed_ripgrep_cache() {
  local cache
  cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$1"
  local tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -s "$tarball" ] && return 0
  mkdir -p "$cache"
  local staging
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  tar -czf "$tarball" -C "$staging" rg
  rm -rf "$staging"
}

have_node_20() {
  command -v npm >/dev/null && node --version 2>/dev/null | grep -q '^v20\.' && return 0
  say "code-server $CODE_SERVER_VERSION needs node 20 and npm; found node $(node --version 2>/dev/null || echo none)"
  return 1
}

install_code_server() {
  if [ -x "$HOME_DIR/node_modules/.bin/code-server" ] && [ -f "$HOME_DIR/.complete" ]; then
    return 0
  fi
  seed_ripgrep_cache 1.15.11
  rm -rf "$HOME_DIR"
  mkdir -p "$HOME_DIR"
  say "installing code-server $CODE_SERVER_VERSION into $HOME_DIR (about a minute)"
  (cd "$HOME_DIR" && echo '{"private": true}' >package.json &&
    npm_config_nodedir=/usr npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --loglevel=error \
      "code-server@$CODE_SERVER_VERSION")
  touch "$HOME_DIR/.complete"
}

install_playwright() {
  if "$PYTHON" -c "import playwright, sys; from importlib.metadata import version; sys.exit(version('playwright') != '$PLAYWRIGHT_VERSION')" 2>/dev/null; then
    return 0
  fi
  # Only the Python package and its driver; the browser is Debian's Chromium, never Playwright's download.
  "$PYTHON" -m pip install --quiet "playwright==$PLAYWRIGHT_VERSION"
}

# The checks that can say "not on this machine" run first; the installs then fail loudly (set -e).
if ! debian_packages_installable || ! have_node_20; then exit 0; fi
install_debian_packages
install_code_server
install_playwright
say "ready: $HOME_DIR/node_modules/.bin/code-server, /usr/bin/chromium, playwright $PLAYWRIGHT_VERSION for $PYTHON"
