// Leveled logging to stderr for the reference server: one line per call,
// "2024-12-17T01:00:00.123Z INFO message", written with a single write(2) so
// lines from different threads never interleave.
//
//   SetLogLevel(LogLevel::kWarn);
//   if (LogEnabled(LogLevel::kDebug)) Log(LogLevel::kDebug, Describe(req));
//   Log(LogLevel::kError, "cannot open store: " + status.message());
//
// Threading: all functions are safe from any thread (not from signal
// handlers).
#ifndef REFSERVER_API_LOG_H_
#define REFSERVER_API_LOG_H_

#include <string_view>

#include "base/status.h"

namespace refserver {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// "debug", "info", "warn" (or "warning"), "error".
mdbprof::Result<LogLevel> ParseLogLevel(std::string_view text);
std::string_view LogLevelName(LogLevel level);

void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
// Writes the line when `level` is enabled.
void Log(LogLevel level, std::string_view message);

}  // namespace refserver

#endif  // REFSERVER_API_LOG_H_
