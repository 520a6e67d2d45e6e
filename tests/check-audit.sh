#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only OR BSD-3-Clause
#
# The audits hold together (docs/protocol.md, "Hafnium v2.13.0, check by
# check" with tags H-*, and "OP-TEE 4.10, check by check" with tags O-*):
# every row's tag is at the line of protocol/ffp_spmc.c the row names, and
# its personality's test file (tests/test-spmc-hafnium.c,
# tests/test-spmc-optee.c) has a case for it; every tag in the model's
# comments has a row.
#   tests/check-audit.sh SRCDIR          check (a meson test)
#   tests/check-audit.sh SRCDIR --fix    rewrite the rows' model lines
set -uo pipefail
src=${1:?usage: $0 SRCDIR [--fix]}
doc=$src/docs/protocol.md
model=$src/protocol/ffp_spmc.c
bad=0
rows=0

# Tag prefix -> the test file that must have a case for each of its rows.
declare -A tests=(
	[H]=$src/tests/test-spmc-hafnium.c
	[O]=$src/tests/test-spmc-optee.c
)
row_re='^\| ([HO])-[A-Z]+-[0-9]+[a-z]? \|'

# The first line of the model that carries TAG as a word.
line_of() {
	grep -n -E "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" "$model" | head -n 1 | cut -d: -f1
}

if [ "${2:-}" = --fix ]; then
	tmp=$(mktemp)
	while IFS= read -r l; do
		if [[ $l =~ ^\|\ ([HO]-[A-Z]+-[0-9]+[a-z]?)\ \| ]]; then
			n=$(line_of "${BASH_REMATCH[1]}")
			l=$(sed -E "s/ffp_spmc\.c:[0-9]+/ffp_spmc.c:${n:-0}/" <<<"$l")
		fi
		printf '%s\n' "$l"
	done <"$doc" >"$tmp"
	cat "$tmp" >"$doc"
	rm -f "$tmp"
fi

declare -A nrows=([H]=0 [O]=0)
while IFS= read -r l; do
	[[ $l =~ ^\|\ (([HO])-[A-Z]+-[0-9]+[a-z]?)\ \| ]] || continue
	tag=${BASH_REMATCH[1]}
	pfx=${BASH_REMATCH[2]}
	rows=$((rows + 1))
	nrows[$pfx]=$((nrows[$pfx] + 1))
	if ! [[ $l =~ ffp_spmc\.c:([0-9]+) ]]; then
		echo "audit: $tag: no model line in its row"
		bad=$((bad + 1))
		continue
	fi
	n=${BASH_REMATCH[1]}
	if ! sed -n "${n}p" "$model" | grep -qE "(^|[^A-Za-z0-9-])$tag([^A-Za-z0-9-]|\$)"; then
		echo "audit: $tag: not at ffp_spmc.c:$n (it is at line $(line_of "$tag"); run $0 SRCDIR --fix)"
		bad=$((bad + 1))
	fi
	if ! grep -qE "\" *[a-z_]+ $tag[: ]" "${tests[$pfx]}"; then
		echo "audit: $tag: no case in ${tests[$pfx]#"$src"/}"
		bad=$((bad + 1))
	fi
done <"$doc"

# Every tag of the model has a row (group tags like H-BND-2 excepted when
# their sub-rows, H-BND-2a..., exist).
for tag in $(grep -oE '(^|[^A-Za-z0-9-])[HO]-[A-Z]+-[0-9]+[a-z]?' "$model" |
	sed -E 's/^[^HO]//' | sort -u); do
	grep -qE "^\| $tag[a-z]? \|" "$doc" && continue
	echo "audit: $tag is in the model but has no row in docs/protocol.md"
	bad=$((bad + 1))
done

for pfx in H O; do
	if [ "${nrows[$pfx]}" -eq 0 ]; then
		echo "audit: no $pfx-* rows found in $doc"
		bad=$((bad + 1))
	fi
done
[ "$rows" -gt 0 ] || exit 1
echo "audit: $rows rows (Hafnium ${nrows[H]}, OP-TEE ${nrows[O]}), $bad problems"
[ "$bad" -eq 0 ]
