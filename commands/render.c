#include "commands/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "common/utf8.h"

#define ZWSP "\xE2\x80\x8B"
/* Room for what a block adds around its text when it is cut: the Discord
 * line-start escape, list wrappers and separators. */
#define SLACK 16

enum esc { ESC_PLAIN, ESC_MD, ESC_HTML };

enum block_kind { B_TITLE, B_PARA, B_ITEM, B_CITE };

/* Writes the escaped form of one code point to out; returns its length. */
static size_t esc_cp(enum esc e, uint32_t cp, char out[8])
{
	if (cp < 0x20 || cp == 0x7F) {
		out[0] = ' ';
		return 1;
	}
	if (cp == '@') {
		memcpy(out, "@" ZWSP, 4);
		return 4;
	}
	if (e == ESC_MD && cp < 0x80 && strchr("\\*_~`|<>#[]", (int)cp)) {
		out[0] = '\\';
		out[1] = (char)cp;
		return 2;
	}
	if (e == ESC_HTML) {
		const char *ent = NULL;
		switch (cp) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: break;
		}
		if (ent) {
			size_t n = strlen(ent);
			memcpy(out, ent, n);
			return n;
		}
	}
	return utf8_encode(cp, out);
}

/* Discord starts a list at "- ", "+ " or "1. " at the start of a line; a
 * piece of text that starts a line gets those made literal. */
static void md_line_start(struct strbuf *sb, const char *s, size_t n)
{
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		strbuf_putc(sb, '\\');
		return;
	}
	size_t i = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < n && s[i] == '.')
		strbuf_puts(sb, ZWSP);
}

/* True if the ASCII byte c is written as is in mode e. */
static bool plain_byte(enum esc e, unsigned char c)
{
	if (c < 0x20 || c >= 0x7F || c == '@')
		return false;
	switch (c) {
	case '\\': case '*': case '_': case '~': case '`': case '|': case '#':
	case '[': case ']':
		return e != ESC_MD;
	case '<': case '>':
		return e == ESC_PLAIN;
	case '&': case '"': case '\'':
		return e != ESC_HTML;
	default:
		return true;
	}
}

static void escape(struct strbuf *sb, enum esc e, const char *s, size_t n)
{
	if (e == ESC_MD)
		md_line_start(sb, s, n);
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && plain_byte(e, (unsigned char)s[run]))
			run++;
		strbuf_append(sb, s + i, run - i);
		if (run == n)
			break;
		uint32_t cp;
		size_t len = utf8_decode(s + run, n - run, &cp);
		if (len > 1) {
			strbuf_append(sb, s + run, len); /* valid multi-byte: as is */
		} else {
			char buf[8];
			strbuf_append(sb, buf, esc_cp(e, cp, buf));
		}
		i = run + len;
	}
}

size_t render_units(enum render_format fmt, const char *s, size_t n)
{
	if (fmt != RENDER_DISCORD)
		return n;
	size_t units = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			units++;
		if (c >= 0xF0)
			units++; /* a surrogate pair */
	}
	return units;
}

/* ---- one block: prefix + escaped text + suffix, in text and HTML ---- */

struct block {
	enum block_kind kind;
	bool cont;     /* a continuation piece of a cut block */
	size_t number; /* citation number */
};

static void block_text(enum render_format fmt, const struct block *b,
		       const char *s, size_t n, struct strbuf *sb)
{
	bool md = fmt == RENDER_DISCORD;
	enum esc e = md ? ESC_MD : ESC_PLAIN;
	switch (b->kind) {
	case B_TITLE:
		if (md)
			strbuf_puts(sb, "**");
		escape(sb, e, s, n);
		if (md)
			strbuf_puts(sb, "**");
		return;
	case B_PARA:
		escape(sb, e, s, n);
		return;
	case B_ITEM:
		strbuf_puts(sb, b->cont ? "  " : "- ");
		escape(sb, e, s, n);
		return;
	case B_CITE:
		if (md)
			strbuf_puts(sb, "> ");
		if (!b->cont)
			strbuf_printf(sb, "[%zu] ", b->number);
		escape(sb, e, s, n);
		return;
	}
}

static void block_html(const struct block *b, const char *s, size_t n, struct strbuf *sb)
{
	static const char *const open[] = { "<p><strong>", "<p>", "<li>", "<blockquote>" };
	static const char *const close[] = { "</strong></p>", "</p>", "</li>", "</blockquote>" };
	strbuf_puts(sb, open[b->kind]);
	if (b->kind == B_CITE && !b->cont)
		strbuf_printf(sb, "[%zu] ", b->number);
	escape(sb, ESC_HTML, s, n);
	strbuf_puts(sb, close[b->kind]);
}

