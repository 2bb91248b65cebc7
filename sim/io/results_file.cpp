#include "io/results_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <mutex>
#include <set>
#include <system_error>
#include <type_traits>
#include <utility>

namespace detsim::results {
namespace {

// ---------------------------------------------------------------- errors and handles

// Internal failure; write() and read() prefix the path and rethrow it as ResultsError.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) { throw Failure(what); }

[[noreturn]] void fail_errno(const std::string& what) {
    fail(what + ": " + std::generic_category().message(errno));
}

herr_t collect_error(unsigned, const H5E_error2_t* err, void* out) {
    auto* messages = static_cast<std::vector<std::string>*>(out);
    try {
        if (messages->size() < 3 && err->desc != nullptr && *err->desc != '\0')
            messages->emplace_back(err->desc);
    } catch (...) {
        return -1;
    }
    return 0;
}

// The innermost entries of HDF5's error stack name the cause (errno text, missing filter...).
[[noreturn]] void fail_hdf5(const std::string& what) {
    std::vector<std::string> messages;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, collect_error, &messages);
    std::string detail;
    for (const auto& m : messages) detail += (detail.empty() ? "" : "; ") + m;
    std::replace(detail.begin(), detail.end(), '\n', ' ');
    fail(what + " (HDF5: " + (detail.empty() ? "no detail" : detail) + ")");
}

hid_t check_id(hid_t id, const std::string& what) {
    if (id < 0) fail_hdf5(what);
    return id;
}

void check(herr_t rc, const std::string& what) {
    if (rc < 0) fail_hdf5(what);
}

// HDF5 prints its error stack to stderr by default; we report it in the exception instead.
class QuietErrors {
public:
    QuietErrors() {
        H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    }
    ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    H5E_auto2_t func_ = nullptr;
    void* data_ = nullptr;
};

// Serial HDF5 is not thread-safe; one file operation at a time in this process.
std::mutex& hdf5_mutex() {
    static std::mutex m;
    return m;
}

// Owns an HDF5 id; closes it (ignoring errors) unless close() was called and checked.
class Handle {
public:
    using Closer = herr_t (*)(hid_t);
    Handle() = default;
    Handle(hid_t id, Closer closer, const std::string& what) : id_(check_id(id, what)), closer_(closer) {}
    Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, -1)), closer_(o.closer_) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, -1);
            closer_ = o.closer_;
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }

    hid_t get() const { return id_; }
    herr_t close() { return id_ < 0 ? 0 : closer_(std::exchange(id_, -1)); }

private:
    void reset() {
        if (id_ >= 0) closer_(std::exchange(id_, -1));
    }
    hid_t id_ = -1;
    Closer closer_ = nullptr;
};

Handle property_list(hid_t cls, const char* what) { return {H5Pcreate(cls), H5Pclose, what}; }

Handle utf8_string_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
    check(H5Tset_size(t.get(), H5T_VARIABLE), "cannot make a string type");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "cannot make a string type");
    return t;
}

// File (little-endian, fixed) and memory types of each numeric element type.
template <class T> struct H5Type;
template <> struct H5Type<double> {
    static hid_t file() { return H5T_IEEE_F64LE; }
    static hid_t memory() { return H5T_NATIVE_DOUBLE; }
};
template <> struct H5Type<std::uint64_t> {
    static hid_t file() { return H5T_STD_U64LE; }
    static hid_t memory() { return H5T_NATIVE_UINT64; }
};
template <> struct H5Type<std::int64_t> {
    static hid_t file() { return H5T_STD_I64LE; }
    static hid_t memory() { return H5T_NATIVE_INT64; }
};
template <> struct H5Type<std::int32_t> {
    static hid_t file() { return H5T_STD_I32LE; }
    static hid_t memory() { return H5T_NATIVE_INT32; }
};
template <> struct H5Type<std::uint8_t> {
    static hid_t file() { return H5T_STD_U8LE; }
    static hid_t memory() { return H5T_NATIVE_UINT8; }
};

