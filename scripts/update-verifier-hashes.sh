#!/usr/bin/env bash
# Writes the standalone verifier's hashes after any of its files changed: the Subresource Integrity (SHA-384) of each
# script and style sheet into verifier.html, then every file's SHA-256 into the README, where readers check a saved
# copy with `sha256sum -c`. VerifierFilesTests fails, naming this script, whenever either is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
root=Portal.Web/wwwroot
html=$root/verifier.html

sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$root/$1" | openssl base64 -A)"; }

# Each integrity attribute follows its own href/src on the same line.
for file in verifier.css js/sha256.js js/verify.js js/verify-text.js js/verify-view.js js/feed-client.js js/verifier-page.js; do
  value=$(sri "$file")
  sed -i -E "s#((href|src)=\"$file\" integrity=\")[^\"]*\"#\1$value\"#" "$html"
done

files=(verifier.html verifier.css js/verifier-page.js js/verify-view.js js/verify.js js/verify-text.js js/sha256.js js/feed-client.js)
listing=$(cd "$root" && sha256sum "${files[@]}")
awk -v listing="$listing" '
  /<!-- verifier-sha256:start -->/ { print; print "```"; print listing; print "```"; skip = 1; next }
  /<!-- verifier-sha256:end -->/ { skip = 0 }
  !skip { print }
' README.md > README.md.new
mv README.md.new README.md
echo "$listing"
