#pragma once
// Labelled results files: HDF5 laid out as netCDF-4, so that xarray.open_dataset reads them as a
// dataset with named dimensions and coordinates. Generic: knows nothing of the game model.
#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace detsim::results {

// Integers are kept apart from doubles so that 64-bit seeds and counts survive exactly.
using AttributeValue = std::variant<std::string, double, std::int64_t, std::uint64_t>;
// Written in name order. Names beginning with '_' are netCDF's and are refused (and not read);
// so are the dimension-scale names CLASS, NAME, DIMENSION_LIST and REFERENCE_LIST.
using Attributes = std::map<std::string, AttributeValue>;

struct Dimension {
    std::string name{};
    std::string units{}, long_name{};   // written when non-empty; need a coordinate
    std::vector<double> values{};       // numeric coordinate, or
    std::vector<std::string> labels{};  // string coordinate (e.g. outcome names), or neither:
    std::size_t size = 0;               // length; with a coordinate, 0 or the coordinate's length
    Attributes attributes{};            // extra coordinate attributes; need a coordinate
    bool operator==(const Dimension&) const = default;  // NaN != NaN, as usual
};

// Row-major (C order) over the variable's dims; one element when dims is empty (a scalar).
using Data = std::variant<std::vector<double>, std::vector<std::uint64_t>,
                          std::vector<std::int32_t>, std::vector<std::uint8_t>,
                          std::vector<std::string>>;

struct Variable {
    std::string name{};
    std::vector<std::string> dims{};  // names of Dataset::dims, outermost first
    std::string units{}, long_name{}; // written when non-empty; "units"/"long_name" keys refused
    Data data{};
    Attributes attributes{};
    bool operator==(const Variable&) const = default;
};

struct Dataset {
    std::vector<Dimension> dims{};      // file order is this order
    std::vector<Variable> variables{};  // names distinct from each other and from dims
    Attributes attributes{};            // root (global) attributes
    bool operator==(const Dataset&) const = default;

    const Dimension* find_dimension(std::string_view name) const;
    const Variable* find_variable(std::string_view name) const;
};

// The dimension's length: its coordinate's length, else `size`.
std::size_t length(const Dimension& dim);

class ResultsError : public std::runtime_error {
public:
    ResultsError(const std::string& path, const std::string& what);
    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

// Builds the file in memory (about its compressed size), writes and syncs PATH.partial, then
// renames it to PATH: a reader sees the whole file or none.
// Refuses an existing PATH unless `overwrite`. On failure removes PATH.partial and throws
// ResultsError. Two writes of the same Dataset give byte-identical files.
// With the default SIGXFSZ action a file-size limit (ulimit -f) kills the process instead;
// programs should ignore SIGXFSZ so that it becomes a ResultsError.
void write(const std::string& path, const Dataset& ds, bool overwrite);

// Reads a file written by write() (or a netCDF-4 file with the same features): dims and
// variables in creation order, each Dimension's size filled in. Throws ResultsError.
Dataset read(const std::string& path);

}  // namespace detsim::results