/* ---- packing blocks into chunks ---- */

struct packer {
	enum render_format fmt;
	size_t limit;
	struct render_output *out;
	struct strbuf text, html;
	size_t text_units;
	int prev_kind;     /* -1: the chunk is empty */
	bool list_open;    /* HTML: inside <ul> */
	struct strbuf tb, hb; /* scratch for one block */
	bool failed;
};

static const char *separator(int prev, enum block_kind kind)
{
	if (prev < 0)
		return "";
	if ((int)kind == prev && (kind == B_ITEM || kind == B_CITE))
		return "\n";
	return "\n\n";
}

static void flush(struct packer *p)
{
	if (p->prev_kind < 0)
		return;
	if (p->list_open)
		strbuf_puts(&p->html, "</ul>");
	struct render_chunk c = { .text = strbuf_steal(&p->text), .html = NULL };
	if (p->fmt == RENDER_MATRIX)
		c.html = strbuf_steal(&p->html);
	struct render_chunk *grown = NULL;
	if (c.text && (p->fmt != RENDER_MATRIX || c.html))
		grown = realloc(p->out->chunks, (p->out->n_chunks + 1) * sizeof *grown);
	if (!grown) {
		free(c.text);
		free(c.html);
		p->failed = true;
	} else {
		grown[p->out->n_chunks++] = c;
		p->out->chunks = grown;
	}
	strbuf_free(&p->text);
	strbuf_free(&p->html);
	p->text_units = 0;
	p->prev_kind = -1;
	p->list_open = false;
}

/* HTML bytes needed to add a block of kind `kind` to the current chunk,
 * including closing an open list and the list's own closing tag. */
static size_t html_need(const struct packer *p, enum block_kind kind, size_t len)
{
	bool item = kind == B_ITEM;
	size_t need = len;
	if (p->list_open && !item)
		need += strlen("</ul>");
	if (!p->list_open && item)
		need += strlen("<ul>");
	if (item)
		need += strlen("</ul>");
	return need;
}

static bool fits(const struct packer *p, enum block_kind kind)
{
	const char *sep = separator(p->prev_kind, kind);
	size_t t = p->text_units + strlen(sep) +
		   render_units(p->fmt, strbuf_str(&p->tb), p->tb.len);
	if (t > p->limit)
		return false;
	if (p->fmt != RENDER_MATRIX)
		return true;
	return p->html.len + html_need(p, kind, p->hb.len) <= p->limit;
}

/* Adds the block rendered in p->tb / p->hb to the current chunk. */
static void add_block(struct packer *p, enum block_kind kind)
{
	if (p->prev_kind >= 0 && !fits(p, kind))
		flush(p);
	const char *sep = separator(p->prev_kind, kind);
	strbuf_puts(&p->text, sep);
	strbuf_append(&p->text, strbuf_str(&p->tb), p->tb.len);
	p->text_units += strlen(sep) + render_units(p->fmt, strbuf_str(&p->tb), p->tb.len);
	if (p->fmt == RENDER_MATRIX) {
		if (p->list_open && kind != B_ITEM) {
			strbuf_puts(&p->html, "</ul>");
			p->list_open = false;
		}
		if (!p->list_open && kind == B_ITEM) {
			strbuf_puts(&p->html, "<ul>");
			p->list_open = true;
		}
		strbuf_append(&p->html, strbuf_str(&p->hb), p->hb.len);
	}
	p->prev_kind = (int)kind;
	if (strbuf_failed(&p->text) || strbuf_failed(&p->html))
		p->failed = true;
}

static void render_piece(struct packer *p, const struct block *b, const char *s, size_t n)
{
	strbuf_truncate(&p->tb, 0);
	strbuf_truncate(&p->hb, 0);
	block_text(p->fmt, b, s, n, &p->tb);
	if (p->fmt == RENDER_MATRIX)
		block_html(b, s, n, &p->hb);
	if (strbuf_failed(&p->tb) || strbuf_failed(&p->hb))
		p->failed = true;
}

/* Units one code point of source text costs in the text and HTML output. */
static void cp_cost(enum render_format fmt, uint32_t cp, size_t *t, size_t *h)
{
	char buf[8];
	size_t n = esc_cp(fmt == RENDER_DISCORD ? ESC_MD : ESC_PLAIN, cp, buf);
	*t = render_units(fmt, buf, n);
	*h = fmt == RENDER_MATRIX ? esc_cp(ESC_HTML, cp, buf) : 0;
}

/* Returns the length of the longest prefix of s[0..n) whose escaped text
 * fits in `tbudget` units and escaped HTML in `hbudget` bytes, preferring to
 * end after a space. At least one code point. */
