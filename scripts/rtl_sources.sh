# Sourced by the synthesis scripts: rtl_part PART prints the files of one part of
# rtl/core/sources.txt (the list CMakeLists.txt reads too), as paths under $root.
rtl_part() { awk -v root="$root" -v part="$1" '$1 == part { printf "%s/rtl/core/%s ", root, $2 }' "$root/rtl/core/sources.txt"; }
