#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, or explain and fail.
# Order: $PYTHON, python3.13, python3.12, python3, then pyenv's installed versions.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    path=$(command -v "$candidate" 2>/dev/null) || continue
    if ok "$path"; then echo "$path"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for dir in $(ls -d "$root"/versions/3.1[2-9]* 2>/dev/null | sort -rV); do
    if ok "$dir/bin/python3"; then echo "$dir/bin/python3"; exit 0; fi
done
echo "Telka needs Python 3.12 or newer (Django 6.1 does not run on older versions)." >&2
echo "Install one (e.g. 'pyenv install 3.13' or your system's python3.12 package)," >&2
echo "or point to it: make run PYTHON=/path/to/python3.12" >&2
exit 1
