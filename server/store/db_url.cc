#include "server/store/db_url.h"

#include <cctype>

namespace refserver {

mdbprof::Result<DbUrl> ParseDbUrl(std::string_view text) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) {
    return mdbprof::InvalidArgument("database URL '" + std::string(text) +
                                    "' is not of the form scheme://...");
  }
  DbUrl url;
  url.text = std::string(text);
  for (size_t i = 0; i < sep; ++i) {
    char c =
        static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    bool ok =
        (c >= 'a' && c <= 'z') ||
        (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-'));
    if (!ok) {
      return mdbprof::InvalidArgument("database URL '" + std::string(text) +
                                      "' has an invalid scheme");
    }
    url.scheme.push_back(c);
  }
  url.rest = std::string(text.substr(sep + 3));
  return url;
}

}  // namespace refserver
