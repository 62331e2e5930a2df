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
# Gradescope's zip has node/ beside this script; elsewhere node is on the PATH.
if [ -x "$here/node/bin/node" ]; then node="$here/node/bin/node"; else node=node; fi
# intake bundled beside this script (as charcount-check.cjs is), or a built clone's dist/.
intake=
for candidate in "$here/charcount-intake.cjs" "$here/../dist/intake/main.js"; do
  if [ -f "$candidate" ]; then intake=$candidate; break; fi
done

if [ -n "$intake" ]; then
  plan=$("$node" "$intake" "${1:-.}") || exit 1
  kind=$(printf '%s\n' "$plan" | sed -n 1p)
  folder=$(printf '%s\n' "$plan" | sed -n 2p)
  file=$(printf '%s\n' "$plan" | sed -n 3p)
else
  # A package made without intake: the platforms' rule before it, start.sh then server.py, at
  # the top or inside the one folder uploaded (a submission uploaded as its folder).
  folder=${1:-.}
  if [ ! -f "$folder/start.sh" ] && [ ! -f "$folder/server.py" ]; then
    set --
    for entry in "$folder"/*; do
      # macOS adds __MACOSX to zips it makes; an empty folder leaves the pattern itself.
      [ "$(basename "$entry")" = __MACOSX ] || [ ! -e "$entry" ] || set -- "$@" "$entry"
    done
    if [ "$#" -eq 1 ] && [ -d "$1" ] && { [ -f "$1/start.sh" ] || [ -f "$1/server.py" ]; }; then folder=$1; fi
  fi
  if [ -f "$folder/start.sh" ]; then kind=start.sh file=start.sh
  elif [ -f "$folder/server.py" ]; then kind=python file=server.py
  else
    echo "no server.py or start.sh at the top of your submission: put your server in server.py (it runs with python3), or add a start.sh that starts it" >&2
    exit 1
  fi
fi

cd "$folder"
# Python's own output, unbuffered, so a student's prints show up as they happen.
export PYTHONUNBUFFERED=1
case "$kind" in
  start.sh) exec bash "$file" ;;
  node) exec "$node" "$file" ;;
  *) exec python3 "$file" ;;
esac
