#!/usr/bin/env bash
# cmake/git_revision.cmake, the build step that stamps the git revision into detsim: it follows new
# commits (it once froze at configure time), marks uncommitted changes "-dirty", says "unknown"
# outside git, and leaves the file untouched when nothing changed (so nothing recompiles).
# Usage: check_git_revision.sh CMAKE_COMMAND SOURCE_DIR
set -euo pipefail
cmake=$1 script=$2/cmake/git_revision.cmake
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; failed=1; fi; }
stamp() { "$cmake" -DSOURCE_DIR="$work/repo" -DOUT="$work/rev.cpp" -P "$script"; }
revision() { sed -n 's/.*git_revision = "\(.*\)";/\1/p' "$work/rev.cpp"; }

mkdir "$work/repo" && cd "$work/repo"
git init -q && git config user.email t@example.org && git config user.name test
echo a > file && git add file && git commit -qm one
stamp
first=$(git rev-parse --short=12 HEAD)
check "the revision is HEAD's" '[ "$(revision)" = "$first" ]'
touch -d '2000-01-01' "$work/rev.cpp"
stamp
check "an unchanged revision leaves the file alone" '[ "$(stat -c %Y "$work/rev.cpp")" = "$(date -d 2000-01-01 +%s)" ]'
echo b > file && git commit -qam two
stamp
second=$(git rev-parse --short=12 HEAD)
check "a new commit is stamped at the next build" '[ "$(revision)" = "$second" ] && [ "$second" != "$first" ]'
echo c > file
stamp
check "uncommitted changes are marked -dirty" '[ "$(revision)" = "$second-dirty" ]'
rm -rf .git
stamp
check "outside git the revision is unknown" '[ "$(revision)" = "unknown" ]'
exit $failed
