"""The briefbot command line, end to end: `kb check` on the shipped
knowledge base and on corrupted copies of it, `ask` and `console` on bad
input, `ask --json` output, and usage errors.

usage: test_cli.py BRIEFBOT KNOWLEDGE_DIR

Every case runs the real binary in a subprocess and checks the exit status,
that the message says what went wrong, and that nothing crashed (a crash
shows as a negative status: killed by a signal)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

BRIEFBOT = None
KNOWLEDGE = None
FACTS = "facts/sochi-2021.json"
BIG = 100 * 1024


def run(*args, stdin=None):
    """Runs briefbot with args (str or bytes); returns the CompletedProcess
    with stdout and stderr as bytes."""
    proc = subprocess.run([BRIEFBOT, *args], input=stdin, capture_output=True,
                          timeout=60)
    if proc.returncode < 0:
        raise AssertionError("briefbot %r was killed by signal %d:\n%s" % (
            args, -proc.returncode, proc.stderr.decode(errors="replace")))
    return proc


def text(proc):
    return (proc.stdout + proc.stderr).decode("utf-8", errors="replace")


class KnowledgeCopy:
    """A scratch copy of the shipped knowledge directory."""

    def __enter__(self):
        self.tmp = tempfile.mkdtemp(prefix="briefbot-cli-")
        self.dir = os.path.join(self.tmp, "knowledge")
        shutil.copytree(KNOWLEDGE, self.dir)
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp)

    def path(self, rel):
        return os.path.join(self.dir, rel)


class KbCheck(unittest.TestCase):
    def test_shipped_knowledge_passes(self):
        proc = run("kb", "check", KNOWLEDGE)
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("ok", proc.stdout.decode())
        self.assertIn("1 article(s) (1 curated)", proc.stdout.decode())
        self.assertEqual(proc.stderr, b"")

    def test_default_dir_passes(self):
        proc = run("kb", "check")
        self.assertEqual(proc.returncode, 0, text(proc))

    def test_quote_not_in_article_fails_naming_the_fact(self):
        with KnowledgeCopy() as k:
            with open(k.path(FACTS), encoding="utf-8") as f:
                facts = json.load(f)
            rel = facts["relations"][1]
            rel["quote"] = rel["quote"] + " and nobody else"
            with open(k.path(FACTS), "w", encoding="utf-8") as f:
                json.dump(facts, f, ensure_ascii=False, indent=1)
            proc = run("kb", "check", k.dir)
            out = text(proc)
            self.assertEqual(proc.returncode, 1, out)
            label = "relation 2 (%s %s %s)" % (rel["subject"], rel["predicate"],
                                               rel["object"])
            self.assertIn("facts/sochi-2021.json: " + label + ": quote not found", out)
            self.assertIn("and nobody else", out)
            self.assertIn("FAILED", out)
            # Only that fact is reported.
            self.assertEqual(out.count("quote not found"), 1, out)

    def test_malformed_json_fails_with_line(self):
        with KnowledgeCopy() as k:
            with open(k.path(FACTS), encoding="utf-8") as f:
                lines = f.read().split("\n")
            lines[9] += " @@"  # line 10
            with open(k.path(FACTS), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            proc = run("kb", "check", k.dir)
            out = text(proc)
            self.assertEqual(proc.returncode, 1, out)
            self.assertIn("facts/sochi-2021.json:10: not a valid JSON object", out)

    def test_article_edited_under_a_fact_fails(self):
        # Someone rewords the article: the facts quoting it must fail.
        with KnowledgeCopy() as k:
            art = k.path("articles/sochi-2021.txt")
            with open(art, encoding="utf-8") as f:
                body = f.read()
            self.assertIn("thanks to the US' help", body)
            with open(art, "w", encoding="utf-8") as f:
                f.write(body.replace("thanks to the US' help", "with American help"))
            proc = run("kb", "check", k.dir)
            self.assertEqual(proc.returncode, 1, text(proc))
            self.assertIn("(us backs ypg): quote not found", text(proc))

    def test_missing_dir_and_usage(self):
        proc = run("kb", "check", "/nonexistent/knowledge")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("/nonexistent/knowledge: not a knowledge directory", text(proc))
        self.assertEqual(run("kb", "check", "a", "b").returncode, 2)
        self.assertEqual(run("kb", "frob").returncode, 2)
        self.assertEqual(run("kb").returncode, 2)


class AskBadInput(unittest.TestCase):
    def assert_bad(self, question, message):
        proc = run("ask", question)
        self.assertEqual(proc.returncode, 1, text(proc))
        self.assertIn(message, text(proc))
        # The same through --json: one object, not found, no citations.
        proc = run("ask", "--json", question)
        self.assertEqual(proc.returncode, 0, text(proc))
        obj = json.loads(proc.stdout)
        self.assertFalse(obj["found"])
        self.assertIn(message, obj["answer"])
        self.assertEqual(obj["citations"], [])

    def test_empty(self):
        self.assert_bad("", "Ask me a question")

    def test_blank(self):
        self.assert_bad("   ", "Ask me a question")

    def test_only_punctuation(self):
        self.assert_bad("?!?!", "I need some words")

    def test_100_kb_question(self):
        self.assert_bad("who backs the YPG? " * (BIG // 19), "too long")

    def test_invalid_utf8(self):
        self.assert_bad(b"who backs the \xff\xfe YPG?", "not valid UTF-8")
        self.assert_bad(b"\xc3", "not valid UTF-8")

    def test_missing_knowledge_dir(self):
        proc = run("ask", "--knowledge", "/nonexistent", "who backs the YPG?")
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot load the knowledge base", text(proc))
        self.assertIn("/nonexistent: not a knowledge directory", text(proc))
        self.assertEqual(proc.stdout, b"")

    def test_unreadable_knowledge_dir(self):
        # The tests may run as root, for whom chmod 000 changes nothing:
        # make the directory unreadable by structure instead (articles/ a
        # file, then an article that is a folder).
        with KnowledgeCopy() as k:
            shutil.rmtree(k.path("articles"))
            with open(k.path("articles"), "w") as f:
                f.write("not a folder\n")
            proc = run("ask", "--knowledge", k.dir, "who backs the YPG?")
            self.assertEqual(proc.returncode, 1)
            self.assertIn("cannot open the articles folder: Not a directory", text(proc))
            os.remove(k.path("articles"))
            os.makedirs(k.path("articles/sochi-2021.txt"))
            proc = run("ask", "--knowledge", k.dir, "who backs the YPG?")
            self.assertEqual(proc.returncode, 1)
            self.assertIn("articles/sochi-2021.txt: not a regular file", text(proc))


class AskJson(unittest.TestCase):
    def ask_json(self, question):
        proc = run("ask", "--json", question)
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertEqual(proc.stderr, b"")
        out = proc.stdout.decode("utf-8")
        # Exactly one JSON object on one line; json.loads rejects
        # anything after it.
        self.assertTrue(out.endswith("\n"))
        self.assertEqual(out.count("\n"), 1)
        obj = json.loads(out)
        self.assertIsInstance(obj, dict)
        self.assertEqual(set(obj), {"found", "answer", "citations"})
        self.assertIsInstance(obj["found"], bool)
        self.assertIsInstance(obj["answer"], str)
        self.assertIsInstance(obj["citations"], list)
        for c in obj["citations"]:
            self.assertEqual(set(c), {"article", "paragraph", "sentence", "text"})
            self.assertIsInstance(c["article"], str)
            self.assertIsInstance(c["paragraph"], int)
            self.assertIsInstance(c["sentence"], int)
            self.assertIsInstance(c["text"], str)
            self.assertGreaterEqual(c["paragraph"], 1)
            self.assertGreaterEqual(c["sentence"], 1)
        return obj

    def test_found(self):
        obj = self.ask_json("who backs the YPG?")
        self.assertTrue(obj["found"])
        self.assertIn("United States", obj["answer"])
        self.assertGreaterEqual(len(obj["citations"]), 1)
        c = obj["citations"][0]
        self.assertEqual(c["article"], "sochi-2021")
        with open(os.path.join(KNOWLEDGE, "articles/sochi-2021.txt"), encoding="utf-8") as f:
            self.assertIn(c["text"], " ".join(f.read().split()))

    def test_refused(self):
        obj = self.ask_json("what is the capital of Australia?")
        self.assertFalse(obj["found"])
        self.assertEqual(obj["citations"], [])
        self.assertIn("don't know", obj["answer"])

    def test_words_after_options_are_the_question(self):
        obj = self.ask_json("who backs the YPG?")
        proc = run("ask", "--json", "who", "backs", "the", "YPG?")
        self.assertEqual(json.loads(proc.stdout), obj)

    def test_text_mode_cites(self):
        proc = run("ask", "who backs the YPG?")
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("[sochi-2021 p", proc.stdout.decode())


class Console(unittest.TestCase):
    def test_dev_null(self):
        with open(os.devnull, "rb") as null:
            proc = subprocess.run([BRIEFBOT, "console"], stdin=null, capture_output=True,
                                  timeout=60)
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertEqual(proc.stdout, b"")

    LINES = [
        b"hey all, anyone read the Sochi piece",
        b"!ping",
        b"who backs the YPG?",
        b"who backs the YPG? " * (BIG // 19),
        b"\xff\xfe\xc3 broken bytes?",
        b"",
        b"!ask ?!?!",
        b"!backs Russia",
        b"!whois Turkey",
        b"!help",
        b"what is at stake in Idlib?",
    ]

    def test_mixed_lines(self):
        # Without cooldowns (set in a config file), every line is handled.
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as conf:
            conf.write("[general]\ncooldown_user_per_min = 0\ncooldown_room_per_min = 0\n")
            conf.flush()
            proc = run("console", "--config", conf.name,
                       stdin=b"\n".join(self.LINES))  # no final newline
        out = proc.stdout.decode("utf-8")   # the replies are valid UTF-8
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("pong", out)
        self.assertIn("United States", out)       # the question was answered
        self.assertIn("too long", out)            # the 100 KB line
        self.assertIn("not valid UTF-8", out)     # the broken bytes
        self.assertIn("I need some words", out)   # the punctuation
        self.assertIn("- Russia backs", out)
        self.assertIn("Also called: Ankara", out)
        self.assertIn("!ask QUESTION", out)       # the help
        self.assertIn("At stake in Idlib", out)   # the last line, with no newline

    def test_mixed_lines_default_config(self):
        # With the default configuration (cooldowns may cut a burst short).
        proc = run("console", stdin=b"\n".join(self.LINES) + b"\n")
        out = proc.stdout.decode("utf-8")
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("United States", out)


class RunConsole(unittest.TestCase):
    """`briefbot run --console`: the console on the bot's loop, with the
    watched knowledge directory and !add against a local news site
    (tests/doubles/page_server.py on 127.0.0.1)."""

    @classmethod
    def setUpClass(cls):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "doubles",
                              "page_server.py")
        cls.site = subprocess.Popen(["/usr/bin/python3", script], stdout=subprocess.PIPE)
        cls.port = json.loads(cls.site.stdout.readline())["port"]

    @classmethod
    def tearDownClass(cls):
        cls.site.terminate()
        cls.site.wait(10)
        cls.site.stdout.close()

    def run_console(self, lines, allow_private):
        with KnowledgeCopy() as k:
            conf = os.path.join(k.tmp, "bot.conf")
            with open(conf, "w") as f:
                f.write("[general]\ndatabase = %s/bot.db\n[ingest]\nallow_private = %s\n"
                        % (k.tmp, "true" if allow_private else "false"))
            proc = run("run", "--console", "--config", conf, "--knowledge", k.dir,
                       stdin=b"".join(line.encode() + b"\n" for line in lines))
            articles = sorted(os.listdir(os.path.join(k.dir, "articles")))
        return proc, articles

    def test_add_waits_for_the_page_at_end_of_input(self):
        url = "http://127.0.0.1:%d/story" % self.port
        proc, articles = self.run_console(["!ping", "!add " + url], allow_private=True)
        out = proc.stdout.decode("utf-8")
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("pong", out)
        self.assertIn("Fetching %s" % url, out)
        self.assertIn("Added as article valdoria-and-mirenta-sign-river-accord-at-port: "
                      "5 sentences (Daily Meridian, 2026-11-03).", out)
        self.assertIn("- Mirenta backs Kessel Authority [1]", out)
        self.assertIn("valdoria-and-mirenta-sign-river-accord-at-port.txt", articles)

    def test_private_address_refused_without_allow_private(self):
        url = "http://localhost:%d/story" % self.port
        proc, articles = self.run_console(["!add " + url], allow_private=False)
        out = proc.stdout.decode("utf-8")
        self.assertEqual(proc.returncode, 0, text(proc))
        self.assertIn("Could not add %s: refused to connect to" % url, out)
        self.assertIn("a loopback address", out)
        self.assertEqual(articles, ["sochi-2021.txt"])

    def test_file_and_dev_null_input(self):
        with open(os.devnull, "rb") as null, KnowledgeCopy() as k:
            conf = os.path.join(k.tmp, "bot.conf")
            with open(conf, "w") as f:
                f.write("[general]\ndatabase = %s/bot.db\n" % k.tmp)
            proc = subprocess.run([BRIEFBOT, "run", "--console", "--config", conf],
                                  stdin=null, capture_output=True, timeout=60)
            self.assertEqual(proc.returncode, 0, text(proc))
            self.assertEqual(proc.stdout, b"")
            lines = os.path.join(k.tmp, "lines.txt")
            with open(lines, "wb") as f:
                f.write(b"!ping\nwho backs the YPG?")
            with open(lines, "rb") as f:
                proc = subprocess.run([BRIEFBOT, "run", "--console", "--config", conf],
                                      stdin=f, capture_output=True, timeout=60)
            self.assertEqual(proc.returncode, 0, text(proc))
            self.assertIn(b"pong", proc.stdout)
            self.assertIn(b"United States", proc.stdout)


class CheckConfigParity(unittest.TestCase):
    """check-config reports everything `run` refuses, in the same words:
    both call one function (host_check_run)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="briefbot-cli-")
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("DISCORD_TOKEN", "MATRIX_PASSWORD", "MATRIX_ACCESS_TOKEN")}

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def conf(self, body, database=None, knowledge=None):
        path = os.path.join(self.tmp, "bot.conf")
        with open(path, "w") as f:
            f.write("[general]\ndatabase = %s\nknowledge_dir = %s\n%s" % (
                database or self.tmp + "/bot.db", knowledge or KNOWLEDGE, body))
        return path

    def both(self, path):
        check = subprocess.run([BRIEFBOT, "check-config", path], capture_output=True,
                               timeout=60, env=self.env)
        # api_base on a closed port: a config run accepts would start
        # connecting, so the run is stopped after 2 s either way.
        try:
            runp = subprocess.run([BRIEFBOT, "run", "--config", path], capture_output=True,
                                  timeout=2, env=self.env)
            run_rc, run_err = runp.returncode, runp.stderr.decode()
        except subprocess.TimeoutExpired:
            run_rc, run_err = None, ""
        return check, run_rc, run_err

    def assert_refused_alike(self, body, message, **conf):
        check, run_rc, run_err = self.both(self.conf(body, **conf))
        self.assertEqual(run_rc, 1, run_err)
        self.assertIn(message, run_err)
        self.assertEqual(check.returncode, 1, text(check))
        self.assertNotIn(b": ok", check.stdout)
        self.assertIn(message, check.stderr.decode())
        # Every reason run gives, check-config gives.
        for line in run_err.splitlines():
            if line == "briefbot: cannot start:":
                continue
            self.assertIn(line, check.stderr.decode())
        # ...once each (a warning is not printed twice).
        lines = check.stderr.decode().splitlines()
        self.assertEqual(len(lines), len(set(lines)), lines)

    def test_enabled_without_token(self):
        self.assert_refused_alike("[discord]\nenabled = true\n", "has no token")

    def test_no_platform(self):
        self.assert_refused_alike("", "no platform is enabled")

    def test_broken_knowledge_dir(self):
        empty = os.path.join(self.tmp, "empty")
        os.mkdir(empty)
        self.assert_refused_alike(
            "[discord]\nenabled = true\ntoken = abc\n",
            "the knowledge base fails its check", knowledge=empty)

    def test_database_folder_missing(self):
        self.assert_refused_alike(
            "[discord]\nenabled = true\ntoken = abc\n", "No such file or directory",
            database=self.tmp + "/no/such/bot.db")

    def test_good_config_is_ok(self):
        path = self.conf("[discord]\nenabled = true\ntoken = abc\n"
                         "api_base = http://127.0.0.1:9/api/v10\n")
        check, run_rc, run_err = self.both(path)
        self.assertEqual(check.returncode, 0, text(check))
        self.assertIn(b": ok", check.stdout)
        self.assertIsNone(run_rc, run_err)


