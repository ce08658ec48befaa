#!/bin/sh
# An exec-store delivery script: keeps one file per secret under $SECRETS_DIR (mode 600), plus its key ID.
# write <name> <keyId>: the secret arrives on standard input. describe <name>: prints the JSON keyward expects.
set -eu
dir="${SECRETS_DIR:?SECRETS_DIR must be set}"
op="$1"; name="$2"
case "$op" in
  write)
    mkdir -p "$dir"; umask 077
    cat > "$dir/$name.tmp" && mv "$dir/$name.tmp" "$dir/$name"
    printf '%s' "$3" > "$dir/$name.keyid" ;;
  describe)
    if [ -f "$dir/$name" ]; then printf '{"present": true, "keyId": "%s"}\n' "$(cat "$dir/$name.keyid")"
    else printf '{"present": false}\n'; fi ;;
  delete)
    rm -f "$dir/$name" "$dir/$name.keyid" ;;
  *) echo "unknown operation: $op" >&2; exit 2 ;;
esac
