#pragma once
// Helpers for the results-file tests: temporary directories, file bytes, forked children.
#include "io/results_file.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>

namespace results_test {

namespace fs = std::filesystem;

// A fresh directory, removed (with everything in it) at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "detsim-results-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
        for (const auto& entry : fs::recursive_directory_iterator(path_, ec))
            if (entry.is_directory(ec)) fs::permissions(entry.path(), fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

inline std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

struct ChildResult {
    int status = 0;       // as from waitpid
    std::string message;  // what the child wrote to its pipe
};

// Runs `body` in a forked child (so limits and identities stay there); the child's return
// value is its exit status and what it writes to `out` comes back as the message.
inline ChildResult run_in_child(const std::function<int(std::ostream& out)>& body) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::close(fds[0]);
        std::ostringstream out;
        int rc = 99;
        try {
            rc = body(out);
        } catch (const std::exception& e) {
            out << "unexpected exception: " << e.what();
        }
        const std::string text = out.str();
        [[maybe_unused]] const auto n = ::write(fds[1], text.data(), text.size());
        ::_exit(rc);  // skip atexit handlers (HDF5's) and Catch2's shutdown
    }
    ::close(fds[1]);
    ChildResult result;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) result.message.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    ::waitpid(pid, &result.status, 0);
    return result;
}

}  // namespace results_test