class Usage(unittest.TestCase):
    def assert_usage(self, *args, message):
        proc = run(*args)
        self.assertEqual(proc.returncode, 2, text(proc))
        self.assertIn(message, proc.stderr.decode())
        self.assertIn("briefbot --help", proc.stderr.decode())

    def test_usage_errors(self):
        self.assert_usage(message="missing COMMAND")
        self.assert_usage("frobnicate", message="unknown command 'frobnicate'")
        self.assert_usage("ask", message="missing QUESTION")
        self.assert_usage("ask", "--json", message="missing QUESTION")
        self.assert_usage("ask", "--bogus", "x", message="unknown option: --bogus")
        self.assert_usage("ask", "--knowledge", message="option needs a value: --knowledge")
        self.assert_usage("console", "extra", message="unexpected argument: extra")
        self.assert_usage("console", "--json", message="--json is only for 'ask'")
        self.assert_usage("kb", "extract", message="exactly one article FILE")

    def test_help_and_version(self):
        proc = run("--help")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("ask", proc.stdout.decode())
        proc = run("--version")
        self.assertEqual(proc.returncode, 0)
        self.assertTrue(proc.stdout.startswith(b"briefbot "))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: test_cli.py BRIEFBOT KNOWLEDGE_DIR")
    BRIEFBOT = os.path.abspath(sys.argv[1])
    KNOWLEDGE = os.path.abspath(sys.argv[2])
    # meson ends a test that runs over its time with SIGTERM: leave through
    # the context managers, so the scratch copies are removed
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    unittest.main(argv=[sys.argv[0], "-v"] + sys.argv[3:])
