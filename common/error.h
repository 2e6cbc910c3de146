/* One error space for the whole program: 0 is success, negative values are
 * errors. Constructors return NULL on failure instead. */
#ifndef BB_ERROR_H
#define BB_ERROR_H

enum bb_err {
	BB_OK = 0,
	BB_ENOMEM = -1,    /* out of memory */
	BB_EINVAL = -2,    /* invalid argument or input */
	BB_EIO = -3,       /* file or device error (see errno) */
	BB_EPARSE = -4,    /* malformed data (JSON, config, article) */
	BB_ENOTFOUND = -5, /* no such item */
	BB_ETOOBIG = -6,   /* input over a size limit */
	BB_EUTF8 = -7,     /* text is not valid UTF-8 */
	BB_ENET = -8,      /* network error, worth retrying */
	BB_EPROTO = -9,    /* the peer broke the protocol */
	BB_EAUTH = -10,    /* credentials refused: retrying will not help */
	BB_ELIMIT = -11,   /* rate limited */
	BB_EPERM = -12,    /* not allowed */
	BB_ECHECK = -13,   /* knowledge base failed validation */
	BB_EEXIST = -14,   /* already exists */
	BB_EGONE = -15,    /* the place is gone or closed to us (a deleted channel,
	                    * a room we left): retrying will not help */
};

/* Returns a static, human-readable description of `err`. */
const char *bb_strerror(int err);

#endif
