#include "server/store/postgres/pg_url.h"

#include <libpq-fe.h>

#include <charconv>
#include <memory>

namespace refserver {
namespace {

constexpr std::string_view kPoolSizeParam = "pool_size";

// Defaults added when the URL does not set them.
const std::pair<const char*, const char*> kDefaults[] = {
    {"connect_timeout", "10"},
    {"application_name", "refserver"},
};

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Splits the query string off `url`, removes `pool_size=N` from it and
// stores N in `*pool_size` (unchanged when absent). Returns the URL libpq
// should see.
mdbprof::Result<std::string> TakePoolSize(std::string_view url,
                                          int* pool_size) {
  size_t question = url.find('?');
  if (question == std::string_view::npos) return std::string(url);
  std::string kept(url.substr(0, question));
  std::string_view query = url.substr(question + 1);
  std::string rest;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    size_t eq = item.find('=');
    if (item.substr(0, eq) != kPoolSizeParam) {
      if (!item.empty()) rest += (rest.empty() ? "" : "&") + std::string(item);
      continue;
    }
    std::string_view value =
        eq == std::string_view::npos ? "" : item.substr(eq + 1);
    int n = 0;
    auto [end, error] =
        std::from_chars(value.data(), value.data() + value.size(), n);
    if (error != std::errc() || end != value.data() + value.size() || n < 1 ||
        n > kMaxPgPoolSize) {
      return mdbprof::InvalidArgument(
          "pool_size must be an integer from 1 to " +
          std::to_string(kMaxPgPoolSize) + ", got '" + std::string(value) +
          "'");
    }
    *pool_size = n;
  }
  if (!rest.empty()) kept += "?" + rest;
  return kept;
}

}  // namespace

std::string RedactPostgresUrl(std::string_view url) {
  std::string out(url);
  size_t scheme_end = out.find("://");
  if (scheme_end != std::string::npos) {
    size_t start = scheme_end + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) {
        out.replace(colon + 1, at - colon - 1, "***");
      }
    }
  }
  for (size_t pos = out.find("password="); pos != std::string::npos;
       pos = out.find("password=", pos + 1)) {
    if (pos == 0 || (out[pos - 1] != '?' && out[pos - 1] != '&')) continue;
    size_t value = pos + 9;
    size_t end = out.find('&', value);
    if (end == std::string::npos) end = out.size();
    out.replace(value, end - value, "***");
  }
  return out;
}

mdbprof::Result<PgConnectOptions> ParsePostgresUrl(std::string_view url,
                                                   int default_pool_size) {
  const std::string shown = RedactPostgresUrl(url);
  if (!StartsWith(url, "postgres://") && !StartsWith(url, "postgresql://")) {
    return mdbprof::InvalidArgument("'" + shown + "' is not a postgres:// URL");
  }
  PgConnectOptions options;
  options.pool_size = default_pool_size;
  mdbprof::Result<std::string> libpq_url =
      TakePoolSize(url, &options.pool_size);
  if (!libpq_url.ok()) {
    return libpq_url.status().WithContext("database URL '" + shown + "'");
  }
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> parsed(
      PQconninfoParse(libpq_url->c_str(), &error), &PQconninfoFree);
  if (parsed == nullptr) {
    std::string why = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) {
      why.pop_back();
    }
    return mdbprof::InvalidArgument("database URL '" + shown + "': " + why);
  }
  for (const PQconninfoOption* o = parsed.get(); o->keyword != nullptr; ++o) {
    if (o->val != nullptr) options.params.emplace_back(o->keyword, o->val);
  }
  for (const auto& [keyword, value] : kDefaults) {
    bool set = false;
    for (const auto& param : options.params) set |= param.first == keyword;
    if (!set) options.params.emplace_back(keyword, value);
  }
  return options;
}

}  // namespace refserver
