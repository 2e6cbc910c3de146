/* A real TLS server for tests: tests/tls_server.py (aiohttp), run as a
 * child process on 127.0.0.1, with the test certificate for "localhost"
 * in tests/data (signed by tests/data/ws-test-ca.pem). It serves a
 * websocket echo at / and GET /hello. */
#ifndef TESTS_TLS_SERVER_H
#define TESTS_TLS_SERVER_H

struct tls_server;

/* Starts the server; tests_dir is the tests/ folder. Returns NULL (after
 * saying why on stderr) when it cannot start. Free with tls_server_stop. */
struct tls_server *tls_server_start(const char *tests_dir);

/* The port it listens on. */
int tls_server_port(const struct tls_server *t);

/* The CA file that signed its certificate, to trust in a client. */
const char *tls_server_ca_file(const struct tls_server *t);

/* Stops the server and waits for it to exit. NULL-safe. */
void tls_server_stop(struct tls_server *t);

/* cmocka group fixtures: one server for a group of tests, in *state (each
 * test's setup finds it there). The tests folder is $BB_TESTS_DIR, which
 * tests/meson.build sets, else "tests". */
int tls_server_group_setup(void **state);
int tls_server_group_teardown(void **state);

#endif
