// DbUrl: `scheme://rest` split into its parts; the backend interprets `rest`.
//
//   Result<DbUrl> url = ParseDbUrl("sqlite://refserver.db");
//   url->scheme == "sqlite"; url->rest == "refserver.db";
#ifndef REFSERVER_STORE_DB_URL_H_
#define REFSERVER_STORE_DB_URL_H_

#include <string>
#include <string_view>

#include "base/status.h"

namespace refserver {

struct DbUrl {
  std::string text;    // the whole URL
  std::string scheme;  // lowercase, without "://"
  std::string rest;    // everything after "://" (may be empty)
};

// InvalidArgument when `text` has no "scheme://" prefix or the scheme is not
// [a-z][a-z0-9+.-]*.
mdbprof::Result<DbUrl> ParseDbUrl(std::string_view text);

}  // namespace refserver

#endif  // REFSERVER_STORE_DB_URL_H_
