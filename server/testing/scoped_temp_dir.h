// ScopedTempDir: a fresh directory under $TMPDIR (or /tmp) for one test,
// removed with everything in it when the object goes away.
//
//   ScopedTempDir dir;
//   ASSERT_TRUE(dir.ok());
//   std::string db = dir.path() + "/x.db";
#ifndef REFSERVER_TESTING_SCOPED_TEMP_DIR_H_
#define REFSERVER_TESTING_SCOPED_TEMP_DIR_H_

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace refserver::testing {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern =
        std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
        "/refserver-test-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScopedTempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace refserver::testing

#endif  // REFSERVER_TESTING_SCOPED_TEMP_DIR_H_
