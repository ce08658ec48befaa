#!/bin/sh
# An exec-store delivery script: keeps one file per secret under $SECRETS_DIR (mode 600), plus its key ID.
# write <name> <keyId>: the secret arrives on standard input. describe <name>: prints the JSON keyward expects.
# A write killed midway leaves "pending <new> <old>" in the key ID file, which describe reports as uncertain.
set -eu
dir="${SECRETS_DIR:?SECRETS_DIR must be set}"
op="$1"; name="$2"
case "$op" in
  write)
    mkdir -p "$dir"; umask 077
    old=""
    if [ -f "$dir/$name" ] && [ -f "$dir/$name.keyid" ]; then old=$(cat "$dir/$name.keyid"); old=${old#pending }; fi
    printf 'pending %s %s' "$3" "$old" > "$dir/$name.keyid.tmp" && mv "$dir/$name.keyid.tmp" "$dir/$name.keyid"
    cat > "$dir/$name.tmp" && mv "$dir/$name.tmp" "$dir/$name"
    printf '%s' "$3" > "$dir/$name.keyid.tmp" && mv "$dir/$name.keyid.tmp" "$dir/$name.keyid" ;;
  describe)
    if [ ! -f "$dir/$name" ]; then printf '{"state": "absent"}\n'; exit 0; fi
    ids=$(cat "$dir/$name.keyid" 2>/dev/null || true)
    case "$ids" in
      "") printf '{"state": "uncertain"}\n' ;;
      pending*) printf '{"state": "uncertain", "candidates": [%s]}\n' "$(printf '"%s",' ${ids#pending } | sed 's/,$//')" ;;
      *) printf '{"state": "holds", "keyId": "%s"}\n' "$ids" ;;
    esac ;;
  delete)
    rm -f "$dir/$name" "$dir/$name.keyid" ;;
  *) echo "unknown operation: $op" >&2; exit 2 ;;
esac