template <class... F> struct Overloaded : F... {
    using F::operator()...;
};
template <class... F> Overloaded(F...) -> Overloaded<F...>;

// netCDF-C's marker for a dimension that has no coordinate variable.
constexpr std::string_view kNoCoordinate = "This is a netCDF dimension but not a netCDF variable.";

// ---------------------------------------------------------------- validation

bool reserved_attribute(const std::string& name) {
    return name.starts_with('_') || name == "CLASS" || name == "NAME" ||
           name == "DIMENSION_LIST" || name == "REFERENCE_LIST";
}

void check_text(const std::string& text, const std::string& what) {
    if (text.find('\0') != std::string::npos) fail(what + " contains a NUL character");
}

void check_name(const std::string& name, const std::string& what) {
    if (name.empty()) fail(what + " has an empty name");
    if (name.find('/') != std::string::npos || name == ".")
        fail(what + " '" + name + "': names may not contain '/' or be '.'");
    check_text(name, what + " name");
}

void check_attributes(const Attributes& attributes, const std::string& owner, bool has_fields) {
    for (const auto& [name, value] : attributes) {
        const std::string what = "attribute '" + name + "' of " + owner;
        check_name(name, "an attribute of " + owner);
        if (reserved_attribute(name)) fail(what + ": the name is reserved by netCDF/HDF5");
        if (has_fields && (name == "units" || name == "long_name"))
            fail(what + ": use the " + name + " field instead");
        if (const auto* s = std::get_if<std::string>(&value)) check_text(*s, what);
    }
}

std::size_t element_count(const Data& data) {
    return std::visit([](const auto& v) { return v.size(); }, data);
}

void validate(const Dataset& ds) {
    std::map<std::string, std::size_t> lengths;
    for (const auto& d : ds.dims) {
        const std::string what = "dimension '" + d.name + "'";
        check_name(d.name, "a dimension");
        if (!lengths.emplace(d.name, length(d)).second) fail(what + " is defined twice");
        if (!d.values.empty() && !d.labels.empty()) fail(what + " has both values and labels");
        const bool coordinate = !d.values.empty() || !d.labels.empty();
        if (coordinate && d.size != 0 && d.size != length(d))
            fail(what + " has size " + std::to_string(d.size) + " but " +
                 std::to_string(length(d)) + " coordinate entries");
        if (!coordinate && (!d.units.empty() || !d.long_name.empty() || !d.attributes.empty()))
            fail(what + " has no coordinate values, so it cannot have units or attributes");
        check_text(d.units, what + " units");
        check_text(d.long_name, what + " long_name");
        for (const auto& label : d.labels) check_text(label, what + " label");
        check_attributes(d.attributes, what, true);
    }
    std::set<std::string> names;
    for (const auto& v : ds.variables) {
        const std::string what = "variable '" + v.name + "'";
        check_name(v.name, "a variable");
        if (lengths.count(v.name) != 0 || !names.insert(v.name).second)
            fail(what + ": the name is already used by another variable or dimension");
        std::size_t count = 1;
        for (const auto& dim : v.dims) {
            const auto it = lengths.find(dim);
            if (it == lengths.end()) fail(what + " uses an undefined dimension '" + dim + "'");
            if (it->second != 0 && count > std::numeric_limits<std::size_t>::max() / 8 / it->second)
                fail(what + " is too large");
            count *= it->second;
        }
        if (element_count(v.data) != count)
            fail(what + " has " + std::to_string(element_count(v.data)) +
                 " elements but its dimensions need " + std::to_string(count));
        if (const auto* s = std::get_if<std::vector<std::string>>(&v.data))
            for (const auto& text : *s) check_text(text, what + " data");
        check_text(v.units, what + " units");
        check_text(v.long_name, what + " long_name");
        check_attributes(v.attributes, what, true);
    }
    check_attributes(ds.attributes, "the root group", false);
}

// ---------------------------------------------------------------- writing

