// write -> read gives the same Dataset; writes are byte-for-byte reproducible.
#include "sample_dataset.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>

using namespace results_test;

namespace {

// read() fills in every dimension's size.
r::Dataset with_sizes(r::Dataset ds) {
    for (auto& d : ds.dims) d.size = r::length(d);
    return ds;
}

// Data equal bit for bit, so NaN equals NaN.
bool same_data(const r::Data& a, const r::Data& b) {
    const auto* x = std::get_if<std::vector<double>>(&a);
    const auto* y = std::get_if<std::vector<double>>(&b);
    if (x == nullptr || y == nullptr) return a == b;
    if (x->size() != y->size()) return false;
    for (std::size_t i = 0; i < x->size(); ++i)
        if (std::bit_cast<std::uint64_t>((*x)[i]) != std::bit_cast<std::uint64_t>((*y)[i])) return false;
    return true;
}

void require_same(const r::Dataset& expected, const r::Dataset& actual) {
    REQUIRE(actual.dims.size() == expected.dims.size());
    for (std::size_t i = 0; i < expected.dims.size(); ++i) {
        INFO("dimension " << expected.dims[i].name);
        CHECK(actual.dims[i] == expected.dims[i]);
    }
    REQUIRE(actual.variables.size() == expected.variables.size());
    for (std::size_t i = 0; i < expected.variables.size(); ++i) {
        const auto& e = expected.variables[i];
        const auto& a = actual.variables[i];
        INFO("variable " << e.name);
        CHECK(a.name == e.name);
        CHECK(a.dims == e.dims);
        CHECK(a.units == e.units);
        CHECK(a.long_name == e.long_name);
        CHECK(a.attributes == e.attributes);
        CHECK(a.data.index() == e.data.index());
        CHECK(same_data(a.data, e.data));
    }
    CHECK(actual.attributes == expected.attributes);
}

}  // namespace

TEST_CASE("results: write then read returns every type, dimension, label and attribute", "[results]") {
    TempDir dir;
    const auto ds = sample_dataset();
    const auto path = dir.file("sample.h5");
    r::write(path, ds, false);
    CHECK_FALSE(exists(path + ".partial"));
    const auto back = r::read(path);
    require_same(with_sizes(ds), back);

    SECTION("coordinate kinds survive") {
        REQUIRE(back.find_dimension("outcome") != nullptr);
        CHECK(back.find_dimension("outcome")->labels.at(4) == "NUC");
        CHECK(back.find_dimension("draw")->values.empty());
        CHECK(back.find_dimension("draw")->labels.empty());
        CHECK(back.find_dimension("draw")->size == 4);
        CHECK(back.find_dimension("empty")->size == 0);
        CHECK(back.find_variable("missing") == nullptr);
    }
    SECTION("NaN and netCDF's default fill value are stored as they are") {
        const auto& p = std::get<std::vector<double>>(back.find_variable("probability")->data);
        CHECK(std::isnan(p.front()));
        CHECK(p.back() == kNetcdfFill);
    }
    SECTION("64-bit integers stay exact") {
        const auto& games = std::get<std::vector<std::uint64_t>>(back.find_variable("games")->data);
        CHECK(games.back() == std::numeric_limits<std::uint64_t>::max());
        CHECK(std::get<std::uint64_t>(back.attributes.at("seed")) == 18446744073709551557ULL);
        CHECK(std::get<std::int64_t>(back.attributes.at("offset")) == -42);
    }
}

TEST_CASE("results: an empty dataset and large attributes round-trip", "[results]") {
    TempDir dir;
    r::Dataset empty;
    r::write(dir.file("empty.h5"), empty, false);
    CHECK(r::read(dir.file("empty.h5")) == empty);

    // Text beyond HDF5's 64 KiB attribute-header limit (a long scenario file).
    r::Dataset big;
    big.attributes["scenario"] = std::string(300000, 'x');
    big.attributes["nan"] = std::nan("");
    r::write(dir.file("big.h5"), big, false);
    const auto back = r::read(dir.file("big.h5"));
    CHECK(std::get<std::string>(back.attributes.at("scenario")).size() == 300000);
    CHECK(std::isnan(std::get<double>(back.attributes.at("nan"))));
}

