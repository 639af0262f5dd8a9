#!/usr/bin/env bash
# Idempotent installer for the real-editor tests (see docs in test/editor/README.md).
#
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep (fed to
#     @vscode/ripgrep's postinstall instead of a GitHub download), libkrb5-dev (kerberos builds
#     from source). Installed only when missing; `apt-get update` runs at most once.
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest whose engines accept Node 20) into
#     .vscode-test/cs: an ignored folder with its own package.json, never a dependency of the
#     extension. Skipped when it already reports 4.100.3.
#   - playwright-core and mocha are root devDependencies: `npm ci` brings them; this script only
#     checks they are there.
#
# Needs only the npm registry and Debian apt. Env: VSCODE_TEST_ROOT (default <repo>/.vscode-test).
set -euo pipefail

CS_VERSION=4.100.3
RG_CACHE_VERSION=1.15.11                                     # @vscode/ripgrep bundled by code-server 4.100.3
RG_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz # the asset its postinstall would download

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROOT=${VSCODE_TEST_ROOT:-$REPO/.vscode-test}
CS_DIR=$ROOT/cs
CS_BIN=$CS_DIR/node_modules/.bin/code-server
t0=$(date +%s)
say() { echo "[setup +$(( $(date +%s) - t0 ))s] $*"; }

# ---- Debian packages -------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
need=()
for p in chromium ripgrep libkrb5-dev; do installed "$p" || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  say "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -q "${need[@]}" >"${TMPDIR:-/tmp}/container-signals-apt.log" 2>&1 \
    || { tail -40 "${TMPDIR:-/tmp}/container-signals-apt.log"; exit 1; }
else
  say "Debian packages present (chromium ripgrep libkrb5-dev)"
fi
[ -x /usr/bin/chromium ] || { echo "setup: /usr/bin/chromium missing after install" >&2; exit 1; }

# ---- npm devDependencies (from the lockfile) ------------------------------------------------
for m in playwright-core mocha; do
  [ -f "$REPO/node_modules/$m/package.json" ] || { echo "setup: node_modules/$m missing: run 'npm ci' first" >&2; exit 1; }
done

# ---- code-server -----------------------------------------------------------------------------
have=$("$CS_BIN" --version 2>/dev/null | tail -1 | cut -d' ' -f1 || true)
if [ "$have" = "$CS_VERSION" ]; then
  say "code-server $CS_VERSION present in $CS_DIR"
else
  say "installing code-server@$CS_VERSION into $CS_DIR (was: ${have:-none})"
  mkdir -p "$ROOT/tmp/vscode-ripgrep-cache-$RG_CACHE_VERSION" "$ROOT/rgpack" "$CS_DIR"
  # @vscode/ripgrep's postinstall looks in os.tmpdir()/vscode-ripgrep-cache-<v>/ before it asks GitHub.
  cp "$(command -v rg)" "$ROOT/rgpack/rg"
  tar -czf "$ROOT/tmp/vscode-ripgrep-cache-$RG_CACHE_VERSION/$RG_ASSET" -C "$ROOT/rgpack" rg
  # A package.json of its own so npm's prefix is $CS_DIR, not the repository.
  [ -f "$CS_DIR/package.json" ] || echo '{ "name": "vscode-test-code-server", "private": true }' >"$CS_DIR/package.json"
  # TMPDIR                  -> where @vscode/ripgrep finds the cached rg above
  # npm_config_yes          -> node-pty's postinstall runs `npx node-gyp`, which would prompt
  # npm_config_unsafe_perm  -> code-server's postinstall refuses root without it (npm 11 warns, harmless)
  # npm_config_nodedir=/usr -> node-gyp builds against the installed Node headers, no download
  (cd "$CS_DIR" && TMPDIR="$ROOT/tmp" npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr \
    npm install --no-audit --no-fund --no-save --foreground-scripts "code-server@$CS_VERSION" \
    >"$ROOT/code-server-install.log" 2>&1) \
    || { tail -60 "$ROOT/code-server-install.log"; echo "setup: code-server install failed, log: $ROOT/code-server-install.log" >&2; exit 1; }
  have=$("$CS_BIN" --version 2>/dev/null | tail -1 | cut -d' ' -f1 || true)
  [ "$have" = "$CS_VERSION" ] || { echo "setup: code-server reports '${have}', want $CS_VERSION" >&2; exit 1; }
fi
say "ready: $("$CS_BIN" --version 2>/dev/null | tail -1)"