void write_attribute(hid_t owner, const std::string& name, const AttributeValue& value,
                     const std::string& what) {
    const std::string fail_what = "cannot write attribute '" + name + "' of " + what;
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, fail_what);
    std::visit(Overloaded{
                   [&](const std::string& text) {
                       const Handle type = utf8_string_type();
                       Handle a(H5Acreate2(owner, name.c_str(), type.get(), space.get(),
                                           H5P_DEFAULT, H5P_DEFAULT),
                                H5Aclose, fail_what);
                       const char* p = text.c_str();
                       check(H5Awrite(a.get(), type.get(), &p), fail_what);
                       check(a.close(), fail_what);
                   },
                   [&](const auto& number) {
                       using T = std::decay_t<decltype(number)>;
                       Handle a(H5Acreate2(owner, name.c_str(), H5Type<T>::file(), space.get(),
                                           H5P_DEFAULT, H5P_DEFAULT),
                                H5Aclose, fail_what);
                       check(H5Awrite(a.get(), H5Type<T>::memory(), &number), fail_what);
                       check(a.close(), fail_what);
                   }},
               value);
}

void write_attributes(hid_t owner, const std::string& units, const std::string& long_name,
                      const Attributes& attributes, const std::string& what) {
    if (!units.empty()) write_attribute(owner, "units", units, what);
    if (!long_name.empty()) write_attribute(owner, "long_name", long_name, what);
    for (const auto& [name, value] : attributes) write_attribute(owner, name, value, what);
}

// Deterministic chunk shape (a function of shape and type only, so merged and single-run
// files agree): halve the longest axis until a chunk holds at most 1 MiB.
std::vector<hsize_t> chunk_shape(std::vector<hsize_t> chunk, std::size_t element_size) {
    constexpr std::size_t kTarget = std::size_t{1} << 20;
    const auto bytes = [&] {
        std::size_t n = element_size;
        for (const auto c : chunk) n *= c;
        return n;
    };
    while (bytes() > kTarget) {
        auto longest = std::max_element(chunk.begin(), chunk.end());
        *longest = (*longest + 1) / 2;
    }
    return chunk;
}

// Creates a dataset; numeric data with elements is chunked with shuffle + deflate(4).
// Strings stay contiguous: compressing heap references gains nothing.
Handle create_dataset(hid_t file, const std::string& name, hid_t type,
                      const std::vector<hsize_t>& shape, bool compress, const std::string& what) {
    const std::string fail_what = "cannot create " + what;
    Handle dcpl = property_list(H5P_DATASET_CREATE, "cannot create a property list");
    check(H5Pset_obj_track_times(dcpl.get(), 0), fail_what);
    check(H5Pset_attr_creation_order(dcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          fail_what);
    std::size_t count = 1;
    for (const auto n : shape) count *= n;
    if (compress && !shape.empty() && count > 0) {
        const auto chunk = chunk_shape(shape, H5Tget_size(type));
        check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), fail_what);
        check(H5Pset_shuffle(dcpl.get()), fail_what);
        check(H5Pset_deflate(dcpl.get(), 4), fail_what);
    }
    Handle space = shape.empty()
                       ? Handle(H5Screate(H5S_SCALAR), H5Sclose, fail_what)
                       : Handle(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                                H5Sclose, fail_what);
    return {H5Dcreate2(file, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
            H5Dclose, fail_what};
}

Handle write_data(hid_t file, const std::string& name, const std::vector<hsize_t>& shape,
                  const Data& data, const std::string& what) {
    const std::string fail_what = "cannot write " + what;
    return std::visit(
        Overloaded{
            [&](const std::vector<std::string>& texts) {
                const Handle type = utf8_string_type();
                Handle d = create_dataset(file, name, type.get(), shape, false, what);
                std::vector<const char*> pointers;
                pointers.reserve(texts.size());
                for (const auto& t : texts) pointers.push_back(t.c_str());
                if (!pointers.empty())
                    check(H5Dwrite(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                   pointers.data()),
                          fail_what);
                return d;
            },
            [&](const auto& numbers) {
                using T = typename std::decay_t<decltype(numbers)>::value_type;
                Handle d = create_dataset(file, name, H5Type<T>::file(), shape, true, what);
                if (!numbers.empty())
                    check(H5Dwrite(d.get(), H5Type<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                   numbers.data()),
                          fail_what);
                return d;
            }},
        data);
}

