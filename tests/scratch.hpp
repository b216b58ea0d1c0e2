// The folder a test program writes its files in: <tmp>/memo-tests-<pid>. One per process, so
// two test runs at once (make test beside make sanitize, or in two clones) never write into,
// or remove, each other's files; a shared /tmp/memo-tests made a checkpoint test fail that way.
// Removed when the program exits normally.
#pragma once
#include <filesystem>
#include <string>
#include <unistd.h>

namespace memo::testing {

inline const std::filesystem::path& scratch_root() {
  struct Root {
    std::filesystem::path path;
    ~Root() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  };
  static const Root root = [] {
    Root made{std::filesystem::temp_directory_path() / ("memo-tests-" + std::to_string(getpid()))};
    std::filesystem::create_directories(made.path);
    return made;
  }();
  return root.path;
}

}  // namespace memo::testing
