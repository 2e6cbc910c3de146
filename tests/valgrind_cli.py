"""briefbot under valgrind: `ask` and `console` must run with no memory
error and no leak (valgrind --leak-check=full --error-exitcode=1).

usage: valgrind_cli.py BRIEFBOT [--skip REASON]

Exits 77 (meson's "skipped") when valgrind is not installed, or with
--skip (a sanitizer build: valgrind cannot run those binaries)."""

import shutil
import subprocess
import sys

# --vgdb=no: no gdbserver pipes in /tmp (valgrind leaves them when it is killed)
VALGRIND = ["valgrind", "--vgdb=no", "--leak-check=full", "--error-exitcode=1", "--quiet"]

CONSOLE_LINES = b"\n".join([
    b"who backs the YPG?",
    b"!backs Russia",
    b"!whois Turkey",
    b"hello there",
    b"\xff\xfe broken",
    b"what is at stake in Idlib?",
    b"!digest",
]) + b"\n"


def check(name, args, stdin=b""):
    proc = subprocess.run(VALGRIND + args, input=stdin, capture_output=True, timeout=300)
    print("%s: exit %d" % (name, proc.returncode))
    if proc.returncode != 0:
        sys.stdout.write(proc.stderr.decode(errors="replace"))
    return proc.returncode == 0


def main():
    if len(sys.argv) == 4 and sys.argv[2] == "--skip":
        print("skipped: " + sys.argv[3])
        return 77
    if len(sys.argv) != 2:
        sys.exit("usage: valgrind_cli.py BRIEFBOT [--skip REASON]")
    if not shutil.which("valgrind"):
        print("valgrind not installed: skipped")
        return 77
    briefbot = sys.argv[1]
    ok = check("ask", [briefbot, "ask", "who backs the YPG?"])
    ok &= check("ask --json", [briefbot, "ask", "--json", "what is at stake in Idlib?"])
    ok &= check("console", [briefbot, "console"], CONSOLE_LINES)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