// A dimension is a dimension scale: its coordinate variable, or netCDF's placeholder (float,
// never written, so it takes no space) whose NAME carries the marker and the length.
Handle write_dimension(hid_t file, const Dimension& dim) {
    const std::string what = "dimension '" + dim.name + "'";
    const std::vector<hsize_t> shape{length(dim)};
    Handle d;
    std::string scale_name = dim.name;
    if (!dim.labels.empty()) {
        d = write_data(file, dim.name, shape, dim.labels, what);
    } else if (!dim.values.empty()) {
        d = write_data(file, dim.name, shape, dim.values, what);
    } else {
        d = create_dataset(file, dim.name, H5T_IEEE_F32BE, shape, false, what);
        char size_text[32];
        std::snprintf(size_text, sizeof size_text, "%10zu", dim.size);
        scale_name = std::string(kNoCoordinate) + size_text;
    }
    check(H5DSset_scale(d.get(), scale_name.c_str()), "cannot make " + what + " a dimension scale");
    write_attributes(d.get(), dim.units, dim.long_name, dim.attributes, what);
    return d;
}

void write_variable(hid_t file, const Variable& var, const std::map<std::string, Handle>& scales,
                    const std::vector<Dimension>& dims) {
    const std::string what = "variable '" + var.name + "'";
    std::vector<hsize_t> shape;
    for (const auto& name : var.dims)
        shape.push_back(length(*std::find_if(dims.begin(), dims.end(),
                                             [&](const Dimension& d) { return d.name == name; })));
    Handle d = write_data(file, var.name, shape, var.data, what);
    for (unsigned axis = 0; axis < var.dims.size(); ++axis)
        check(H5DSattach_scale(d.get(), scales.at(var.dims[axis]).get(), axis),
              "cannot attach dimension '" + var.dims[axis] + "' to " + what);
    write_attributes(d.get(), var.units, var.long_name, var.attributes, what);
    check(d.close(), "cannot close " + what);
}

// Builds the file in memory (HDF5's core driver) and returns its bytes. HDF5 never touches the
// disk: after a failed write (disk full) HDF5 1.10 keeps the file open and crashes at exit, so
// all disk I/O is ours, with plain errno errors.
std::vector<char> build_image(const Dataset& ds) {
    const std::string what = "cannot build the file in memory";
    // Creation order is tracked so that netCDF tools can append; times off for identical bytes.
    Handle fcpl = property_list(H5P_FILE_CREATE, what.c_str());
    check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
    check(H5Pset_attr_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), what);
    check(H5Pset_obj_track_times(fcpl.get(), 0), what);
    Handle fapl = property_list(H5P_FILE_ACCESS, what.c_str());
    check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_EARLIEST, H5F_LIBVER_V18), what);
    check(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG), what);
    check(H5Pset_fapl_core(fapl.get(), std::size_t{1} << 20, false), what);
    Handle file(H5Fcreate("detsim-results-image", H5F_ACC_TRUNC, fcpl.get(), fapl.get()), H5Fclose, what);
    {
        std::map<std::string, Handle> scales;
        for (const auto& dim : ds.dims) scales.emplace(dim.name, write_dimension(file.get(), dim));
        for (const auto& var : ds.variables) write_variable(file.get(), var, scales, ds.dims);
        write_attributes(file.get(), "", "", ds.attributes, "the root group");
        for (auto& [name, scale] : scales) check(scale.close(), "cannot close dimension '" + name + "'");
    }
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), what);
    const ssize_t size = H5Fget_file_image(file.get(), nullptr, 0);
    if (size < 0) fail_hdf5(what);
    std::vector<char> image(static_cast<std::size_t>(size));
    if (H5Fget_file_image(file.get(), image.data(), image.size()) != size) fail_hdf5(what);
    check(file.close(), what);
    return image;
}

