#include "commands/message.h"

const char *platform_name(enum platform p)
{
	switch (p) {
	case PLATFORM_CONSOLE: return "console";
	case PLATFORM_DISCORD: return "discord";
	case PLATFORM_MATRIX: return "matrix";
	case PLATFORM_COUNT: break;
	}
	return "?";
}
