#!/bin/sh
# Starts a student's server the one way every platform template does (Gradescope, GitHub
# Classroom, GitLab CI), as the command charcount-check runs:
#
#   charcount-check [options] -- sh platforms/start-server.sh SUBMISSION_DIR
#
# - start.sh, if the submission has one: any language, it starts the server
#   (for example `exec java Server` or `exec node server.js`);
# - otherwise server.py, with python3 (the assignment's own language).
# A submission uploaded as its folder rather than its files (one folder and nothing else) is
# looked into. With neither file, it says what to add on stderr and exits 1: charcount-check
# then reports "your server exited with code 1 before listening: <that line>" in the
# platform's own format, so a student reads the reason where their grade is.
set -eu

cd "${1:-.}"

if [ ! -f start.sh ] && [ ! -f server.py ]; then
  set --
  for entry in *; do
    # macOS adds __MACOSX to zips it makes; an empty folder leaves the pattern itself.
    [ "$entry" = __MACOSX ] || [ ! -e "$entry" ] || set -- "$@" "$entry"
  done
  if [ "$#" -eq 1 ] && [ -d "$1" ] && { [ -f "$1/start.sh" ] || [ -f "$1/server.py" ]; }; then
    cd "$1"
  fi
fi

# Python's own output, unbuffered, so a student's prints show up as they happen.
export PYTHONUNBUFFERED=1
if [ -f start.sh ]; then exec bash start.sh; fi
if [ -f server.py ]; then exec python3 server.py; fi
echo "no server.py or start.sh at the top of your submission: put your server in server.py (it runs with python3), or add a start.sh that starts it" >&2
exit 1
