// ISO-8601 UTC timestamps with millisecond precision, the time format of
// every message and namespace record.
//
//   FormatIsoTime(std::chrono::system_clock::now())
//     -> "2024-12-17T01:00:00.123Z"
#ifndef REFSERVER_STORE_ISO_TIME_H_
#define REFSERVER_STORE_ISO_TIME_H_

#include <chrono>
#include <string>

namespace refserver {

// "YYYY-MM-DDTHH:MM:SS.mmmZ" for `t` (truncated to milliseconds).
std::string FormatIsoTime(std::chrono::system_clock::time_point t);

// FormatIsoTime(now).
std::string NowIsoTime();

}  // namespace refserver

#endif  // REFSERVER_STORE_ISO_TIME_H_
