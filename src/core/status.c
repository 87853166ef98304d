/* status.c - one message per status code, from a table (as libsndfile and eSpeak NG do). */
#include "vnreader.h"

static const char *const messages[] = {
    [VNR_OK] = "success",
    [VNR_ERR_NOMEM] = "out of memory",
    [VNR_ERR_IO] = "input/output error",
    [VNR_ERR_UTF8] = "invalid UTF-8",
    [VNR_ERR_BINARY] = "binary data (NUL bytes), not text",
    [VNR_ERR_PARSE] = "malformed line",
    [VNR_ERR_NOT_FOUND] = "not found",
    [VNR_ERR_ENGINE] = "speech engine (eSpeak NG) error",
    [VNR_ERR_AUDIO] = "audio device error",
    [VNR_ERR_NO_DEVICE] = "no sound device",
    [VNR_ERR_FORMAT] = "unsupported audio format",
    [VNR_ERR_INVALID] = "invalid argument",
    [VNR_ERR_STOPPED] = "stopped",
    [VNR_ERR_IS_DIR] = "is a directory",
    [VNR_ERR_EMPTY] = "no text found",
    [VNR_ERR_NETWORK] = "network error",
    [VNR_ERR_DOCUMENT] = "broken or unsupported document",
};

const char *vnr_status_message(vnr_status status)
{
    if ((unsigned)status < sizeof messages / sizeof messages[0] && messages[status])
        return messages[status];
    return "unknown error";
}