static size_t cut_point(enum render_format fmt, const char *s, size_t n,
			size_t tbudget, size_t hbudget)
{
	size_t t = 0, h = 0, i = 0, last_space = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		size_t ct, ch;
		cp_cost(fmt, cp, &ct, &ch);
		if (i > 0 && (t + ct > tbudget || h + ch > hbudget))
			return last_space > 0 ? last_space : i;
		t += ct;
		h += ch;
		i += len;
		if (cp == ' ')
			last_space = i;
	}
	return n;
}

/* Renders one piece of reply text as one or more blocks. */
static void add_text(struct packer *p, enum block_kind kind, size_t number, const char *s)
{
	struct block b = { .kind = kind, .number = number };
	size_t n = strlen(s);
	render_piece(p, &b, s, n);
	size_t tlen = render_units(p->fmt, strbuf_str(&p->tb), p->tb.len);
	if (tlen + SLACK <= p->limit && p->hb.len + SLACK <= p->limit) {
		add_block(p, kind);
		return;
	}
	/* Too long for one chunk: cut the source text into pieces that fit
	 * once their block's own markup is counted. */
	render_piece(p, &b, "", 0);
	size_t overhead_t = render_units(p->fmt, strbuf_str(&p->tb), p->tb.len) + SLACK;
	size_t overhead_h = p->hb.len + SLACK;
	size_t tbudget = p->limit - overhead_t;
	size_t hbudget = p->fmt == RENDER_MATRIX ? p->limit - overhead_h : SIZE_MAX;
	while (n > 0 && !p->failed) {
		size_t cut = cut_point(p->fmt, s, n, tbudget, hbudget);
		render_piece(p, &b, s, cut);
		add_block(p, kind);
		s += cut;
		n -= cut;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		b.cont = true;
	}
}

/* True if every citation has the same article and label, so the label can
 * be written once above them. */
static bool shared_label(const struct reply *r)
{
	if (r->n_citations < 2)
		return false;
	const struct reply_citation *c0 = &r->citations[0];
	for (size_t i = 1; i < r->n_citations; i++) {
		const struct reply_citation *c = &r->citations[i];
		if (strcmp(c->label, c0->label) != 0 || strcmp(c->article, c0->article) != 0)
			return false;
	}
	return true;
}

static void add_citations(struct packer *p, const struct reply *r)
{
	bool shared = shared_label(r);
	struct strbuf sb = {0};
	if (shared) {
		strbuf_printf(&sb, "Source: %s", r->citations[0].label);
		add_text(p, B_PARA, 0, strbuf_str(&sb));
	}
	for (size_t i = 0; i < r->n_citations && !p->failed; i++) {
		const struct reply_citation *c = &r->citations[i];
		strbuf_truncate(&sb, 0);
		strbuf_printf(&sb, "\xE2\x80\x9C%s\xE2\x80\x9D \xE2\x80\x94 %s%sp%d.s%d", c->text,
			      shared ? "" : c->label, shared ? "" : ", ", c->paragraph, c->sentence);
		if (strbuf_failed(&sb))
			p->failed = true;
		else
			add_text(p, B_CITE, i + 1, strbuf_str(&sb));
	}
	strbuf_free(&sb);
}

void render_output_free(struct render_output *out)
{
	if (!out)
		return;
	for (size_t i = 0; i < out->n_chunks; i++) {
		free(out->chunks[i].text);
		free(out->chunks[i].html);
	}
	free(out->chunks);
	*out = (struct render_output){0};
}

int render_reply(const struct reply *r, enum render_format fmt, size_t limit,
		 struct render_output *out)
{
	if (limit == 0)
		limit = fmt == RENDER_DISCORD ? RENDER_DISCORD_LIMIT :
			fmt == RENDER_MATRIX ? RENDER_MATRIX_LIMIT : SIZE_MAX / 2;
	if (limit < RENDER_MIN_LIMIT)
		limit = RENDER_MIN_LIMIT;
	struct packer p = { .fmt = fmt, .limit = limit, .out = out, .prev_kind = -1 };
	if (r->title && *r->title)
		add_text(&p, B_TITLE, 0, r->title);
	for (size_t i = 0; i < r->n_paragraphs; i++)
		add_text(&p, B_PARA, 0, r->paragraphs[i]);
	for (size_t i = 0; i < r->n_items; i++)
		add_text(&p, B_ITEM, 0, r->items[i]);
	add_citations(&p, r);
	flush(&p);
	strbuf_free(&p.tb);
	strbuf_free(&p.hb);
	strbuf_free(&p.text);
	strbuf_free(&p.html);
	if (p.failed) {
		render_output_free(out);
		return BB_ENOMEM;
	}
	return 0;
}
