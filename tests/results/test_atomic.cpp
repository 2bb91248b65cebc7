// Writing is atomic: on any failure nothing appears under the final name and the error says why.
#include "sample_dataset.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <csignal>
#include <fstream>

using namespace results_test;

namespace {

// About 8 MB of poorly compressible doubles: far beyond a 64 KiB file-size limit.
r::Dataset large_dataset() {
    r::Dataset ds;
    ds.dims = {{.name = "i", .size = 1 << 20}};
    std::vector<double> v(1 << 20);
    std::uint64_t x = 88172645463325252ULL;
    for (auto& e : v) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        e = static_cast<double>(x) / 3.0;
    }
    ds.variables = {{.name = "noise", .dims = {"i"}, .data = v}};
    return ds;
}

// Child body: write, report the error message; exit 0 only if write() threw ResultsError.
int write_expecting_error(const std::string& path, const r::Dataset& ds, std::ostream& out) {
    try {
        r::write(path, ds, false);
    } catch (const r::ResultsError& e) {
        out << e.what();
        return 0;
    }
    out << "write succeeded";
    return 1;
}

}  // namespace

TEST_CASE("results: an existing file is not overwritten unless asked", "[results]") {
    TempDir dir;
    const auto path = dir.file("out.h5");
    auto ds = sample_dataset();
    r::write(path, ds, false);
    const auto before = file_bytes(path);

    ds.attributes["model"] = std::string("changed");
    CHECK_THROWS_WITH(r::write(path, ds, false),
                      Catch::Contains(path) && Catch::Contains("already exists"));
    CHECK(file_bytes(path) == before);
    CHECK_FALSE(exists(path + ".partial"));

    r::write(path, ds, true);
    CHECK(std::get<std::string>(r::read(path).attributes.at("model")) == "changed");
    CHECK_FALSE(exists(path + ".partial"));
}

TEST_CASE("results: a stale partial file from a crashed run is replaced", "[results]") {
    TempDir dir;
    const auto path = dir.file("out.h5");
    std::ofstream(path + ".partial") << "left over by a killed job";
    r::write(path, sample_dataset(), false);
    CHECK(exists(path));
    CHECK_FALSE(exists(path + ".partial"));
}

TEST_CASE("results: a file-size limit (disk full) leaves no file and a clear error", "[results]") {
    TempDir dir;
    const auto path = dir.file("limited.h5");
    const auto ds = large_dataset();
    const auto limit = [] {
        const rlimit lim{64 * 1024, 64 * 1024};
        return ::setrlimit(RLIMIT_FSIZE, &lim);
    };

    SECTION("with SIGXFSZ ignored, as the detsim program does, write() throws") {
        const auto child = run_in_child([&](std::ostream& out) {
            std::signal(SIGXFSZ, SIG_IGN);
            if (limit() != 0) return 3;
            return write_expecting_error(path, ds, out);
        });
        INFO(child.message);
        REQUIRE(WIFEXITED(child.status));
        CHECK(WEXITSTATUS(child.status) == 0);
        CHECK_THAT(child.message, Catch::Contains(path) && Catch::Contains("File too large"));
        CHECK_FALSE(exists(path));
        CHECK_FALSE(exists(path + ".partial"));
    }
    SECTION("with SIGXFSZ at its default the process dies, but never leaves a file under PATH") {
        const auto child = run_in_child([&](std::ostream& out) {
            std::signal(SIGXFSZ, SIG_DFL);
            if (limit() != 0) return 3;
            return write_expecting_error(path, ds, out);
        });
        INFO(child.message);
        CHECK(WIFSIGNALED(child.status));
        CHECK_FALSE(exists(path));
    }
}

TEST_CASE("results: a read-only directory leaves no file and a clear error", "[results]") {
    TempDir dir;
    const fs::path locked = dir.path() / "locked";
    fs::create_directory(locked);
    fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::others_read |
                                fs::perms::others_exec | fs::perms::group_read | fs::perms::group_exec);
    const auto path = (locked / "out.h5").string();
    // Root ignores permissions, so the child drops to nobody first.
    const auto child = run_in_child([&](std::ostream& out) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) {
            out << "cannot drop root privileges";
            return 4;
        }
        return write_expecting_error(path, sample_dataset(), out);
    });
    INFO(child.message);
    REQUIRE(WIFEXITED(child.status));
    if (WEXITSTATUS(child.status) == 4) {
        WARN("skipped: " << child.message);
        return;
    }
    CHECK(WEXITSTATUS(child.status) == 0);
    CHECK_THAT(child.message, Catch::Contains(path) && Catch::Contains("Permission denied"));
    CHECK_FALSE(exists(path));
    CHECK_FALSE(exists(path + ".partial"));
}

TEST_CASE("results: an unusable target leaves no file and a clear error", "[results]") {
    TempDir dir;
    SECTION("missing directory") {
        const auto path = dir.file("no/such/dir/out.h5");
        CHECK_THROWS_WITH(r::write(path, sample_dataset(), false),
                          Catch::Contains(path) && Catch::Contains("No such file or directory"));
        CHECK_FALSE(exists(path + ".partial"));
    }
    SECTION("the final name is a non-empty directory: the rename fails") {
        const auto path = dir.file("taken");
        fs::create_directories(fs::path(path) / "inside");
        CHECK_THROWS_WITH(r::write(path, sample_dataset(), true),
                          Catch::Contains(path) && Catch::Contains("cannot rename"));
        CHECK(fs::is_directory(fs::path(path) / "inside"));
        CHECK_FALSE(exists(path + ".partial"));
    }
}
