#!/usr/bin/env bash
# Builds the fuzzing dictionary (every function name in the registry plus the language's tokens)
# and a seed corpus (every template of the golden files), then prints how to run the target.
# Usage: crates/expr/fuzz/prepare.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
expr_crate="$here/.."
dict="$here/parse_eval.dict"
corpus="$here/corpus/parse_eval"
mkdir -p "$corpus"

{
  for token in '@' '@{' '}' '@@' '(' ')' ',' "'" "''" '?' '.' '[' ']' '?[' '?.' \
               'null' 'true' 'false' '-' '+' 'e+' 'E-' '1.5' '9223372036854775807' \
               '-9223372036854775808' '1e308' '2147483647' "decimal('" "json('" \
               '{\"a\":' '$content-type' '$content'; do
    printf '"%s"\n' "$(printf '%s' "$token" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
  grep -rhoE 'name: "[A-Za-z0-9]+"' "$expr_crate/src/functions" | sed -E 's/name: "(.*)"/"\1("/' | sort -u
} > "$dict"

i=0
for file in "$expr_crate"/tests/golden.json "$expr_crate"/tests/golden/*.json; do
  [ -f "$file" ] || continue
  count=$(jq 'length' "$file")
  for ((k = 0; k < count; k++)); do
    i=$((i + 1))
    jq -j ".[$k].template" "$file" > "$corpus/seed-$i"
  done
done
echo "dictionary: $(wc -l < "$dict") tokens; corpus: $i seeds in $corpus"
echo "run: cd $here && RUSTC_BOOTSTRAP=1 cargo fuzz run parse_eval -- -dict=parse_eval.dict -max_len=4096 -max_total_time=900"