TEST_CASE("results: a large variable is chunked and round-trips", "[results]") {
    TempDir dir;
    r::Dataset ds;
    ds.dims = {{.name = "a", .size = 300}, {.name = "b", .size = 1000}};
    std::vector<double> values(300 * 1000);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = std::sin(static_cast<double>(i));
    ds.variables = {{.name = "v", .dims = {"a", "b"}, .data = values}};
    r::write(dir.file("large.h5"), ds, false);
    require_same(ds, r::read(dir.file("large.h5")));
}

TEST_CASE("results: two writes of the same dataset are byte-identical", "[results]") {
    TempDir dir;
    const auto ds = sample_dataset();
    r::write(dir.file("a.h5"), ds, false);
    r::write(dir.file("b.h5"), ds, false);
    CHECK(file_bytes(dir.file("a.h5")) == file_bytes(dir.file("b.h5")));

    // Read and rewritten (as merge and resume will): still the same bytes.
    r::write(dir.file("c.h5"), r::read(dir.file("a.h5")), false);
    CHECK(file_bytes(dir.file("a.h5")) == file_bytes(dir.file("c.h5")));
}

TEST_CASE("results: invalid datasets are refused before anything is written", "[results]") {
    TempDir dir;
    const auto path = dir.file("bad.h5");
    const auto refused = [&](const r::Dataset& ds, const std::string& fragment) {
        INFO("expecting an error containing: " << fragment);
        CHECK_THROWS_WITH(r::write(path, ds, false),
                          Catch::Contains(path) && Catch::Contains(fragment));
        CHECK_FALSE(exists(path));
        CHECK_FALSE(exists(path + ".partial"));
    };
    auto ds = sample_dataset();
    SECTION("wrong element count") {
        std::get<std::vector<double>>(ds.variables[0].data).pop_back();
        refused(ds, "has 29 elements but its dimensions need 30");
    }
    SECTION("undefined dimension") {
        ds.variables[0].dims[1] = "nowhere";
        refused(ds, "undefined dimension 'nowhere'");
    }
    SECTION("duplicate name") {
        ds.variables[1].name = "warning";
        refused(ds, "already used");
    }
    SECTION("both values and labels") {
        ds.dims[0].labels = {"a", "b", "c"};
        refused(ds, "both values and labels");
    }
    SECTION("size disagreeing with the coordinate") {
        ds.dims[0].size = 7;
        refused(ds, "has size 7 but 3 coordinate entries");
    }
    SECTION("units on a dimension without coordinate") {
        ds.dims[3].units = "1";
        refused(ds, "no coordinate values");
    }
    SECTION("reserved attribute names") {
        ds.attributes["_FillValue"] = 0.0;
        refused(ds, "reserved");
    }
    SECTION("units given twice") {
        ds.variables[0].attributes["units"] = std::string("m");
        refused(ds, "use the units field");
    }
    SECTION("a slash in a name") {
        ds.variables[0].name = "a/b";
        refused(ds, "may not contain '/'");
    }
    SECTION("a NUL in text") {
        ds.attributes["model"] = std::string("a\0b", 3);
        refused(ds, "NUL");
    }
}

TEST_CASE("results: reading a missing or foreign file names it", "[results]") {
    TempDir dir;
    CHECK_THROWS_AS(r::read(dir.file("missing.h5")), r::ResultsError);
    CHECK_THROWS_WITH(r::read(dir.file("missing.h5")),
                      Catch::Contains("missing.h5") && Catch::Contains("cannot open"));
    std::ofstream(dir.file("text.h5")) << "not HDF5\n";
    CHECK_THROWS_WITH(r::read(dir.file("text.h5")), Catch::Contains("text.h5"));
    try {
        r::read(dir.file("text.h5"));
    } catch (const r::ResultsError& e) {
        CHECK(e.path() == dir.file("text.h5"));
    }
}