// ---------------------------------------------------------------- publishing atomically

// Writes and syncs the whole file; the error names the file and errno's reason.
void write_file(const std::string& file_path, const std::vector<char>& bytes) {
    const int fd = ::open(file_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) fail_errno("cannot create '" + file_path + "'");
    const char* failed_step = nullptr;
    int err = 0;
    for (std::size_t done = 0; done < bytes.size() && failed_step == nullptr;) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0)
            done += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EINTR)
            failed_step = "write", err = errno;
    }
    if (failed_step == nullptr && ::fsync(fd) != 0) failed_step = "sync", err = errno;
    if (::close(fd) != 0 && failed_step == nullptr) failed_step = "close", err = errno;  // NFS reports late
    errno = err;
    if (failed_step != nullptr) fail_errno(std::string("cannot ") + failed_step + " '" + file_path + "'");
}

// Best effort: makes the rename durable; some file systems cannot sync directories.
void sync_parent_directory(const std::string& file_path) {
    std::string dir = std::filesystem::path(file_path).parent_path().string();
    if (dir.empty()) dir = ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool exists(const std::string& file_path) {
    struct stat st {};
    return ::lstat(file_path.c_str(), &st) == 0;
}

constexpr const char* kExists = "already exists; refusing to overwrite it";

void publish(const std::string& partial, const std::string& file_path, bool overwrite) {
    const std::string what = "cannot rename '" + partial + "' to '" + file_path + "'";
    if (!overwrite) {
        // Refuse atomically where the file system can; otherwise check, then rename.
        if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, file_path.c_str(), RENAME_NOREPLACE) == 0)
            return;
        if (errno == EEXIST) fail(kExists);
        if (errno != EINVAL && errno != ENOSYS) fail_errno(what);
        if (exists(file_path)) fail(kExists);
    }
    if (std::rename(partial.c_str(), file_path.c_str()) != 0) fail_errno(what);
}

// ---------------------------------------------------------------- reading

// Reads n strings (variable- or fixed-length) from a dataset or an attribute.
std::vector<std::string> read_strings(hid_t obj, bool is_attribute, hid_t file_type, hid_t space,
                                      std::size_t n, const std::string& what) {
    const std::string fail_what = "cannot read " + what;
    std::vector<std::string> out;
    out.reserve(n);
    const auto read = [&](hid_t memtype, void* buf) {
        return is_attribute ? H5Aread(obj, memtype, buf)
                            : H5Dread(obj, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
    };
    const htri_t variable = H5Tis_variable_str(file_type);
    check(variable, fail_what);
    Handle memtype(H5Tcopy(H5T_C_S1), H5Tclose, fail_what);
    check(H5Tset_cset(memtype.get(), H5Tget_cset(file_type)), fail_what);
    if (variable > 0) {
        check(H5Tset_size(memtype.get(), H5T_VARIABLE), fail_what);
        std::vector<char*> buf(n, nullptr);
        if (n > 0) check(read(memtype.get(), buf.data()), fail_what);
        for (const char* s : buf) out.emplace_back(s != nullptr ? s : "");
#if H5_VERSION_GE(1, 12, 0)
        if (n > 0) H5Treclaim(memtype.get(), space, H5P_DEFAULT, buf.data());
#else
        if (n > 0) H5Dvlen_reclaim(memtype.get(), space, H5P_DEFAULT, buf.data());
#endif
    } else {
        const std::size_t size = H5Tget_size(file_type) + 1;  // room for the terminator
        check(H5Tset_size(memtype.get(), size), fail_what);
        check(H5Tset_strpad(memtype.get(), H5T_STR_NULLTERM), fail_what);
        std::vector<char> buf(n * size, '\0');
        if (n > 0) check(read(memtype.get(), buf.data()), fail_what);
        for (std::size_t i = 0; i < n; ++i) out.emplace_back(buf.data() + i * size);
    }
    return out;
}

AttributeValue read_attribute(hid_t owner, const std::string& name, const std::string& owner_what) {
    const std::string what = "attribute '" + name + "' of " + owner_what;
    const std::string fail_what = "cannot read " + what;
    Handle a(H5Aopen(owner, name.c_str(), H5P_DEFAULT), H5Aclose, fail_what);
    Handle type(H5Aget_type(a.get()), H5Tclose, fail_what);
    Handle space(H5Aget_space(a.get()), H5Sclose, fail_what);
    if (H5Sget_simple_extent_npoints(space.get()) != 1)
        fail(what + " holds several values; only single values are supported");
    switch (H5Tget_class(type.get())) {
    case H5T_STRING:
        return read_strings(a.get(), true, type.get(), space.get(), 1, what).front();
    case H5T_FLOAT: {
        double v = 0;
        check(H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v), fail_what);
        return v;
    }
    case H5T_INTEGER:
        if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
            std::uint64_t v = 0;
            check(H5Aread(a.get(), H5T_NATIVE_UINT64, &v), fail_what);
            return v;
        } else {
            std::int64_t v = 0;
            check(H5Aread(a.get(), H5T_NATIVE_INT64, &v), fail_what);
            return v;
        }
    default:
        fail(what + " has an unsupported type");
    }
}

