#include "common/error.h"

const char *bb_strerror(int err)
{
	switch ((enum bb_err)err) {
	case BB_OK: return "success";
	case BB_ENOMEM: return "out of memory";
	case BB_EINVAL: return "invalid argument";
	case BB_EIO: return "input/output error";
	case BB_EPARSE: return "malformed data";
	case BB_ENOTFOUND: return "not found";
	case BB_ETOOBIG: return "too large";
	case BB_EUTF8: return "invalid UTF-8";
	case BB_ENET: return "network error";
	case BB_EPROTO: return "protocol error";
	case BB_EAUTH: return "authentication failed";
	case BB_ELIMIT: return "rate limited";
	case BB_EPERM: return "permission denied";
	case BB_ECHECK: return "knowledge base check failed";
	case BB_EEXIST: return "already exists";
	case BB_EGONE: return "cannot post there any more";
	}
	return "unknown error";
}
