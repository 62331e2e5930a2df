#!/bin/sh
# Starts a student's server the one way every platform template does (Gradescope, GitHub
# Classroom, GitLab CI), as the command charcount-check runs:
#
#   charcount-check [options] -- sh platforms/start-server.sh SUBMISSION_DIR
#
# Which file starts the server is intake's choice (dist/intake/main.js), the one that
# charcount-check --submission and charcount-grade make, so a student, the grader and the
# platform agree: start.sh if the submission has one (any language: `exec java Server`), then
# charcount-entry.txt, server.py, else the one file that starts a TCP server (Python, a
# notebook's code cells, Node), whatever its name, in whatever folder it was packed in. With
# nothing to run, that choice says what to do on stderr and this exits 1: charcount-check
# then reports "your server exited with code 1 before listening: <that line>" in the
# platform's own format, so a student reads the reason where their grade is.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# The Gradescope zip holds node/ and charcount/ beside this script; a clone has dist/ one up.
if [ -x "$here/node/bin/node" ]; then node="$here/node/bin/node"; else node=node; fi
if [ -f "$here/charcount/dist/intake/main.js" ]; then intake="$here/charcount/dist/intake/main.js"; else intake="$here/../dist/intake/main.js"; fi

plan=$("$node" "$intake" "${1:-.}") || exit 1
kind=$(printf '%s\n' "$plan" | sed -n 1p)
folder=$(printf '%s\n' "$plan" | sed -n 2p)
file=$(printf '%s\n' "$plan" | sed -n 3p)

cd "$folder"
# Python's own output, unbuffered, so a student's prints show up as they happen.
export PYTHONUNBUFFERED=1
case "$kind" in
  start.sh) exec bash "$file" ;;
  node) exec "$node" "$file" ;;
  *) exec python3 "$file" ;;
esac