herr_t collect_attribute_name(hid_t, const char* name, const H5A_info_t*, void* out) {
    try {
        static_cast<std::vector<std::string>*>(out)->emplace_back(name);
    } catch (...) {
        return -1;
    }
    return 0;
}

// Reads attributes, moving units and long_name into their fields when they are text.
Attributes read_attributes(hid_t owner, std::string* units, std::string* long_name,
                           const std::string& what) {
    std::vector<std::string> names;
    check(H5Aiterate2(owner, H5_INDEX_NAME, H5_ITER_INC, nullptr, collect_attribute_name, &names),
          "cannot list the attributes of " + what);
    Attributes out;
    for (const auto& name : names) {
        if (reserved_attribute(name)) continue;
        AttributeValue value = read_attribute(owner, name, what);
        auto* text = std::get_if<std::string>(&value);
        if (text != nullptr && units != nullptr && name == "units")
            *units = std::move(*text);
        else if (text != nullptr && long_name != nullptr && name == "long_name")
            *long_name = std::move(*text);
        else
            out.emplace(name, std::move(value));
    }
    return out;
}

template <class T> std::vector<T> read_numbers(hid_t d, std::size_t n, const std::string& what) {
    std::vector<T> out(n);
    if (n > 0)
        check(H5Dread(d, H5Type<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
              "cannot read " + what);
    return out;
}

// A dataset's stored bytes lie inside the file; a damaged chunk index can claim gigabytes, which
// libhdf5 would try to allocate before reading them.
void check_storage_fits_file(hid_t d, const std::string& what) {
    Handle file(H5Iget_file_id(d), H5Fclose, "cannot read " + what);
    hsize_t file_size = 0;
    check(H5Fget_filesize(file.get(), &file_size), "cannot read the size of the file holding " + what);
    const hsize_t stored = H5Dget_storage_size(d);
    if (stored > file_size)
        fail(what + " is damaged: its data claim " + std::to_string(stored) + " bytes in a file of " +
             std::to_string(file_size) + " bytes");
}

Data read_data(hid_t d, const std::string& what) {
    check_storage_fits_file(d, what);
    Handle type(H5Dget_type(d), H5Tclose, "cannot read " + what);
    Handle space(H5Dget_space(d), H5Sclose, "cannot read " + what);
    const hssize_t points = H5Sget_simple_extent_npoints(space.get());
    if (points < 0) fail_hdf5("cannot read the shape of " + what);
    const auto n = static_cast<std::size_t>(points);
    const std::size_t size = H5Tget_size(type.get());
    const bool is_unsigned = H5Tget_sign(type.get()) == H5T_SGN_NONE;
    switch (H5Tget_class(type.get())) {
    case H5T_FLOAT:
        return read_numbers<double>(d, n, what);
    case H5T_STRING:
        return read_strings(d, false, type.get(), space.get(), n, what);
    case H5T_INTEGER:
        if (is_unsigned && size == 8) return read_numbers<std::uint64_t>(d, n, what);
        if (!is_unsigned && size == 4) return read_numbers<std::int32_t>(d, n, what);
        if (is_unsigned && size == 1) return read_numbers<std::uint8_t>(d, n, what);
        fail(what + " has an unsupported integer type (" + std::to_string(size) + " bytes, " +
             (is_unsigned ? "unsigned" : "signed") + ")");
    default:
        fail(what + " has an unsupported type");
    }
}

std::vector<hsize_t> read_shape(hid_t d, const std::string& what) {
    Handle space(H5Dget_space(d), H5Sclose, "cannot read the shape of " + what);
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) fail_hdf5("cannot read the shape of " + what);
    std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
    if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr),
                        "cannot read the shape of " + what);
    return shape;
}

Dimension read_dimension(hid_t d, const std::string& name) {
    const std::string what = "dimension '" + name + "'";
    Dimension dim;
    dim.name = name;
    const auto shape = read_shape(d, what);
    if (shape.size() != 1) fail(what + " is not one-dimensional");
    dim.size = shape[0];
    std::string scale_name(1024, '\0');
    const ssize_t len = H5DSget_scale_name(d, scale_name.data(), scale_name.size());
    scale_name.resize(len > 0 ? std::min<std::size_t>(static_cast<std::size_t>(len), 1023) : 0);
    if (scale_name.starts_with(kNoCoordinate)) return dim;
    Handle type(H5Dget_type(d), H5Tclose, "cannot read " + what);
    Handle space(H5Dget_space(d), H5Sclose, "cannot read " + what);
    switch (H5Tget_class(type.get())) {
    case H5T_STRING:
        dim.labels = read_strings(d, false, type.get(), space.get(), dim.size, what);
        break;
    case H5T_INTEGER:
    case H5T_FLOAT:  // numeric coordinates of any stored type come back as doubles
        dim.values = read_numbers<double>(d, dim.size, what);
        break;
    default:
        fail(what + " has an unsupported type");
    }
    dim.attributes = read_attributes(d, &dim.units, &dim.long_name, what);
    return dim;
}

herr_t collect_scale_name(hid_t, unsigned, hid_t scale, void* out) {
    try {
        std::string name(1024, '\0');
        const ssize_t len = H5Iget_name(scale, name.data(), name.size());
        if (len <= 0) return -1;
        name.resize(std::min<std::size_t>(static_cast<std::size_t>(len), 1023));
        *static_cast<std::string*>(out) = name.substr(name.rfind('/') + 1);
    } catch (...) {
        return -1;
    }
    return 1;  // the first scale on an axis names its dimension
}

Variable read_variable(hid_t d, const std::string& name) {
    const std::string what = "variable '" + name + "'";
    Variable var;
    var.name = name;
    const auto shape = read_shape(d, what);
    for (unsigned axis = 0; axis < shape.size(); ++axis) {
        std::string dim;
        int first_scale = 0;
        if (H5DSiterate_scales(d, axis, &first_scale, collect_scale_name, &dim) <= 0 || dim.empty())
            fail(what + ": axis " + std::to_string(axis) + " has no dimension scale");
        var.dims.push_back(std::move(dim));
    }
    var.data = read_data(d, what);
    var.attributes = read_attributes(d, &var.units, &var.long_name, what);
    return var;
}

Dataset read_hdf5(const std::string& file_path) {
    // errno's short reason, rather than HDF5's long one, for the common case.
    if (::access(file_path.c_str(), R_OK) != 0) fail_errno("cannot open it");
    Handle file(H5Fopen(file_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose,
                "cannot open it as an HDF5 file");
    // Creation order where the root group indexes it (ours does), else name order. (An opened
    // file's creation property list does not report it; the root group's does.)
    Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose, "cannot open the root group");
    Handle gcpl(H5Gget_create_plist(root.get()), H5Pclose, "cannot read the root group's properties");
    unsigned order_flags = 0;
    check(H5Pget_link_creation_order(gcpl.get(), &order_flags), "cannot read the root group's properties");
    const H5_index_t index = (order_flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    H5G_info_t info{};
    check(H5Gget_info(file.get(), &info), "cannot list the root group");
    Dataset ds;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const auto name_into = [&](char* buf, std::size_t size) {
            const ssize_t len = H5Lget_name_by_idx(file.get(), ".", index, H5_ITER_INC, i, buf, size, H5P_DEFAULT);
            if (len < 0) fail_hdf5("cannot list the root group");
            return static_cast<std::size_t>(len);
        };
        std::string name(name_into(nullptr, 0) + 1, '\0');
        name.resize(name_into(name.data(), name.size()));
        Handle obj(H5Oopen(file.get(), name.c_str(), H5P_DEFAULT), H5Oclose, "cannot open '" + name + "'");
        if (H5Iget_type(obj.get()) != H5I_DATASET)
            fail("'" + name + "' is not a dataset; groups and named types are not supported");
        const htri_t scale = H5DSis_scale(obj.get());
        check(scale, "cannot inspect '" + name + "'");
        if (scale > 0)
            ds.dims.push_back(read_dimension(obj.get(), name));
        else
            ds.variables.push_back(read_variable(obj.get(), name));
    }
    ds.attributes = read_attributes(file.get(), nullptr, nullptr, "the root group");
    return ds;
}

}  // namespace

// ---------------------------------------------------------------- public

ResultsError::ResultsError(const std::string& path, const std::string& what)
    : std::runtime_error("results file '" + path + "': " + what), path_(path) {}

std::size_t length(const Dimension& dim) {
    if (!dim.values.empty()) return dim.values.size();
    if (!dim.labels.empty()) return dim.labels.size();
    return dim.size;
}

const Dimension* Dataset::find_dimension(std::string_view name) const {
    const auto it = std::find_if(dims.begin(), dims.end(), [&](const Dimension& d) { return d.name == name; });
    return it == dims.end() ? nullptr : &*it;
}

const Variable* Dataset::find_variable(std::string_view name) const {
    const auto it = std::find_if(variables.begin(), variables.end(),
                                 [&](const Variable& v) { return v.name == name; });
    return it == variables.end() ? nullptr : &*it;
}

void write(const std::string& path, const Dataset& ds, bool overwrite) {
    try {
        validate(ds);
    } catch (const Failure& e) {
        throw ResultsError(path, e.what());
    }
    if (!overwrite && exists(path)) throw ResultsError(path, kExists);

    std::vector<char> image;
    {
        const std::lock_guard lock(hdf5_mutex());
        const QuietErrors quiet;
        try {
            image = build_image(ds);
        } catch (const Failure& e) {
            throw ResultsError(path, e.what());
        }
    }
    const std::string partial = path + ".partial";
    // Any failure, including bad_alloc, removes the partial file.
    struct RemovePartial {
        const std::string& file;
        bool armed = true;
        ~RemovePartial() {
            if (armed) ::unlink(file.c_str());
        }
    } remove_partial{partial};
    try {
        write_file(partial, image);
        publish(partial, path, overwrite);
    } catch (const Failure& e) {
        throw ResultsError(path, e.what());
    }
    remove_partial.armed = false;
    sync_parent_directory(path);
}

Dataset read(const std::string& path) {
    const std::lock_guard lock(hdf5_mutex());
    const QuietErrors quiet;
    try {
        return read_hdf5(path);
    } catch (const Failure& e) {
        throw ResultsError(path, e.what());
    }
}

}  // namespace detsim::results
